import { randomBytes } from 'node:crypto';

/** The body of every delivery: one event, as JSON. */
export interface WebhookEvent<Data = Record<string, unknown>> {
  /** `evt_…`, the same on every retry and redelivery: de-duplicate on it. */
  id: string;
  /** `<domain>.<what happened>`, e.g. `usage.threshold_crossed`. */
  type: string;
  /** ISO 8601, when the event happened (not when it was delivered). */
  createdAt: string;
  tenantId: string;
  data: Data;
}

/** Every event type Tollgate sends; an endpoint subscribes to some of them or to `*`. */
export const webhookEventTypes = [
  'usage.threshold_crossed',
  'usage.threshold_resolved',
  'usage.reconciliation_mismatch',
  'webhook.test',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** Secrets are `whsec_` and 32 random bytes (base64url): shown once when made. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** What a sealed endpoint secret is bound to (SecretBox context): moved to another row, it will not open. */
export function webhookSecretContext(endpointId: string): string {
  return `${endpointId}:webhook-signing`;
}
