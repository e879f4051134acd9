import { Module } from '@nestjs/common';
import { MailPort } from './mail.port.js';
import { SmtpMailer } from './smtp.mailer.js';

/** Provides {@link MailPort}; import it where a service sends mail. */
@Module({ providers: [{ provide: MailPort, useClass: SmtpMailer }], exports: [MailPort] })
export class MailModule {}
