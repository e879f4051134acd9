import type { MailSendPayload } from '@tollgate/contracts';
import { createTransport, type Transporter } from 'nodemailer';

export interface Mailer {
  send(message: MailSendPayload): Promise<void>;
  close(): void;
}

/** Plain-text mail over SMTP (`SMTP_URL`: the local sink in development and tests), one pooled transport. */
export function createSmtpMailer(options: { smtpUrl: string; from: string }): Mailer {
  const transport: Transporter = createTransport({
    url: options.smtpUrl,
    // A slow mail server must fail the job (and let BullMQ retry it), not hold it for minutes.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(message) {
      await transport.sendMail({ from: options.from, ...message });
    },
    close: () => transport.close(),
  };
}
