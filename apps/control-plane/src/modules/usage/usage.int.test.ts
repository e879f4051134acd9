import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../../../test/test-app.js';

let t: TestApp;
let owner: TestClient;
let tenantId: string;
let otherTenantId: string;

const minute = (iso: string) => new Date(iso);

beforeAll(async () => {
  t = await startTestApp();
  owner = t.client();
  ({ tenantId } = await owner.signup('usage'));
  ({ tenantId: otherTenantId } = await t.client().signup('usage-other'));
  const row = (
    tenant: string,
    apiId: string,
    at: string,
    statusClass: number,
    calls: number,
    keyId = 'key_a',
  ) => ({
    tenantId: tenant,
    apiId,
    keyId,
    routeId: 'rte_a',
    minute: minute(at),
    statusClass,
    calls,
  });
  await t.db.prisma.usageRollup.createMany({
    data: [
      row(tenantId, 'api_a', '2026-01-01T10:00:00Z', 2, 5),
      row(tenantId, 'api_a', '2026-01-01T10:00:00Z', 5, 1),
      row(tenantId, 'api_a', '2026-01-01T10:00:00Z', 2, 2, 'key_b'),
      row(tenantId, 'api_b', '2026-01-01T10:00:00Z', 4, 3),
      row(tenantId, 'api_a', '2026-01-01T10:02:00Z', 2, 7),
      row(tenantId, 'api_a', '2026-01-01T11:30:00Z', 2, 11),
      row(tenantId, '', '2026-01-01T10:01:00Z', 4, 4, ''),
      row(otherTenantId, 'api_x', '2026-01-01T10:00:00Z', 2, 1000),
    ],
  });
});
afterAll(async () => {
  await t?.close();
});

describe('usage', () => {
  it('usage-query.ok: sums calls and errors per minute, the empty minutes as zeros', async () => {
    const response = await owner.get(
      `/v1/tenants/${tenantId}/usage?from=2026-01-01T10:00:00Z&to=2026-01-01T10:04:00Z&granularity=minute`,
    );
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toEqual([
      { start: '2026-01-01T10:00:00.000Z', calls: 11, errors: 4 },
      { start: '2026-01-01T10:01:00.000Z', calls: 4, errors: 4 },
      { start: '2026-01-01T10:02:00.000Z', calls: 7, errors: 0 },
      { start: '2026-01-01T10:03:00.000Z', calls: 0, errors: 0 },
    ]);
  });

  it('usage-query.ok: one API, by hour', async () => {
    const response = await owner.get(
      `/v1/tenants/${tenantId}/usage?apiId=api_a&from=2026-01-01T10:00:00Z&to=2026-01-01T12:00:00Z&granularity=hour`,
    );
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toEqual([
      { start: '2026-01-01T10:00:00.000Z', calls: 15, errors: 1 },
      { start: '2026-01-01T11:00:00.000Z', calls: 11, errors: 0 },
    ]);
  });

  it('usage-query.ok: defaults to the last 60 minutes by minute', async () => {
    const response = await owner.get(`/v1/tenants/${tenantId}/usage`);
    expect(response.statusCode).toBe(200);
    const data = response.json().data as Array<{ start: string; calls: number }>;
    expect(data.length).toBeGreaterThanOrEqual(60);
    expect(data.length).toBeLessThanOrEqual(61);
    expect(data.every((b) => b.calls === 0)).toBe(true);
  });

  it('usage-query.invalid: unknown parameters, bad times and reversed windows are 422', async () => {
    for (const query of [
      'foo=1',
      'from=yesterday',
      'granularity=week',
      'from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z',
    ]) {
      const response = await owner.get(`/v1/tenants/${tenantId}/usage?${query}`);
      expect(response.statusCode, query).toBe(422);
      expect(response.json().code).toBe('validation_failed');
    }
  });
});
