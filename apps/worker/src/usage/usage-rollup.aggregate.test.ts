import type { UsageEvent } from '@tollgate/contracts';
import { latencyBucketOf as bucketOf } from '@tollgate/contracts';
import { describe, expect, it } from 'vitest';
import { aggregateUsage, minuteOf, statusClassOf } from './usage-rollup.aggregate.js';

const minute = Date.UTC(2026, 10, 23, 12, 30);

function event(overrides: Partial<UsageEvent> = {}): UsageEvent {
  return {
    id: 'evt_1',
    requestId: 'req_1',
    timestamp: minute + 1_000,
    tenantId: 'tnt_a',
    apiId: 'api_a',
    routeId: 'rte_a',
    keyId: 'key_a',
    consumerId: 'con_a',
    subscriptionId: 'sub_a',
    environment: 'live',
    method: 'GET',
    path: '/echo',
    status: 200,
    latencyMs: 10,
    denyCode: null,
    quotaCounted: true,
    billable: true,
    ...overrides,
  };
}

describe('aggregateUsage', () => {
  it('sums events of one key, minute and status class into one row', () => {
    const rows = aggregateUsage([
      event({ latencyMs: 10 }),
      event({ timestamp: minute + 59_999, status: 204, latencyMs: 2.5, billable: false }),
    ]);
    expect(rows).toEqual([
      {
        tenantId: 'tnt_a',
        apiId: 'api_a',
        keyId: 'key_a',
        routeId: 'rte_a',
        subscriptionId: 'sub_a',
        minuteMs: minute,
        statusClass: 2,
        calls: 2,
        billableCalls: 1,
        quotaCalls: 2,
        deniedCalls: 0,
        latencyMsSum: 12.5,
        latencyBuckets: [bucketOf(2.5), bucketOf(10)],
        latencyCounts: [1, 1],
      },
    ]);
  });

  it('adds latencies of one bucket into one histogram count', () => {
    const [row] = aggregateUsage([
      event({ latencyMs: 10 }),
      event({ latencyMs: 10.2 }),
      event({ latencyMs: 300 }),
    ]);
    expect(row).toMatchObject({ latencyBuckets: [bucketOf(10), bucketOf(300)], latencyCounts: [2, 1] });
  });

  it('counts late events as calls but never as billable or quota calls', () => {
    const late = event({ id: 'evt_late' });
    const [row] = aggregateUsage([event(), late], { isLate: (e) => e.id === 'evt_late' });
    expect(row).toMatchObject({ calls: 2, billableCalls: 1, quotaCalls: 1 });
  });

  it('splits rows by minute, status class, key, route, api and tenant', () => {
    const rows = aggregateUsage([
      event(),
      event({ timestamp: minute + 60_000 }),
      event({ status: 404 }),
      event({ keyId: 'key_b' }),
      event({ routeId: 'rte_b' }),
      event({ apiId: 'api_b' }),
      event({ tenantId: 'tnt_b' }),
    ]);
    expect(rows).toHaveLength(7);
    expect(rows.every((row) => row.calls === 1)).toBe(true);
  });

  it('maps unknown ids to empty strings and counts denials', () => {
    const [row] = aggregateUsage([
      event({
        apiId: null,
        routeId: null,
        keyId: null,
        subscriptionId: null,
        status: 401,
        denyCode: 'invalid_key',
        quotaCounted: false,
        billable: false,
      }),
    ]);
    expect(row).toMatchObject({ apiId: '', routeId: '', keyId: '', subscriptionId: '', statusClass: 4 });
    expect(row).toMatchObject({ calls: 1, deniedCalls: 1, billableCalls: 0, quotaCalls: 0 });
  });

  it('returns rows in one stable order whatever the event order', () => {
    const events = [
      event({ keyId: 'key_c' }),
      event({ keyId: 'key_a' }),
      event({ keyId: 'key_b', status: 500 }),
    ];
    expect(aggregateUsage(events)).toEqual(aggregateUsage([...events].reverse()));
  });
});

describe('minuteOf and statusClassOf', () => {
  it('floors to the minute and to the hundreds digit', () => {
    expect(minuteOf(minute + 59_999)).toBe(minute);
    expect(statusClassOf(503)).toBe(5);
    expect(statusClassOf(299)).toBe(2);
  });
});
