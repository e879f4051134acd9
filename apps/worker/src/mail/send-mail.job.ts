import type { mailSendJob } from '@tollgate/contracts';
import type { JobHandler } from '../jobs/job-processor.js';
import type { Mailer } from './smtp-mailer.js';

/** `mail.send`: one plain-text mail; a failure is retried by BullMQ (the catalog's backoff). */
export function createSendMailJob(mailer: Mailer): JobHandler<typeof mailSendJob> {
  return async (message, { logger }) => {
    await mailer.send(message);
    // The subject only: addresses and bodies stay out of the logs.
    logger.info({ subject: message.subject }, 'mail sent');
    return { sent: true };
  };
}
