import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { bullPrefix, newId, notificationsQueue } from '@tollgate/contracts';
import type { PrismaClient } from '@tollgate/db';
import { SecretBox } from '@tollgate/secrets';
import {
  createTestDatabase,
  createTestRedisPrefix,
  type SmtpSink,
  startSmtpSink,
  type TestDatabase,
  type TestRedisPrefix,
} from '@tollgate/testing';
import { generateWebhookSecret, webhookSecretContext } from '@tollgate/webhooks';
import { Worker } from 'bullmq';
import { createNotifications, type Notifications } from '../alerts/notifications.wiring.js';
import { loadEnv, type WorkerEnv } from '../env.js';
import { createJobProcessor, type JobHandlers } from '../jobs/job-processor.js';
import { createLogger } from '../logger.js';

/** One request the receiver got: raw body text and headers, as a real endpoint would read them. */
export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** A local webhook endpoint whose answers the test scripts (`answers` is consumed in order, then 200). */
export interface Receiver {
  url: string;
  received: Received[];
  answers: Array<{ status: number; body: string }>;
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const answers: Receiver['answers'] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      });
      const answer = answers.shift() ?? { status: 200, body: '{"ok":true}' };
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('receiver: no address');
  return {
    url: `http://127.0.0.1:${address.port}/hooks`,
    received,
    answers,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`receiver: ${received.length} of ${count} requests`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface NotificationsHarness {
  env: WorkerEnv;
  prisma: PrismaClient;
  box: SecretBox;
  sink: SmtpSink;
  notifications: Notifications;
  /** Creates an enabled endpoint with a sealed secret, as the control plane does; returns the secret. */
  createEndpoint(tenantId: string, url: string, events?: string[]): Promise<{ id: string; secret: string }>;
  close(): Promise<void>;
}

/**
 * The worker's notification wiring on a database, Redis prefix and SMTP sink of the test's own,
 * with a real BullMQ worker on the `notifications` queue (the app's processor) and retries spaced
 * `retryDelayMs` apart instead of minutes.
 */
export async function startNotificationsHarness(retryDelayMs = 200): Promise<NotificationsHarness> {
  const db: TestDatabase = await createTestDatabase();
  const redisPrefix: TestRedisPrefix = createTestRedisPrefix();
  const sink = await startSmtpSink();
  const masterKey = randomBytes(32);
  const env = loadEnv({
    DATABASE_URL: db.url,
    REDIS_URL: redisPrefix.redisUrl,
    REDIS_PREFIX: redisPrefix.prefix,
    SMTP_URL: sink.url,
    MASTER_KEY: masterKey.toString('base64'),
    MASTER_KEY_ID: 'mk-test',
    ALLOWED_PRIVATE_UPSTREAM_TENANTS: '*',
    LOG_LEVEL: 'silent',
  });
  const logger = createLogger('silent');
  const notifications = createNotifications(env, db.prisma, logger, {
    deliveryRetry: { attempts: 3, backoff: { type: 'exponential', delayMs: retryDelayMs } },
  });
  const worker = new Worker(
    notificationsQueue,
    createJobProcessor(notificationsQueue, notifications.handlers as JobHandlers, logger),
    {
      connection: { url: env.REDIS_URL, maxRetriesPerRequest: null },
      prefix: bullPrefix(env.REDIS_PREFIX),
      concurrency: 4,
    },
  );
  await worker.waitUntilReady();
  const box = new SecretBox({ kid: 'mk-test', key: masterKey });
  return {
    env,
    prisma: db.prisma,
    box,
    sink,
    notifications,
    async createEndpoint(tenantId, url, events = ['*']) {
      const id = newId('webhookEndpoint');
      const secret = generateWebhookSecret();
      await db.prisma.webhookEndpoint.create({
        data: {
          id,
          tenantId,
          url,
          events,
          secretEncrypted: JSON.stringify(box.seal(secret, webhookSecretContext(id))),
        },
      });
      return { id, secret };
    },
    async close() {
      await worker.close();
      await notifications.close();
      await sink.close();
      await redisPrefix.cleanup();
      await db.drop();
    },
  };
}
