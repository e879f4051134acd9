import { type UsageEvent, usageEventSchema } from '@tollgate/contracts';
import { isAfterGrace, periodEndOf } from './billing-period.js';

/** Why an event of a batch was dead-lettered; stable codes. */
export const deadLetterReasons = {
  /** Fails the usage event contract. */
  invalidEvent: 'invalid_event',
  /** Stamped further in the future than any clock skew explains. */
  futureTimestamp: 'future_timestamp',
} as const;
export type DeadLetterReason = (typeof deadLetterReasons)[keyof typeof deadLetterReasons];

/** Gateways' clocks may run ahead a little; beyond this an event's time is not believed. */
export const maxFutureSkewMs = 3_600_000;

export interface DeadLetter {
  /** Index of the event in its batch. */
  position: number;
  eventId: string | null;
  reason: DeadLetterReason;
  /** Field paths and messages, never values. */
  detail: string;
  raw: unknown;
}

export interface LateEvent {
  event: UsageEvent;
  periodEndMs: number;
}

export interface ClassifiedBatch {
  /** Every event that is rolled up, late ones included. */
  events: UsageEvent[];
  /** Events whose period closed before the grace window ended: counted, never billed. */
  late: LateEvent[];
  deadLetters: DeadLetter[];
}

/**
 * Splits a batch's raw events into events to roll up (some of them late) and dead letters,
 * so one bad event does not hold back a whole batch.
 */
export function classifyBatchEvents(
  rawEvents: readonly unknown[],
  options: { nowMs: number; graceMs: number },
): ClassifiedBatch {
  const result: ClassifiedBatch = { events: [], late: [], deadLetters: [] };
  rawEvents.forEach((raw, position) => {
    const parsed = usageEventSchema.safeParse(raw);
    if (!parsed.success) {
      result.deadLetters.push({
        position,
        eventId: idOf(raw),
        reason: deadLetterReasons.invalidEvent,
        detail: parsed.error.issues
          .slice(0, 10)
          .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
          .join('; '),
        raw,
      });
      return;
    }
    const event = parsed.data;
    if (Object.values(event).some((value) => typeof value === 'string' && value.includes('\u0000'))) {
      // Postgres text cannot hold NUL: such an event would fail the whole batch on every retry.
      result.deadLetters.push({
        position,
        eventId: idOf(raw),
        reason: deadLetterReasons.invalidEvent,
        detail: 'a string contains a NUL character',
        raw,
      });
      return;
    }
    if (event.timestamp > options.nowMs + maxFutureSkewMs) {
      result.deadLetters.push({
        position,
        eventId: event.id,
        reason: deadLetterReasons.futureTimestamp,
        detail: `timestamp is ${Math.round((event.timestamp - options.nowMs) / 60_000)} min ahead of the worker's clock`,
        raw,
      });
      return;
    }
    result.events.push(event);
    if (isAfterGrace(event, options.nowMs, options.graceMs)) {
      result.late.push({ event, periodEndMs: periodEndOf(event) });
    }
  });
  return result;
}

function idOf(raw: unknown): string | null {
  const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id.slice(0, 200).replaceAll('\u0000', '\uFFFD') : null;
}

/** JSON of a raw event for a jsonb column: NUL (refused by jsonb) becomes U+FFFD. */
export function rawEventJson(raw: unknown): string {
  return JSON.stringify(raw ?? null, (_key, value: unknown) =>
    typeof value === 'string' ? value.replaceAll('\u0000', '\uFFFD') : value,
  );
}
