import { newId, type UsageBatch, type UsageEvent } from '@tollgate/contracts';

/**
 * Test data only (excluded from the build). Events are stamped a little in the past, so
 * they are never late (period end + 1 h grace), never in the future, and inside the
 * request log's retention whatever day the tests run.
 */
export const testMinuteMs = Math.floor((Date.now() - 10 * 60_000) / 60_000) * 60_000;

export function usageEvent(overrides: Partial<UsageEvent> = {}): UsageEvent {
  return {
    id: newId('event'),
    requestId: newId('request'),
    timestamp: testMinuteMs + 1_000,
    tenantId: 'tnt_test',
    apiId: 'api_test',
    routeId: 'rte_test',
    keyId: 'key_test',
    consumerId: 'con_test',
    subscriptionId: 'sub_test',
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

export function usageBatch(events: UsageEvent[]): UsageBatch {
  return { batchId: newId('batch'), gatewayId: 'gw_test', events };
}
