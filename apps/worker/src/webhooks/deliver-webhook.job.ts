import { type SealedSecret, sealedSecretSchema, type webhookDeliverJob } from '@tollgate/contracts';
import type { SecretBox } from '@tollgate/secrets';
import { signWebhook, webhookHeaders, webhookSecretContext } from '@tollgate/webhooks';
import type { JobHandler } from '../jobs/job-processor.js';
import { postWebhook } from './post-webhook.js';
import type { DeliveryToSend, WebhookDeliveriesRepository } from './webhook-deliveries.repository.js';

/** How automatic tries are spaced: the same numbers BullMQ is given (the job catalog's entry). */
export interface DeliveryRetryPolicy {
  attempts: number;
  backoff: { type: 'exponential' | 'fixed'; delayMs: number };
}

export interface DeliverWebhookJobOptions {
  repository: WebhookDeliveriesRepository;
  /** Null without MASTER_KEY: deliveries then fail with `no_master_key`. */
  secrets: SecretBox | null;
  retry: DeliveryRetryPolicy;
  /** `ALLOWED_PRIVATE_UPSTREAM_TENANTS`: tenant slugs (or `*`) whose endpoints may be private addresses. */
  allowPrivateTenants: readonly string[];
  timeoutMs?: number;
  excerptBytes?: number;
  now?: () => number;
}

export interface DeliverResult {
  deliveryId: string;
  outcome: 'succeeded' | 'retrying' | 'failed' | 'skipped';
  attempt?: number;
  status?: number | null;
}

/** Thrown after a failed try that BullMQ should retry (its message lands in the job's `failedReason`). */
export class DeliveryRetryError extends Error {
  override name = 'DeliveryRetryError';
}

/** Delay before automatic try `n + 1`, after try `n` failed (BullMQ's own formula). */
export function retryDelayMs(policy: DeliveryRetryPolicy, failedTry: number): number {
  return policy.backoff.type === 'fixed'
    ? policy.backoff.delayMs
    : policy.backoff.delayMs * 2 ** (failedTry - 1);
}

/**
 * `webhooks.deliver`: one signed POST of a delivery's event to its endpoint, written to the
 * delivery log (status, body excerpt, duration). A 2xx answer succeeds; anything else is retried
 * by BullMQ with backoff until the policy's last try, after which the delivery is `failed` (a
 * member can redeliver it by hand: one try, `manual`).
 */
export function createDeliverWebhookJob(
  options: DeliverWebhookJobOptions,
): JobHandler<typeof webhookDeliverJob> {
  const now = options.now ?? Date.now;
  return async (payload, { attempt: jobTry, logger }): Promise<DeliverResult> => {
    const delivery = await options.repository.findToSend(payload.deliveryId);
    // Gone with its endpoint, or already delivered (a duplicate job): nothing to do.
    if (!delivery || (delivery.status === 'succeeded' && !payload.manual)) {
      return { deliveryId: payload.deliveryId, outcome: 'skipped' };
    }
    if (!delivery.endpoint.enabled) {
      await options.repository.fail(delivery.id, 'endpoint_disabled', new Date(now()));
      return { deliveryId: delivery.id, outcome: 'failed' };
    }
    const secrets = openSecrets(options.secrets, delivery, now());
    if (!secrets) {
      logger.error(
        { deliveryId: delivery.id },
        'webhook secret cannot be opened (MASTER_KEY missing or wrong)',
      );
      await options.repository.fail(delivery.id, 'no_master_key', new Date(now()));
      return { deliveryId: delivery.id, outcome: 'failed' };
    }

    const attempt = await options.repository.nextAttemptNumber(delivery.id);
    const body = JSON.stringify(delivery.payload);
    const result = await postWebhook({
      url: delivery.endpoint.url,
      body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Tollgate-Webhooks/1',
        [webhookHeaders.signature]: signWebhook(body, secrets, Math.floor(now() / 1000)),
        [webhookHeaders.eventId]: delivery.eventId,
        [webhookHeaders.eventType]: delivery.eventType,
        [webhookHeaders.deliveryId]: delivery.id,
        [webhookHeaders.attempt]: String(attempt),
      },
      allowPrivate: mayUsePrivate(options.allowPrivateTenants, delivery.endpoint.tenantSlug),
      timeoutMs: options.timeoutMs ?? 10_000,
      excerptBytes: options.excerptBytes ?? 1_024,
    });
    const succeeded = result.status !== null && result.status >= 200 && result.status < 300;
    // A manual try is one try; an automatic one is retried until the policy's last.
    const retries = !succeeded && !payload.manual && jobTry < options.retry.attempts;
    const at = new Date(now());
    await options.repository.recordAttempt(delivery, {
      attempt,
      manual: payload.manual,
      succeeded,
      responseStatus: result.status,
      responseBodyExcerpt: result.bodyExcerpt,
      error: succeeded ? null : (result.error ?? `status ${result.status}`),
      durationMs: result.durationMs,
      at,
      nextAttemptAt: retries ? new Date(at.getTime() + retryDelayMs(options.retry, jobTry)) : null,
    });
    const summary = {
      deliveryId: delivery.id,
      eventType: delivery.eventType,
      attempt,
      status: result.status,
    };
    if (succeeded) {
      logger.info({ ...summary, durationMs: result.durationMs }, 'webhook delivered');
      return { deliveryId: delivery.id, outcome: 'succeeded', attempt, status: result.status };
    }
    if (retries) {
      logger.warn({ ...summary, error: result.error }, 'webhook delivery failed; will retry');
      throw new DeliveryRetryError(
        `delivery ${delivery.id} try ${attempt}: ${result.error ?? result.status}`,
      );
    }
    logger.error({ ...summary, error: result.error }, 'webhook delivery failed for good');
    return { deliveryId: delivery.id, outcome: 'failed', attempt, status: result.status };
  };
}

/** The current secret, then the previous one while its rotation grace runs; null when they cannot be opened. */
function openSecrets(box: SecretBox | null, delivery: DeliveryToSend, nowMs: number): string[] | null {
  if (!box) return null;
  const context = webhookSecretContext(delivery.endpoint.id);
  const open = (text: string) =>
    box.openString(sealedSecretSchema.parse(JSON.parse(text)) as SealedSecret, context);
  try {
    const secrets = [open(delivery.endpoint.secretEncrypted)];
    const { previousSecretEncrypted, previousSecretExpiresAt } = delivery.endpoint;
    if (previousSecretEncrypted && previousSecretExpiresAt && previousSecretExpiresAt.getTime() > nowMs) {
      secrets.push(open(previousSecretEncrypted));
    }
    return secrets;
  } catch {
    return null;
  }
}

function mayUsePrivate(allowed: readonly string[], slug: string): boolean {
  return allowed.includes('*') || allowed.includes(slug);
}
