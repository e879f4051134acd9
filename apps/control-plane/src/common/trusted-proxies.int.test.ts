import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/test-app.js';

/** Signs up through a proxy that says the client is 203.0.113.7; returns the address the audit event recorded. */
async function recordedClientAddress(t: TestApp, slug: string): Promise<string | null> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/v1/auth/signup',
    remoteAddress: '127.0.0.1',
    headers: { 'x-forwarded-for': '203.0.113.7' },
    payload: {
      email: `${slug}@example.test`,
      password: 'correct horse battery',
      name: 'Ada',
      tenantName: slug,
      tenantSlug: slug,
    },
  });
  expect(response.statusCode).toBe(201);
  const event = await t.db.prisma.auditEvent.findFirstOrThrow({
    where: { action: 'tenant.created', tenantId: response.json().tenant.id },
  });
  return event.ip;
}

describe('CONTROL_PLANE_TRUSTED_PROXIES', () => {
  let direct: TestApp;
  let behindPortal: TestApp;

  beforeAll(async () => {
    direct = await startTestApp();
    behindPortal = await startTestApp({ CONTROL_PLANE_TRUSTED_PROXIES: '127.0.0.1/32, ::1' });
  });
  afterAll(async () => {
    await direct?.close();
    await behindPortal?.close();
  });

  it('ignores X-Forwarded-For by default: the socket address is the client', async () => {
    expect(await recordedClientAddress(direct, 'proxy-direct')).toBe('127.0.0.1');
  });

  it('believes X-Forwarded-For from a configured proxy (the portal)', async () => {
    expect(await recordedClientAddress(behindPortal, 'proxy-portal')).toBe('203.0.113.7');
  });
});
