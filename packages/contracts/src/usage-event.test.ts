import { describe, expect, it } from 'vitest';
import { type UsageBatch, type UsageEvent, usageBatchSchema, usageEventSchema } from './usage-event.js';

function admitted(): UsageEvent {
  return {
    id: 'evt_1',
    requestId: 'req_1',
    timestamp: 1_795_000_000_000,
    tenantId: 'tnt_1',
    apiId: 'api_1',
    routeId: 'rte_1',
    keyId: 'key_1',
    consumerId: 'con_1',
    subscriptionId: 'sub_1',
    environment: 'live',
    method: 'GET',
    path: '/echo/users/1',
    status: 200,
    latencyMs: 3.25,
    denyCode: null,
    quotaCounted: true,
    billable: true,
  };
}

function denied(): UsageEvent {
  return {
    ...admitted(),
    id: 'evt_2',
    apiId: null,
    routeId: null,
    keyId: null,
    consumerId: null,
    subscriptionId: null,
    environment: null,
    status: 401,
    denyCode: 'invalid_key',
    quotaCounted: false,
    billable: false,
  };
}

describe('usageEventSchema', () => {
  it('ok: admitted and denied events', () => {
    expect(usageEventSchema.parse(admitted())).toEqual(admitted());
    expect(usageEventSchema.parse(denied())).toEqual(denied());
  });

  it('invalid: refuses each broken field', () => {
    const cases: Record<string, unknown>[] = [
      { status: 99 },
      { status: 600 },
      { status: 200.5 },
      { timestamp: -1 },
      { timestamp: 1.5 },
      { timestamp: '1795000000000' },
      { latencyMs: -0.1 },
      { environment: 'prod' },
      { quotaCounted: 'true' },
      { billable: undefined },
      { apiId: undefined },
      { id: undefined },
    ];
    for (const patch of cases) {
      expect(usageEventSchema.safeParse({ ...admitted(), ...patch }).success, JSON.stringify(patch)).toBe(
        false,
      );
    }
  });
});

describe('usageBatchSchema', () => {
  const batch: UsageBatch = { batchId: 'bat_1', gatewayId: 'gw-1', events: [admitted(), denied()] };

  it('ok: a batch of events survives a JSON round trip (BullMQ stores JSON)', () => {
    expect(usageBatchSchema.parse(JSON.parse(JSON.stringify(batch)))).toEqual(batch);
  });

  it('empty.invalid: a batch has at least one event', () => {
    expect(usageBatchSchema.safeParse({ ...batch, events: [] }).success).toBe(false);
  });

  it('invalid: missing batch id, missing gateway id, or one bad event', () => {
    expect(usageBatchSchema.safeParse({ gatewayId: 'gw-1', events: [admitted()] }).success).toBe(false);
    expect(usageBatchSchema.safeParse({ batchId: 'bat_1', events: [admitted()] }).success).toBe(false);
    expect(
      usageBatchSchema.safeParse({ ...batch, events: [admitted(), { ...denied(), status: 'x' }] }).success,
    ).toBe(false);
  });
});
