import { hashKey, parseKey } from '@tollgate/keys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test-database.js';
import { createMembership, createUser } from './accounts.factory.js';
import { createRoute } from './apis.factory.js';
import { createKey, testKeyPepper } from './keys.factory.js';
import { createScenario } from './scenario.factory.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db.drop();
});

describe('factories', () => {
  it('factories.scenario.ok: builds tenant, API, plan, consumer, subscription and a working key', async () => {
    const s = await createScenario(db.prisma, {
      plan: { rateLimit: { limit: 10, windowSeconds: 1, burst: 5 }, monthlyQuota: 1000 },
    });
    expect(s.plan.planVersion.apiIds).toEqual([s.api.id]);
    expect(s.plan.planVersion.rateLimitBurst).toBe(5);
    expect(s.subscription.planVersionId).toBe(s.plan.planVersion.id);
    expect(s.subscription.tenantId).toBe(s.tenant.id);
    expect(parseKey(s.key.key)).toEqual({ environment: 'live' });
    const stored = await db.prisma.apiKey.findUnique({ where: { hash: hashKey(s.key.key, testKeyPepper) } });
    expect(stored?.id).toBe(s.key.apiKey.id);
    expect(stored?.consumerId).toBe(s.consumer.id);
  });

  it('factories.key.test-environment.ok: a test key is a tg_test_ key', async () => {
    const s = await createScenario(db.prisma);
    const created = await createKey(db.prisma, { subscriptionId: s.subscription.id, environment: 'test' });
    expect(created.key.startsWith('tg_test_')).toBe(true);
    expect(created.apiKey.environment).toBe('test');
  });

  it('factories.user-membership-route.ok: users, memberships and routes are written', async () => {
    const s = await createScenario(db.prisma);
    const user = await createUser(db.prisma);
    const membership = await createMembership(db.prisma, {
      userId: user.id,
      tenantId: s.tenant.id,
      role: 'finance',
    });
    const route = await createRoute(db.prisma, {
      apiId: s.api.id,
      method: 'GET',
      pathTemplate: '/forecast/{city}',
    });
    expect(membership.role).toBe('finance');
    expect(route.tenantId).toBe(s.tenant.id);
  });
});
