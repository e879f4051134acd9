import type { RecordedRequest } from './replay.js';

/**
 * The hand-built sample both dry-run tests replay: 30 requests of one tenant under a plan of
 * 10/min (burst 10), against a candidate that lowers route `/items/{id}` to 5/min (burst 5)
 * and removes route `/legacy`. Counted by hand (GCRA, T = 6 s then 12 s):
 * - A: 12 calls of /items, 1 s apart. Live: 11 admitted, the 12th refused (6 s × 11 - 11 s > 54 s).
 *   Candidate: 5 admitted, 7 refused. Changed: calls 6..11, 200 → 429 (the 12th was 429 already).
 * - B: 8 calls of /items, 2.5 s apart. Live: all admitted. Candidate: 6 admitted, the last 2
 *   refused. Changed: 2, 200 → 429.
 * - C: 6 calls of /legacy, 10 s apart, all 200. Candidate: 404. Changed: 6, 200 → 404.
 * - 2 calls without a valid key (401 at authenticate) and 2 of an unknown path (404): unchanged.
 * So 14 of 30 change: "8 requests from 2 consumers would have got 429 instead of 200" and
 * "6 requests from 1 consumer would have got 404 instead of 200".
 */
export interface SampleIds {
  tenantSlug: string;
  apiId: string;
  itemsRouteId: string;
  legacyRouteId: string;
  consumers: Record<'a' | 'b' | 'c', { consumerId: string; subscriptionId: string }>;
}

export function dryRunSample(ids: SampleIds, startMs: number): RecordedRequest[] {
  const base = {
    apiVersion: null,
    apiId: ids.apiId,
    environment: 'live' as const,
    clientIp: '198.51.100.7',
    denyCode: null,
    denyStage: null,
    method: 'GET',
  };
  const caller = (who: 'a' | 'b' | 'c') => ({
    keyId: `key_sample_${who}`,
    consumerId: ids.consumers[who].consumerId,
    subscriptionId: ids.consumers[who].subscriptionId,
  });
  const items = `/t/${ids.tenantSlug}/echo/items/42`;
  const rows: RecordedRequest[] = [];
  for (let i = 0; i < 12; i++) {
    rows.push({
      ...base,
      ...caller('a'),
      requestId: `req_sample_a${i}`,
      atMs: startMs + i * 1_000,
      path: items,
      routeId: ids.itemsRouteId,
      status: i === 11 ? 429 : 200,
      ...(i === 11 ? { denyCode: 'rate_limited', denyStage: 'limit' } : {}),
    });
  }
  for (let i = 0; i < 8; i++) {
    rows.push({
      ...base,
      ...caller('b'),
      requestId: `req_sample_b${i}`,
      atMs: startMs + 300_000 + i * 2_500,
      path: items,
      routeId: ids.itemsRouteId,
      status: 200,
    });
  }
  for (let i = 0; i < 6; i++) {
    rows.push({
      ...base,
      ...caller('c'),
      requestId: `req_sample_c${i}`,
      atMs: startMs + 600_000 + i * 10_000,
      path: `/t/${ids.tenantSlug}/echo/legacy`,
      routeId: ids.legacyRouteId,
      status: 200,
    });
  }
  for (let i = 0; i < 2; i++) {
    rows.push({
      ...base,
      keyId: null,
      consumerId: null,
      subscriptionId: null,
      environment: null,
      requestId: `req_sample_nokey${i}`,
      atMs: startMs + 700_000 + i,
      path: items,
      routeId: ids.itemsRouteId,
      status: 401,
      denyCode: 'invalid_key',
      denyStage: 'authenticate',
    });
    rows.push({
      ...base,
      apiId: null,
      keyId: null,
      consumerId: null,
      subscriptionId: null,
      environment: null,
      requestId: `req_sample_nope${i}`,
      atMs: startMs + 800_000 + i,
      path: `/t/${ids.tenantSlug}/echo/nope`,
      routeId: null,
      status: 404,
      denyCode: 'route_not_found',
      denyStage: 'resolve',
    });
  }
  return rows;
}
