/** One plain-text mail. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/**
 * The app's one way out to mail. Services depend on this class (a DI token), never on SMTP:
 * production sends through {@link SmtpMailer}; development and tests point it at the local SMTP sink.
 */
export abstract class MailPort {
  abstract send(message: MailMessage): Promise<void>;
}
