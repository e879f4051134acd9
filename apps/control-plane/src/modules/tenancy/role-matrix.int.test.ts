import type { MembershipRole } from '@tollgate/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declaredRoutes, fillParams, routeKey, servedRoutes } from '../../../test/app-routes.js';
import { startTestApp, type TestApp, type TestClient } from '../../../test/test-app.js';
import { roleHas } from './permissions.js';

/**
 * The permission matrix, enforced: every role × every route under `/v1/tenants/:tenantId`
 * (read from Fastify's route table, so a new route is walked without editing this file).
 * A role the matrix denies gets 403 `forbidden`; a role it allows gets anything but 403
 * (a 404 for a made-up id or a 422 for an empty body still proves the permission check passed).
 */

const roles: MembershipRole[] = ['owner', 'admin', 'developer', 'finance', 'viewer'];
const tenantRoute = /^\/v1\/tenants\/:tenantId(\/|$)/;
const safe = new Set(['GET', 'HEAD', 'OPTIONS']);

let t: TestApp;
let tenantId: string;
const clients = new Map<MembershipRole, TestClient>();
const userIds = new Map<MembershipRole, string>();

beforeAll(async () => {
  t = await startTestApp();
  const owner = t.client();
  const signedUp = await owner.signup('matrix');
  tenantId = signedUp.tenantId;
  clients.set('owner', owner);
  userIds.set('owner', signedUp.userId);
  for (const role of roles.filter((r) => r !== 'owner')) {
    const client = t.client();
    const { userId } = await client.signup(`matrix-${role}`);
    await t.db.prisma.membership.create({ data: { id: `mem_matrix_${role}`, userId, tenantId, role } });
    clients.set(role, client);
    userIds.set(role, userId);
  }
});
afterAll(async () => {
  await t?.close();
});

/** Made-up ids: the guard decides before any lookup, so an allowed role gets 404 and nothing changes. */
const ids = {
  memberId: 'mem_none',
  invitationId: 'mem_none',
  consumerId: 'con_none',
  keyId: 'key_none',
  planId: 'pln_none',
  subscriptionId: 'sub_none',
  apiId: 'api_none',
  routeId: 'rte_none',
  targetId: 'ups_none',
  secretId: 'sgs_none',
  domainId: 'dom_none',
  requestId: 'req_none',
  endpointId: 'whe_none',
  deliveryId: 'whd_none',
  version: '999',
};

describe('role matrix', () => {
  it('matrix.declared: every tenant route Fastify serves is a controller route with TenantGuard and a permission', () => {
    const served = servedRoutes(t.app).filter((r) => tenantRoute.test(r.url));
    const declared = new Map(declaredRoutes(t.app).map((r) => [routeKey(r), r]));
    const problems: string[] = [];
    for (const route of served) {
      const found = declared.get(routeKey(route));
      if (!found) problems.push(`${routeKey(route)}: not found among the controllers' routes`);
      else if (!found.guards.includes('TenantGuard')) problems.push(`${routeKey(route)}: no TenantGuard`);
      else if (!found.permission) problems.push(`${routeKey(route)}: no @RequirePermission`);
    }
    expect(problems).toEqual([]);
    expect(served.length).toBeGreaterThan(0);
  });

  it('matrix.enforced: each role is refused (403 forbidden) exactly where the matrix denies it', async () => {
    const declared = new Map(declaredRoutes(t.app).map((r) => [routeKey(r), r]));
    const routes = servedRoutes(t.app).filter((r) => tenantRoute.test(r.url));
    const failures: string[] = [];
    let changing = 0;
    for (const route of routes) {
      if (!safe.has(route.method)) changing += 1;
      const permission = declared.get(routeKey(route))?.permission;
      const url = fillParams(route.url, { ...ids, tenantId });
      for (const role of roles) {
        const body = safe.has(route.method) || route.method === 'DELETE' ? undefined : {};
        const response = await (clients.get(role) as TestClient).call(route.method as 'GET', url, body);
        const refused = response.statusCode === 403 && response.json().code === 'forbidden';
        // Undeclared: the guard refuses every role, and the matrix expects nothing to be allowed.
        const allowed = permission !== undefined && roleHas(role, permission);
        if (refused === allowed) {
          failures.push(
            `${role} ${routeKey(route)} [${permission ?? 'no permission'}]: ${response.statusCode} ${response.body.slice(0, 80)}`,
          );
        }
        // A call that removed the caller (leave) must not skew the next ones.
        await t.db.prisma.membership.upsert({
          where: { userId_tenantId: { userId: userIds.get(role) as string, tenantId } },
          create: { id: `mem_matrix_${role}_again`, userId: userIds.get(role) as string, tenantId, role },
          update: { role },
        });
      }
    }
    expect(failures).toEqual([]);
    console.info(
      `role matrix: ${routes.length} tenant routes (${changing} state-changing) x ${roles.length} roles`,
    );
  });

  it('matrix.spot: the matrix says what the issue asks of each role', () => {
    expect(roleHas('viewer', 'apis.write')).toBe(false);
    expect(roleHas('viewer', 'keys.read')).toBe(true);
    expect(roleHas('finance', 'keys.write')).toBe(false);
    expect(roleHas('finance', 'billing.write')).toBe(true);
    expect(roleHas('developer', 'plans.write')).toBe(false);
    expect(roleHas('developer', 'releases.publish')).toBe(true);
    expect(roleHas('developer', 'members.write')).toBe(false);
    expect(roleHas('admin', 'members.write')).toBe(true);
    expect(roleHas('admin', 'members.owners')).toBe(false);
    expect(roleHas('owner', 'members.owners')).toBe(true);
  });
});
