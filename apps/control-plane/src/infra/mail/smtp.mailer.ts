import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type { Env } from '../../env.js';
import { ENV } from '../tokens.js';
import { type MailMessage, MailPort } from './mail.port.js';

/** {@link MailPort} over SMTP (`SMTP_URL`), one pooled connection per process. */
@Injectable()
export class SmtpMailer extends MailPort implements OnApplicationShutdown {
  private readonly transport: Transporter;
  private readonly from: string;

  constructor(@Inject(ENV) env: Pick<Env, 'SMTP_URL' | 'MAIL_FROM'>) {
    super();
    this.from = env.MAIL_FROM;
    this.transport = createTransport({
      url: env.SMTP_URL,
      // A slow or absent mail server must not hold requests for nodemailer's 2-minute defaults.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
    });
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
