import { randomFillSync } from 'node:crypto';

/** Every id carries a prefix naming its kind, so a stray id in a log says what it is. */
export const idPrefixes = {
  user: 'usr',
  session: 'ses',
  personalAccessToken: 'pat',
  tenant: 'tnt',
  membership: 'mem',
  invitation: 'ivt',
  api: 'api',
  route: 'rte',
  upstreamTarget: 'ups',
  signingSecret: 'sgs',
  plan: 'pln',
  planVersion: 'plv',
  consumer: 'con',
  consumerAccount: 'cac',
  subscription: 'sub',
  key: 'key',
  invoice: 'inv',
  invoiceLine: 'inl',
  configVersion: 'cfg',
  auditEvent: 'aud',
  webhookEndpoint: 'whe',
  webhookDelivery: 'whd',
  webhookDeliveryAttempt: 'wha',
  alert: 'alr',
  customDomain: 'dom',
  request: 'req',
  event: 'evt',
  batch: 'bat',
  reconciliationFinding: 'rcf',
} as const;

export type IdKind = keyof typeof idPrefixes;

const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

// Random bytes drawn from a pooled buffer: one getrandom call per 256 ids instead of one per
// id (the gateway makes two ids per request).
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function randomChunk(size: number): Buffer {
  if (poolOffset + size > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const chunk = pool.subarray(poolOffset, poolOffset + size);
  poolOffset += size;
  return chunk;
}

/** A new id: prefix, then 10 chars of time (sortable), then 16 random chars, Crockford base32. */
export function newId(kind: IdKind): string {
  let time = Date.now();
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = alphabet[time % 32] + head;
    time = Math.floor(time / 32);
  }
  const bytes = randomChunk(16);
  let tail = '';
  for (const byte of bytes) tail += alphabet[byte % 32];
  return `${idPrefixes[kind]}_${head}${tail}`;
}
