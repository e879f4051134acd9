import type { RateLimit } from '../snapshot/limits.js';

/**
 * The limit arithmetic the gateway's limit stage applies (its Redis script is the atomic,
 * shared copy of {@link gcraAdmit}), kept here so the release dry run replays recorded
 * traffic under the same rules.
 */

/** GCRA emission interval in ms: one request every T once the burst is spent. */
export function emissionIntervalMs(rate: Pick<RateLimit, 'limit' | 'windowSeconds'>): number {
  return (rate.windowSeconds * 1000) / rate.limit;
}

/**
 * One GCRA decision, as `limits/limit-script.ts` makes it: with `tat` the bucket's theoretical
 * arrival time (epoch ms, 0 when idle), a request at `nowMs` is admitted when
 * `max(tat, now) + T - T * burst <= now`. Returns the TAT to store when admitted (a denied
 * request changes nothing), so exactly `burst` requests pass from idle, then one every T.
 */
export function gcraAdmit(
  tat: number,
  nowMs: number,
  emissionMs: number,
  burst: number,
): { admitted: boolean; tat: number } {
  const next = Math.max(tat, nowMs) + emissionMs;
  const admitted = next - emissionMs * burst <= nowMs;
  return { admitted, tat: admitted ? storedTat(next) : tat };
}

/**
 * The TAT as the script stores it (`string.format('%.3f')`, read back with `tonumber`): to the µs.
 * With a T that is no whole number of µs (1000/3 ms) the exact sum would move the boundary.
 * `toFixed` and C's `%.3f` round alike: no double lies exactly halfway between two µs.
 */
function storedTat(tat: number): number {
  return Number(tat.toFixed(3));
}

/** The per-caller rate of a route: its override when it has one (null: none on the route), else the plan's. */
export function callerRate<R>(override: R | null | undefined, planRate: () => R | null): R | null {
  return override !== undefined ? override : planRate();
}

/** Calls per billing period a request counts against: the plan's, for live keys only (test keys never count). */
export function quotaFor(
  plan: { monthlyQuota: number | null } | null,
  environment: 'live' | 'test' | null,
): number | null {
  return plan !== null && environment === 'live' ? plan.monthlyQuota : null;
}
