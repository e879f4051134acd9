// The metering benchmark's traffic: one tenant, one API, 20 routes, 1,000 keys (one
// consumer and subscription each). Who calls what comes from a seeded PRNG, so every run
// sends the same sequence of keys, routes, statuses and latencies; only the timestamps are
// the wall clock (rollups are per minute of real time, as in production).

export const workload = {
  tenantId: 'tnt_bench_metering',
  apiId: 'api_bench_metering',
  keys: 1_000,
  routes: 20,
  batchSize: 1_000,
  /** Zipf exponent of key and route popularity: a few hot keys and routes, a long tail. */
  zipf: 1,
};

export const keyId = (k) => `key_bench_${String(k).padStart(4, '0')}`;
export const routeId = (r) => `rte_bench_${String(r).padStart(2, '0')}`;
export const subscriptionId = (k) => `sub_bench_${String(k).padStart(4, '0')}`;
const consumerId = (k) => `con_bench_${String(k).padStart(4, '0')}`;
const routePath = (r) => `/v1/resource-${r}`;

/** mulberry32: small, fast, good enough for picking traffic; same seed, same sequence. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws 0..n-1 with P(i) ∝ 1/(i+1)^s. */
function zipfSampler(n, s) {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += 1 / (i + 1) ** s;
    cdf[i] = total;
  }
  return (u) => {
    const target = u * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cdf[mid] ?? 0) < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/**
 * A gateway's batches, in order. Each batch is `batchSize` events of the second before
 * `nowMs()` (a gateway flushes about once a second). Statuses: 94% 2xx, 2% 429 (rate limited,
 * a denial), 3% other 4xx, 1% 5xx; latencies log-normal around 40 ms.
 */
export function createTraffic({ seed = 1, gatewayId = 'gw_bench', nowMs = Date.now, runId = 'run' } = {}) {
  const random = prng(seed);
  const pickKey = zipfSampler(workload.keys, workload.zipf);
  const pickRoute = zipfSampler(workload.routes, workload.zipf);
  let sequence = 0;
  let batchSequence = 0;
  return {
    /** The next batch; `extra` events (e.g. a latency probe) go first. */
    nextBatch(extra = []) {
      const now = nowMs();
      const events = [...extra];
      while (events.length < workload.batchSize) {
        const k = pickKey(random());
        const r = pickRoute(random());
        const roll = random();
        const status = roll < 0.94 ? 200 : roll < 0.96 ? 429 : roll < 0.99 ? 404 : 502;
        const denied = status === 429;
        const latencyMs = denied
          ? 0.2 + random()
          : Math.round(40 * Math.exp(0.6 * gaussian(random)) * 100) / 100;
        const n = sequence++;
        events.push({
          id: `evt_${runId}_${n.toString(36)}`,
          requestId: `req_${runId}_${n.toString(36)}`,
          timestamp: now - 1_000 + Math.floor(random() * 1_000),
          tenantId: workload.tenantId,
          apiId: workload.apiId,
          routeId: routeId(r),
          keyId: keyId(k),
          consumerId: consumerId(k),
          subscriptionId: subscriptionId(k),
          environment: 'live',
          method: 'GET',
          path: routePath(r),
          status,
          latencyMs,
          denyCode: denied ? 'rate_limited' : null,
          quotaCounted: !denied,
          billable: !denied && status !== 502,
        });
      }
      return { batchId: `bat_${runId}_${(batchSequence++).toString(36)}`, gatewayId, events };
    },
  };
}

/** A probe event: its own key id, so the moment its rollup row becomes visible can be seen. */
export function probeEvent(runId, n, nowMs = Date.now()) {
  return {
    id: `evt_${runId}_probe_${n}`,
    requestId: `req_${runId}_probe_${n}`,
    timestamp: nowMs,
    tenantId: workload.tenantId,
    apiId: workload.apiId,
    routeId: routeId(0),
    keyId: `key_probe_${runId}_${n}`,
    consumerId: null,
    subscriptionId: null,
    environment: 'live',
    method: 'GET',
    path: routePath(0),
    status: 200,
    latencyMs: 1,
    denyCode: null,
    quotaCounted: true,
    billable: true,
  };
}

function gaussian(random) {
  // Box–Muller; 1 - u keeps log() away from 0.
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
