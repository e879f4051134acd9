import type { UsageEvent } from '@tollgate/contracts';

/**
 * End of the billing period an event belongs to, epoch ms: the event's own `periodEnd`
 * when the gateway sent one (the subscription's period), else the end of the event's
 * calendar month, UTC.
 */
export function periodEndOf(event: Pick<UsageEvent, 'timestamp' | 'periodEnd'>): number {
  if (typeof event.periodEnd === 'number') return event.periodEnd;
  const at = new Date(event.timestamp);
  return Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1);
}

/** True when the event's period closed more than `graceMs` before `nowMs`: it can no longer be billed. */
export function isAfterGrace(
  event: Pick<UsageEvent, 'timestamp' | 'periodEnd'>,
  nowMs: number,
  graceMs: number,
): boolean {
  return nowMs > periodEndOf(event) + graceMs;
}
