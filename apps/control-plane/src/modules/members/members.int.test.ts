import { type SmtpSink, startSmtpSink } from '@tollgate/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../../../test/test-app.js';

let t: TestApp;
let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await startTestApp({ SMTP_URL: sink.url });
});
afterAll(async () => {
  await t?.close();
  await sink?.close();
});

async function tokenMailedTo(email: string): Promise<string> {
  const mail = await sink.waitFor(
    (m) => m.to.includes(email) && m.text.includes('/invitations/accept?token='),
  );
  const match = /token=([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match?.[1]) throw new Error(`no token in the mail: ${mail.text}`);
  return match[1];
}

/** Signs up `slug` (its own tenant) and makes it a member of `tenantId` through an invitation. */
async function join(
  owner: TestClient,
  tenantId: string,
  slug: string,
  role: string,
): Promise<{ client: TestClient; memberId: string }> {
  const client = t.client();
  const { email } = await client.signup(slug);
  expect((await owner.post(`/v1/tenants/${tenantId}/invitations`, { email, role })).statusCode).toBe(201);
  const accepted = await client.post('/v1/invitations/accept', { token: await tokenMailedTo(email) });
  expect(accepted.statusCode).toBe(200);
  const members = (await owner.get(`/v1/tenants/${tenantId}/members`)).json().data as Array<{
    id: string;
    email: string;
  }>;
  return { client, memberId: members.find((m) => m.email === email)?.id as string };
}

describe('members', () => {
  it('invite-accept.ok: the invitee gets a mail, accepts once, and is a member with the role', async () => {
    const owner = t.client();
    const { tenantId } = await owner.signup('mem-ok');
    const invitee = t.client();
    const { email, userId } = await invitee.signup('mem-ok-invitee');

    const invited = await owner.post(`/v1/tenants/${tenantId}/invitations`, { email, role: 'developer' });
    expect(invited.statusCode).toBe(201);
    expect(invited.json().data).toMatchObject({ email, role: 'developer', expiresAt: expect.any(String) });
    expect(invited.body).not.toContain('token');
    expect((await owner.get(`/v1/tenants/${tenantId}/invitations`)).json().data).toHaveLength(1);
    const token = await tokenMailedTo(email);
    const stored = await t.db.prisma.invitation.findFirstOrThrow({ where: { tenantId } });
    expect(stored.tokenHash).not.toContain(token);

    const accepted = await invitee.post('/v1/invitations/accept', { token });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().data).toEqual({
      tenantId,
      tenantSlug: 'mem-ok',
      tenantName: 'Tenant mem-ok',
      role: 'developer',
    });
    const members = (await owner.get(`/v1/tenants/${tenantId}/members`)).json().data;
    expect(members.map((m: { userId: string; role: string }) => [m.userId, m.role])).toContainEqual([
      userId,
      'developer',
    ]);
    expect((await invitee.get(`/v1/tenants/${tenantId}/apis`)).statusCode).toBe(200);
    expect((await owner.get(`/v1/tenants/${tenantId}/invitations`)).json().data).toEqual([]);

    const again = await invitee.post('/v1/invitations/accept', { token });
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('invitation_invalid');
  });

  it('accept.invalid: another account, a revoked or a made-up token is invitation_invalid', async () => {
    const owner = t.client();
    const { tenantId } = await owner.signup('mem-inv');
    const other = t.client();
    await other.signup('mem-inv-other');
    const invited = await owner.post(`/v1/tenants/${tenantId}/invitations`, {
      email: 'someone@example.test',
      role: 'viewer',
    });
    const token = await tokenMailedTo('someone@example.test');
    const wrongAccount = await other.post('/v1/invitations/accept', { token });
    expect(wrongAccount.statusCode).toBe(400);
    expect(wrongAccount.json().code).toBe('invitation_invalid');

    const revoked = await owner.post(`/v1/tenants/${tenantId}/invitations/${invited.json().data.id}/revoke`);
    expect(revoked.statusCode).toBe(204);
    const madeUp = await other.post('/v1/invitations/accept', { token: 'not-a-token' });
    expect(madeUp.json().code).toBe('invitation_invalid');
    const unauthenticated = await t.client().post('/v1/invitations/accept', { token });
    expect(unauthenticated.statusCode).toBe(401);
  });

  it('invite.conflict: an address that is already a member is 409; unknown fields are 422', async () => {
    const owner = t.client();
    const { tenantId, email } = await owner.signup('mem-conflict');
    const again = await owner.post(`/v1/tenants/${tenantId}/invitations`, { email, role: 'viewer' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('conflict');
    const massAssign = await owner.post(`/v1/tenants/${tenantId}/invitations`, {
      email: 'x@example.test',
      role: 'viewer',
      tenantId: 'tnt_other',
    });
    expect(massAssign.statusCode).toBe(422);
    expect(massAssign.json().errors).toEqual([{ path: 'tenantId', message: expect.any(String) }]);
  });

  it('change-role.ok and remove.ok: an admin changes and removes a developer', async () => {
    const owner = t.client();
    const { tenantId } = await owner.signup('mem-change');
    const admin = await join(owner, tenantId, 'mem-change-admin', 'admin');
    const dev = await join(owner, tenantId, 'mem-change-dev', 'developer');

    const changed = await admin.client.call('PATCH', `/v1/tenants/${tenantId}/members/${dev.memberId}`, {
      role: 'finance',
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().data).toMatchObject({ id: dev.memberId, role: 'finance' });

    const removed = await admin.client.call('DELETE', `/v1/tenants/${tenantId}/members/${dev.memberId}`);
    expect(removed.statusCode).toBe(204);
    const gone = await dev.client.get(`/v1/tenants/${tenantId}/apis`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json().code).toBe('not_found');
  });

  it('owners.forbidden: an admin cannot grant, demote or remove an owner, nor invite one', async () => {
    const owner = t.client();
    const { tenantId } = await owner.signup('mem-owners');
    const admin = await join(owner, tenantId, 'mem-owners-admin', 'admin');
    const ownerId = (await owner.get(`/v1/tenants/${tenantId}/members`)).json().data[0].id;
    const base = `/v1/tenants/${tenantId}`;
    for (const response of [
      await admin.client.call('PATCH', `${base}/members/${admin.memberId}`, { role: 'owner' }),
      await admin.client.call('PATCH', `${base}/members/${ownerId}`, { role: 'viewer' }),
      await admin.client.call('DELETE', `${base}/members/${ownerId}`),
      await admin.client.post(`${base}/invitations`, { email: 'boss@example.test', role: 'owner' }),
    ]) {
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('forbidden');
    }
    const developer = await join(owner, tenantId, 'mem-owners-dev', 'developer');
    const invite = await developer.client.post(`${base}/invitations`, {
      email: 'y@example.test',
      role: 'viewer',
    });
    expect(invite.statusCode).toBe(403);
    expect(invite.json().code).toBe('forbidden');
  });

  it('last-owner.conflict: the only owner cannot leave, be demoted or removed; with a second owner it can', async () => {
    const owner = t.client();
    const { tenantId } = await owner.signup('mem-last');
    const base = `/v1/tenants/${tenantId}`;
    const ownerId = (await owner.get(`${base}/members`)).json().data[0].id;
    for (const response of [
      await owner.post(`${base}/leave`),
      await owner.call('PATCH', `${base}/members/${ownerId}`, { role: 'admin' }),
      await owner.call('DELETE', `${base}/members/${ownerId}`),
    ]) {
      expect(response.statusCode).toBe(409);
      expect(response.json().code).toBe('last_owner');
    }

    const second = await join(owner, tenantId, 'mem-last-second', 'owner');
    // Both owners demote each other at once: one wins, the tenant keeps an owner. The loser
    // is refused either by the last-owner check (409 last_owner, when both passed the role
    // check) or, when the winner committed first, by the role check (403: no longer an owner).
    const [x, y] = await Promise.all([
      owner.call('PATCH', `${base}/members/${second.memberId}`, { role: 'admin' }),
      second.client.call('PATCH', `${base}/members/${ownerId}`, { role: 'admin' }),
    ]);
    const [won, lost] = x.statusCode === 200 ? [x, y] : [y, x];
    expect(won.statusCode).toBe(200);
    expect([
      [409, 'last_owner'],
      [403, 'forbidden'],
    ]).toContainEqual([lost.statusCode, lost.json().code]);
    expect(await t.db.prisma.membership.count({ where: { tenantId, role: 'owner' } })).toBe(1);
  });

  it('leave.ok: a member leaves and loses access', async () => {
    const owner = t.client();
    const { tenantId } = await owner.signup('mem-leave');
    const viewer = await join(owner, tenantId, 'mem-leave-viewer', 'viewer');
    expect((await viewer.client.post(`/v1/tenants/${tenantId}/leave`)).statusCode).toBe(204);
    expect((await viewer.client.get(`/v1/tenants/${tenantId}/members`)).statusCode).toBe(404);
  });
});
