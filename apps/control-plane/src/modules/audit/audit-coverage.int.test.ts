import { type SmtpSink, selfSignedCertificate, startSmtpSink } from '@tollgate/testing';
import type { Response } from 'light-my-request';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fillParams, routeKey, servedRoutes } from '../../../test/app-routes.js';
import { startTestApp, type TestApp, type TestClient } from '../../../test/test-app.js';
import { PasswordResetService } from '../auth/password-reset.service.js';
import { ConsumerPasswordResetService } from '../consumer-accounts/consumer-password-reset.service.js';
import { TxtResolver } from '../domains/txt-resolver.js';

/**
 * Every state-changing route (POST/PUT/PATCH/DELETE, read from Fastify's route table) either
 * writes the audit event(s) listed for it in `steps` — with the right tenant, actor, action and
 * request id — or is in `noAudit` with the reason. A route in neither fails `audit.covers_every_route`:
 * whoever adds a route adds its step here (the call that succeeds, and the action it records).
 */

/** Changes nothing an owner would audit. */
const noAudit: Record<string, string> = {
  'POST /v1/auth/login': 'signs in: a session, not a change of the account (lastLoginAt aside)',
  'POST /v1/auth/logout': 'ends a session',
  'POST /v1/auth/password-reset': 'sends a mail; changes nothing',
  'POST /v1/tenants/:tenantId/releases/preview': 'computes a diff; stores nothing',
  'POST /v1/tenants/:tenantId/releases/dry-run': 'replays recent traffic against the draft; stores nothing',
  'POST /v1/tenants/:tenantId/config/plan': 'a trial apply that is rolled back; stores nothing',
  'POST /v1/portal/:tenantSlug/logout': 'ends a developer-portal session',
  'POST /v1/portal/:tenantSlug/password-reset': 'sends a mail; changes nothing',
};

interface Scenario {
  t: TestApp;
  sink: SmtpSink;
  owner: TestClient;
  invitee: TestClient;
  /** A developer signed up on the owner's portal (a consumer session, for `/v1/portal` and `/v1/me`). */
  developer: TestClient;
  ids: Record<string, string>;
}

interface Step {
  /** `METHOD /pattern` as in the route table. */
  route: string;
  /** The actions the call records, each once (more events are fine: e.g. an automatic release). */
  actions: string[];
  /** Who calls (default the owner). */
  as?: (s: Scenario) => TestClient;
  /** The body (computed at call time: it may use the ids kept so far, or fetch what it needs). */
  body?: (s: Scenario) => unknown;
  /** The tenant of the events (default the owner's tenant; null for account-level events). */
  tenant?: (s: Scenario) => string | null;
  /** The user id of the actor (default the owner), or the consumer account id. */
  actor?: (s: Scenario) => string;
  /** `consumer` for a developer-portal account's changes (default `user`). */
  actorType?: 'user' | 'consumer';
  /** Keeps ids from the answer for later steps. */
  keep?: (s: Scenario, answer: Response) => void | Promise<void>;
  /** Runs before the call (e.g. a second member to remove). */
  before?: (s: Scenario) => Promise<void>;
}

async function tokenMailedTo(sink: SmtpSink, email: string): Promise<string> {
  const mail = await sink.waitFor((m) => m.to.includes(email) && m.text.includes('token='));
  const match = /token=([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match?.[1]) throw new Error(`no token in the mail: ${mail.text}`);
  return match[1];
}

const data = (answer: Response) => answer.json().data as Record<string, string>;

/** In order: each step can use what the earlier ones made. */
const steps: Step[] = [
  {
    route: 'POST /v1/auth/signup',
    actions: ['user.signed_up', 'tenant.created'],
    body: () => ({
      email: 'audit-owner@example.test',
      password: 'correct horse battery',
      name: 'Audit Owner',
      tenantName: 'Audit',
      tenantSlug: 'audit-cov',
    }),
    keep: (s, answer) => {
      s.ids.tenantId = answer.json().tenant.id;
      s.ids.tenantSlug = answer.json().tenant.slug;
      s.ids.ownerId = answer.json().user.id;
    },
  },
  {
    route: 'POST /v1/tenants/:tenantId/apis',
    actions: ['api.created'],
    body: () => ({ name: 'Echo', basePath: '/echo', upstreamUrl: 'http://127.0.0.1:4010' }),
    keep: (s, answer) => {
      s.ids.apiId = data(answer).id as string;
    },
  },
  {
    route: 'POST /v1/tenants/:tenantId/plans',
    actions: ['plan.created'],
    body: (s) => ({ name: 'Free', apiIds: [s.ids.apiId] }),
    keep: (s, answer) => {
      s.ids.planId = data(answer).id as string;
    },
  },
  {
    route: 'PATCH /v1/tenants/:tenantId/plans/:planId',
    actions: ['plan.version_created'],
    body: () => ({ trialDays: 7 }),
  },
  {
    route: 'POST /v1/tenants/:tenantId/consumers',
    actions: ['consumer.created'],
    body: () => ({ name: 'Ada', email: 'ada@example.test' }),
    keep: (s, answer) => {
      s.ids.consumerId = data(answer).id as string;
    },
  },
  {
    route: 'POST /v1/tenants/:tenantId/consumers/:consumerId/subscriptions',
    actions: ['subscription.created'],
    body: (s) => ({ planId: s.ids.planId }),
    keep: (s, answer) => {
      s.ids.subscriptionId = data(answer).id as string;
    },
  },
  {
    route: 'POST /v1/tenants/:tenantId/consumers/:consumerId/subscriptions/:subscriptionId/move',
    actions: ['subscription.moved'],
    body: () => ({ planVersion: 1 }),
  },
  {
    route: 'POST /v1/tenants/:tenantId/consumers/:consumerId/subscriptions/:subscriptionId/move',
    actions: ['subscription.plan_changed'],
    // A second free public plan (the portal's developer changes to it below).
    before: async (s) => {
      const plan = await s.owner.post(`/v1/tenants/${s.ids.tenantId}/plans`, {
        name: 'Partner',
        apiIds: [s.ids.apiId],
      });
      s.ids.otherPlanId = data(plan).id as string;
    },
    body: (s) => ({ planId: s.ids.otherPlanId }),
  },
  {
    route: 'POST /v1/tenants/:tenantId/keys',
    actions: ['key.issued'],
    body: (s) => ({ subscriptionId: s.ids.subscriptionId, name: 'ci', ipRules: { allow: ['10.0.0.0/8'] } }),
    keep: (s, answer) => {
      s.ids.keyId = data(answer).id as string;
    },
  },
  {
    route: 'PATCH /v1/tenants/:tenantId/keys/:keyId',
    actions: ['key.updated'],
    body: () => ({ name: 'ci-2', ipRules: { deny: ['192.0.2.1'] } }),
  },
  {
    route: 'POST /v1/tenants/:tenantId/keys/:keyId/rotate',
    actions: ['key.rotated'],
    body: () => ({ graceSeconds: 60 }),
  },
  { route: 'POST /v1/tenants/:tenantId/keys/:keyId/revoke', actions: ['key.revoked'] },
  {
    route: 'POST /v1/tenants/:tenantId/releases',
    actions: ['release.published'],
    body: () => ({ reason: 'audit coverage' }),
    keep: (s) => {
      s.ids.version = '1';
    },
  },
  {
    route: 'POST /v1/tenants/:tenantId/releases/:version/rollback',
    actions: ['release.rolled_back'],
    body: () => ({ reason: 'audit coverage rollback' }),
  },
  {
    route: 'PATCH /v1/tenants/:tenantId/apis/:apiId',
    actions: ['api.updated'],
    body: () => ({ description: 'Echoes what it gets' }),
  },
  {
    route: 'POST /v1/tenants/:tenantId/apis/:apiId/signing-secrets',
    actions: ['api.signing_secret_added'],
    body: () => ({ secret: 'audit-coverage-signing-secret-0123' }),
    keep: (s, answer) => {
      s.ids.secretId = data(answer).id as string;
    },
  },
  {
    route: 'DELETE /v1/tenants/:tenantId/apis/:apiId/signing-secrets/:secretId',
    actions: ['api.signing_secret_removed'],
  },
  {
    route: 'POST /v1/tenants/:tenantId/apis/:apiId/routes',
    actions: ['route.created'],
    body: () => ({ method: 'GET', pathTemplate: '/status' }),
    keep: (s, answer) => {
      s.ids.routeId = data(answer).id as string;
    },
  },
  {
    route: 'PATCH /v1/tenants/:tenantId/apis/:apiId/routes/:routeId',
    actions: ['route.updated'],
    body: () => ({ name: 'Status' }),
  },
  { route: 'DELETE /v1/tenants/:tenantId/apis/:apiId/routes/:routeId', actions: ['route.deleted'] },
  {
    route: 'POST /v1/tenants/:tenantId/apis/:apiId/upstream-targets',
    actions: ['upstream_target.created'],
    body: () => ({ url: 'http://127.0.0.1:4011', weight: 50 }),
    keep: (s, answer) => {
      s.ids.targetId = data(answer).id as string;
    },
  },
  {
    route: 'PATCH /v1/tenants/:tenantId/apis/:apiId/upstream-targets/:targetId',
    actions: ['upstream_target.updated'],
    body: () => ({ weight: 10 }),
  },
  {
    route: 'DELETE /v1/tenants/:tenantId/apis/:apiId/upstream-targets/:targetId',
    actions: ['upstream_target.deleted'],
  },
  {
    route: 'PATCH /v1/tenants/:tenantId/identity-providers',
    actions: ['identity_providers.updated'],
    body: () => ({
      jwt: { jwksUrl: 'https://id.example/jwks', issuer: 'https://id.example', audiences: ['audit'] },
    }),
  },
  {
    route: 'PUT /v1/tenants/:tenantId/plans/:planId/alert-thresholds',
    actions: ['plan.alert_thresholds_changed'],
    body: () => ({ quotaPercents: [80, 100] }),
  },
  {
    route: 'POST /v1/tenants/:tenantId/config/apply',
    actions: ['api.updated', 'release.published'],
    body: async (s) => {
      const exported = await s.owner.get(`/v1/tenants/${s.ids.tenantId}/config/export`);
      const document = exported.json().data as { apis: Array<{ name: string }> };
      for (const api of document.apis) api.name = `${api.name} (declared)`;
      return { document, reason: 'audit coverage apply' };
    },
  },
  {
    route: 'DELETE /v1/tenants/:tenantId/apis/:apiId',
    actions: ['api.deleted'],
    // An API of its own: the plan's API stays for the steps after this one.
    before: async (s) => {
      const api = await s.owner.post(`/v1/tenants/${s.ids.tenantId}/apis`, {
        name: 'Doomed',
        basePath: '/doomed',
        upstreamUrl: 'http://127.0.0.1:4010',
      });
      s.ids.apiId = data(api).id as string;
    },
  },
  {
    route: 'POST /v1/tenants/:tenantId/domains',
    actions: ['domain.created'],
    body: () => ({ hostname: 'api.audit.test' }),
    keep: (s, answer) => {
      const domain = answer.json().data as { id: string; verification: { name: string; value: string } };
      s.ids.domainId = domain.id;
      s.ids.txtName = domain.verification.name;
      s.ids.txtValue = domain.verification.value;
    },
  },
  // The TXT record is there: the fake DNS (beforeAll) answers `txtName` with `txtValue`.
  { route: 'POST /v1/tenants/:tenantId/domains/:domainId/verify', actions: ['domain.verified'] },
  {
    route: 'PUT /v1/tenants/:tenantId/domains/:domainId/certificate',
    actions: ['domain.certificate_uploaded'],
    body: () => {
      const { certPem, keyPem } = selfSignedCertificate(['api.audit.test']);
      return { certificatePem: certPem, privateKeyPem: keyPem };
    },
  },
  { route: 'DELETE /v1/tenants/:tenantId/domains/:domainId', actions: ['domain.deleted'] },
  {
    route: 'POST /v1/tenants/:tenantId/webhook-endpoints',
    actions: ['webhook_endpoint.created'],
    body: () => ({ url: 'http://127.0.0.1:4019/hooks', events: ['*'] }),
    keep: (s, answer) => {
      s.ids.endpointId = data(answer).id as string;
    },
  },
  {
    route: 'PATCH /v1/tenants/:tenantId/webhook-endpoints/:endpointId',
    actions: ['webhook_endpoint.updated'],
    body: () => ({ description: 'audit coverage' }),
  },
  {
    route: 'POST /v1/tenants/:tenantId/webhook-endpoints/:endpointId/rotate-secret',
    actions: ['webhook_endpoint.secret_rotated'],
    body: () => ({ graceSeconds: 60 }),
  },
  {
    route: 'POST /v1/tenants/:tenantId/webhook-endpoints/:endpointId/test',
    actions: ['webhook_endpoint.test_sent'],
    keep: (s, answer) => {
      s.ids.deliveryId = data(answer).id as string;
    },
  },
  {
    route: 'POST /v1/tenants/:tenantId/webhook-deliveries/:deliveryId/redeliver',
    actions: ['webhook_delivery.redelivered'],
  },
  {
    route: 'DELETE /v1/tenants/:tenantId/webhook-endpoints/:endpointId',
    actions: ['webhook_endpoint.deleted'],
  },
  {
    route: 'POST /v1/portal/:tenantSlug/signup',
    // The owner's plan is free and public: the new consumer is subscribed to it.
    actions: ['consumer.created', 'consumer_account.created', 'subscription.created'],
    as: (s) => s.developer,
    actorType: 'consumer',
    actor: (s) => s.ids.accountId as string,
    body: () => ({ email: 'dev@audit.test', password: 'developer horse battery', name: 'Dev' }),
    keep: (s, answer) => {
      s.ids.accountId = answer.json().account.id;
    },
  },
  {
    route: 'POST /v1/me/keys',
    actions: ['key.issued'],
    as: (s) => s.developer,
    actorType: 'consumer',
    actor: (s) => s.ids.accountId as string,
    body: () => ({ name: 'laptop' }),
    keep: (s, answer) => {
      s.ids.keyId = data(answer).id as string;
    },
  },
  {
    route: 'POST /v1/me/subscription/plan',
    // Signed up on the oldest free public plan (`planId`): it changes to the other one.
    actions: ['subscription.plan_changed'],
    as: (s) => s.developer,
    actorType: 'consumer',
    actor: (s) => s.ids.accountId as string,
    body: (s) => ({ planId: s.ids.otherPlanId }),
  },
  {
    route: 'POST /v1/me/keys/:keyId/rotate',
    actions: ['key.rotated'],
    as: (s) => s.developer,
    actorType: 'consumer',
    actor: (s) => s.ids.accountId as string,
    body: () => ({ graceSeconds: 0 }),
    keep: (s, answer) => {
      s.ids.keyId = data(answer).id as string;
    },
  },
  {
    route: 'DELETE /v1/me/keys/:keyId',
    actions: ['key.revoked'],
    as: (s) => s.developer,
    actorType: 'consumer',
    actor: (s) => s.ids.accountId as string,
  },
  {
    route: 'POST /v1/portal/:tenantSlug/login',
    actions: ['consumer_account.signed_in'],
    as: (s) => s.developer,
    actorType: 'consumer',
    actor: (s) => s.ids.accountId as string,
    body: () => ({ email: 'dev@audit.test', password: 'developer horse battery' }),
  },
  {
    route: 'POST /v1/tenants/:tenantId/invitations',
    actions: ['invitation.created'],
    before: async (s) => {
      s.ids.inviteeId = (await s.invitee.signup('audit-invitee')).userId;
    },
    body: () => ({ email: 'audit-invitee@example.test', role: 'developer' }),
  },
  {
    route: 'POST /v1/invitations/accept',
    actions: ['member.joined'],
    as: (s) => s.invitee,
    actor: (s) => s.ids.inviteeId as string,
    body: () => ({ token: '' }),
    keep: async (s) => {
      const member = await s.t.db.prisma.membership.findFirstOrThrow({
        where: { tenantId: s.ids.tenantId, userId: s.ids.inviteeId },
      });
      s.ids.memberId = member.id;
    },
  },
  {
    route: 'PATCH /v1/tenants/:tenantId/members/:memberId',
    actions: ['member.role_changed'],
    body: () => ({ role: 'viewer' }),
  },
  {
    route: 'POST /v1/tenants/:tenantId/leave',
    actions: ['member.left'],
    as: (s) => s.invitee,
    actor: (s) => s.ids.inviteeId as string,
  },
  {
    route: 'DELETE /v1/tenants/:tenantId/members/:memberId',
    actions: ['member.removed'],
    before: async (s) => {
      s.ids.memberId = 'mem_audit_removed';
      await s.t.db.prisma.membership.create({
        data: {
          id: s.ids.memberId,
          userId: s.ids.inviteeId as string,
          tenantId: s.ids.tenantId as string,
          role: 'viewer',
        },
      });
    },
  },
  {
    route: 'POST /v1/tenants/:tenantId/invitations/:invitationId/revoke',
    actions: ['invitation.revoked'],
    before: async (s) => {
      const invited = await s.owner.post(`/v1/tenants/${s.ids.tenantId}/invitations`, {
        email: 'never@example.test',
        role: 'viewer',
      });
      s.ids.invitationId = data(invited).id as string;
    },
  },
  {
    route: 'POST /v1/tokens',
    actions: ['token.created'],
    tenant: () => null,
    body: () => ({ name: 'ci', scopes: ['read', 'write'] }),
    keep: (s, answer) => {
      s.ids.tokenId = data(answer).id as string;
    },
  },
  {
    route: 'POST /v1/tokens/:tokenId/revoke',
    actions: ['token.revoked'],
    tenant: () => null,
  },
  {
    route: 'POST /v1/auth/password-reset/confirm',
    actions: ['user.password_reset'],
    tenant: () => null,
    body: () => ({ token: '', password: 'a new password for audit' }),
  },
  {
    // Last: it ends the developer's sessions.
    route: 'POST /v1/portal/:tenantSlug/password-reset/confirm',
    actions: ['consumer_account.password_reset'],
    as: (s) => s.developer,
    actorType: 'consumer',
    actor: (s) => s.ids.accountId as string,
  },
];

/** Bodies that need something only known at call time (a mailed or issued token). */
async function bodyFor(step: Step, s: Scenario): Promise<unknown> {
  if (step.route === 'POST /v1/invitations/accept')
    return { token: await tokenMailedTo(s.sink, 'audit-invitee@example.test') };
  if (step.route === 'POST /v1/auth/password-reset/confirm') {
    const token = await s.t.app.get(PasswordResetService).issueFor('audit-owner@example.test');
    return { token, password: 'a new password for audit' };
  }
  if (step.route === 'POST /v1/portal/:tenantSlug/password-reset/confirm') {
    const token = await s.t.app
      .get(ConsumerPasswordResetService)
      .issueFor(s.ids.tenantSlug as string, 'dev@audit.test');
    return { token, password: 'a new developer password' };
  }
  return step.body?.(s);
}

let s: Scenario;

beforeAll(async () => {
  const sink = await startSmtpSink();
  const t = await startTestApp({ SMTP_URL: sink.url });
  s = { t, sink, owner: t.client(), invitee: t.client(), developer: t.client(), ids: {} };
  // The fake DNS: the domain step's TXT record is in place, every other name has none.
  vi.spyOn(t.app.get(TxtResolver), 'resolveTxt').mockImplementation(async (name: string) => {
    if (name === s.ids.txtName && s.ids.txtValue) return [[s.ids.txtValue]];
    throw Object.assign(new Error(`queryTxt ENODATA ${name}`), { code: 'ENODATA' });
  });
});
afterAll(async () => {
  await s?.t.close();
  await s?.sink.close();
});

const changing = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

describe('audit coverage', () => {
  it('audit.covers_every_route: each state-changing route has a step here or a reason for no audit', () => {
    const stepped = new Set(steps.map((step) => step.route));
    const uncovered = servedRoutes(s.t.app)
      .filter((r) => changing.has(r.method))
      .map(routeKey)
      .filter((key) => !stepped.has(key) && noAudit[key] === undefined);
    expect(uncovered).toEqual([]);
  });

  it('audit.every_change: each route writes its events with tenant, actor, action and request id', async () => {
    const served = new Set(servedRoutes(s.t.app).map(routeKey));
    const failures: string[] = [];
    for (const step of steps) {
      // A step for a route the app no longer serves is stale: fix or remove it.
      if (!served.has(step.route)) {
        failures.push(`${step.route}: not served`);
        continue;
      }
      await step.before?.(s);
      const [method, pattern] = step.route.split(' ') as [string, string];
      const client = step.as?.(s) ?? s.owner;
      const answer = await client.call(method as 'POST', fillParams(pattern, s.ids), await bodyFor(step, s));
      if (answer.statusCode >= 300) {
        failures.push(`${step.route}: ${answer.statusCode} ${answer.body.slice(0, 120)}`);
        continue;
      }
      await step.keep?.(s, answer);
      const requestId = answer.headers['x-request-id'] as string;
      const events = await s.t.db.prisma.auditEvent.findMany({ where: { requestId } });
      const tenantId = step.tenant ? step.tenant(s) : (s.ids.tenantId as string);
      const actorId = step.actor?.(s) ?? s.ids.ownerId;
      for (const action of step.actions) {
        const found = events.filter((e) => e.action === action);
        if (found.length !== 1) {
          failures.push(`${step.route}: ${found.length} ${action} events (request ${requestId})`);
          continue;
        }
        const [event] = found;
        const seen = { tenantId: event?.tenantId, actorType: event?.actorType, actorId: event?.actorId };
        const expected = { tenantId, actorType: step.actorType ?? 'user', actorId };
        if (JSON.stringify(seen) !== JSON.stringify(expected))
          failures.push(`${step.route} ${action}: ${JSON.stringify(seen)} != ${JSON.stringify(expected)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
