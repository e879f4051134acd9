import {
  defaultToleranceSeconds,
  type SigningSecret,
  signTollgateBase,
  type VerifyResult,
  verifyTollgateBase,
} from '@tollgate/upstream-signature';

/**
 * The `Tollgate-Signature` header of a webhook: `t=<unix seconds>,v1=<hex HMAC-SHA256>` over
 * `t + "." + body` (the raw request body, byte for byte), keyed with the endpoint's signing
 * secret. While a secret rotates, one `v1=` per secret (newest first). A receiver accepts the
 * delivery when any `v1=` matches and `t` is within 300 seconds of its clock. The same scheme
 * as the gateway's upstream signature (one implementation). See docs/webhooks.md.
 */

/** Header names of a delivery (lower case, as Node reads them). */
export const webhookHeaders = {
  signature: 'tollgate-signature',
  /** The event id (`evt_…`): the same on every retry and redelivery, for de-duplication. */
  eventId: 'tollgate-event-id',
  eventType: 'tollgate-event-type',
  /** The delivery id (`whd_…`) and its attempt number, for support. */
  deliveryId: 'tollgate-delivery-id',
  attempt: 'tollgate-delivery-attempt',
} as const;

export const webhookToleranceSeconds = defaultToleranceSeconds;

export type { SigningSecret, VerifyResult };

/** What is signed: `t.body`. */
export function webhookSignatureBase(t: number, body: string): string {
  return `${t}.${body}`;
}

/** The header for `body`, one `v1=` per secret (the current one first). */
export function signWebhook(
  body: string,
  secrets: readonly SigningSecret[],
  nowSeconds: number = Math.floor(Date.now() / 1000),
): string {
  return signTollgateBase((t) => webhookSignatureBase(t, body), secrets, nowSeconds);
}

/**
 * Checks a delivery as received: `header` is `Tollgate-Signature`, `body` the raw body text (not
 * re-serialised JSON), `secrets` the endpoint secret(s) the receiver holds.
 */
export function verifyWebhook(
  header: string | null | undefined,
  body: string,
  secrets: readonly SigningSecret[],
  nowSeconds: number = Math.floor(Date.now() / 1000),
  toleranceSeconds: number = webhookToleranceSeconds,
): VerifyResult {
  return verifyTollgateBase(
    header,
    (t) => webhookSignatureBase(t, body),
    secrets,
    nowSeconds,
    toleranceSeconds,
  );
}
