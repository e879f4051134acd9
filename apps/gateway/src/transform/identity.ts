import type { KeyObject } from 'node:crypto';
import { signTollgateRequest } from '@tollgate/upstream-signature';

/** Who is calling, as the upstream is told. Unknown parts (anonymous routes) are `''`. */
export interface UpstreamIdentity {
  consumer: string;
  keyId: string;
  plan: string;
}

/**
 * Appends `Tollgate-Consumer`, `Tollgate-Key-Id`, `Tollgate-Plan` (when known) and, when the
 * API has signing keys, `Tollgate-Signature` over `t.method.path.consumer.keyId.plan`, where
 * `path` is exactly the path the upstream receives (after rewrite, without the query).
 */
export function appendIdentityHeaders(
  out: string[],
  identity: UpstreamIdentity,
  signingKeys: readonly KeyObject[] | null,
  method: string,
  upstreamPath: string,
  nowSeconds: number,
): void {
  if (identity.consumer !== '') out.push('Tollgate-Consumer', identity.consumer);
  if (identity.keyId !== '') out.push('Tollgate-Key-Id', identity.keyId);
  if (identity.plan !== '') out.push('Tollgate-Plan', identity.plan);
  if (signingKeys === null) return;
  out.push(
    'Tollgate-Signature',
    signTollgateRequest(
      { method, path: upstreamPath, consumer: identity.consumer, keyId: identity.keyId, plan: identity.plan },
      signingKeys,
      nowSeconds,
    ),
  );
}
