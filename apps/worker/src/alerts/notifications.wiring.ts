import {
  alertsEvaluateJob,
  bullPrefix,
  mailSendJob,
  notificationsQueue,
  usageRollupJob,
  webhookDeliverJob,
} from '@tollgate/contracts';
import type { PrismaClient } from '@tollgate/db';
import { secretBoxFromEnv } from '@tollgate/secrets';
import { Queue, type Worker } from 'bullmq';
import type { WorkerEnv } from '../env.js';
import { jobCatalog, jobOptions } from '../jobs/job-catalog.js';
import type { JobHandlers } from '../jobs/job-processor.js';
import type { Logger } from '../logger.js';
import { createSendMailJob } from '../mail/send-mail.job.js';
import { createSmtpMailer } from '../mail/smtp-mailer.js';
import { QuotaPeriodsRepository } from '../quota/quota-periods.repository.js';
import { createDeliverWebhookJob, type DeliveryRetryPolicy } from '../webhooks/deliver-webhook.job.js';
import { TenantEvents } from '../webhooks/tenant-events.js';
import { WebhookDeliveriesRepository } from '../webhooks/webhook-deliveries.repository.js';
import { AlertsRepository } from './alerts.repository.js';
import { createEvaluateAlertsJob } from './evaluate-alerts.job.js';

type NotificationJobs = typeof webhookDeliverJob | typeof mailSendJob | typeof alertsEvaluateJob;

export interface Notifications {
  /** Raise an event or alert: webhooks to the tenant's endpoints, mail when asked (see {@link TenantEvents}). */
  events: TenantEvents;
  handlers: Pick<JobHandlers, NotificationJobs>;
  /** Schedules `alerts.evaluate` every minute (idempotent across workers). */
  schedule(maintenance: Queue): Promise<void>;
  /** Evaluates alerts soon after usage batches are rolled up (at most one run queued per few seconds). */
  watchRollups(workers: Worker[], maintenance: Queue): void;
  close(): Promise<void>;
}

/** The worker's notification parts (webhook deliveries, mail, usage alerts), wired from its env. */
export function createNotifications(
  env: WorkerEnv,
  prisma: PrismaClient,
  logger: Logger,
  /** Tests space the retries in milliseconds rather than minutes. */
  overrides: { deliveryRetry?: DeliveryRetryPolicy } = {},
): Notifications {
  const queue = new Queue(notificationsQueue, {
    connection: { url: env.REDIS_URL, maxRetriesPerRequest: null },
    prefix: bullPrefix(env.REDIS_PREFIX),
  });
  const deliveries = new WebhookDeliveriesRepository(prisma);
  const definition = jobCatalog[webhookDeliverJob];
  const retry = overrides.deliveryRetry ?? { attempts: definition.attempts, backoff: definition.backoff };
  const events = new TenantEvents({
    prisma,
    repository: deliveries,
    queue,
    deliveryJobOptions: {
      ...jobOptions(webhookDeliverJob),
      attempts: retry.attempts,
      backoff: { type: retry.backoff.type, delay: retry.backoff.delayMs },
    },
  });
  const mailer = createSmtpMailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM });
  const masterKey = env.MASTER_KEY;
  if (masterKey === undefined)
    logger.warn('no MASTER_KEY: webhook deliveries will fail (their secrets cannot be opened)');
  return {
    events,
    handlers: {
      [webhookDeliverJob]: createDeliverWebhookJob({
        repository: deliveries,
        secrets: masterKey === undefined ? null : secretBoxFromEnv({ ...env, MASTER_KEY: masterKey }),
        retry,
        allowPrivateTenants: env.ALLOWED_PRIVATE_UPSTREAM_TENANTS,
      }),
      [mailSendJob]: createSendMailJob(mailer),
      [alertsEvaluateJob]: createEvaluateAlertsJob({
        prisma,
        repository: new AlertsRepository(prisma),
        periods: new QuotaPeriodsRepository(prisma),
        events,
        portalUrl: env.PORTAL_PUBLIC_URL,
      }),
    },
    async schedule(maintenance) {
      await maintenance.upsertJobScheduler(
        alertsEvaluateJob,
        { every: 60_000 },
        { name: alertsEvaluateJob, data: {}, opts: jobOptions(alertsEvaluateJob) },
      );
    },
    watchRollups(workers, maintenance) {
      const trigger = () =>
        maintenance
          .add(
            alertsEvaluateJob,
            {},
            {
              ...jobOptions(alertsEvaluateJob),
              delay: 2_000,
              deduplication: { id: alertsEvaluateJob, ttl: 5_000 },
            },
          )
          .catch((error: unknown) => logger.warn({ err: error }, 'could not queue an alert evaluation'));
      for (const worker of workers) {
        worker.on('completed', (job) => {
          if (job.name === usageRollupJob) void trigger();
        });
      }
    },
    async close() {
      await queue.close();
      mailer.close();
    },
  };
}
