import { type SmtpSink, startSmtpSink } from '@tollgate/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { PasswordResetService } from '../auth/password-reset.service.js';
import { ConsumerPasswordResetService } from './consumer-password-reset.service.js';

/** `POST /v1/portal/:tenantSlug/password-reset` and `.../confirm`: a developer's own reset, per portal. */

let t: TestApp;
let sink: SmtpSink;
const slugA = 'portal-reset-a';
const slugB = 'portal-reset-b';

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await startTestApp({ SMTP_URL: sink.url });
  await t.client().signup(slugA);
  await t.client().signup(slugB);
});
afterAll(async () => {
  await t?.close();
  await sink?.close();
});

/** The reset link mailed to `email`, as a URL. */
async function resetLinkMailedTo(email: string): Promise<URL> {
  const mail = await sink.waitFor((m) => m.to.includes(email) && m.text.includes('token='));
  const match = /(https?:\/\/\S+token=[A-Za-z0-9_.-]+)/.exec(mail.text);
  if (!match?.[1]) throw new Error(`no link in the mail: ${mail.text}`);
  return new URL(match[1]);
}

const confirm = (slug: string, token: unknown, password = 'a brand new password') =>
  t.client().post(`/v1/portal/${slug}/password-reset/confirm`, { token, password });

describe('portal password reset', () => {
  it('portal-reset.ok: the mailed link resets the password once, ends every session and is audited as the consumer', async () => {
    const dev = t.client();
    const { accountId, email, password } = await dev.portalSignup(slugA, 'reset-ok@dev.test');
    const other = t.client();
    expect((await other.post(`/v1/portal/${slugA}/login`, { email, password })).statusCode).toBe(200);
    expect((await dev.get('/v1/me')).statusCode).toBe(200);

    const requested = await t.client().post(`/v1/portal/${slugA}/password-reset`, { email });
    expect(requested.statusCode).toBe(202);
    const link = await resetLinkMailedTo(email);
    expect(`${link.origin}${link.pathname}`).toBe(`http://localhost:3000/portal/${slugA}/reset-password`);
    const token = link.searchParams.get('token');

    const confirmed = await confirm(slugA, token);
    expect(confirmed.statusCode).toBe(204);

    expect((await dev.get('/v1/me')).statusCode).toBe(401);
    expect((await other.get('/v1/me')).statusCode).toBe(401);
    const oldLogin = await t.client().post(`/v1/portal/${slugA}/login`, { email, password });
    expect(oldLogin.json().code).toBe('invalid_credentials');
    const newLogin = await t
      .client()
      .post(`/v1/portal/${slugA}/login`, { email, password: 'a brand new password' });
    expect(newLogin.statusCode).toBe(200);

    const events = await t.db.prisma.auditEvent.findMany({
      where: { action: 'consumer_account.password_reset', targetId: accountId },
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorType: 'consumer',
      actorId: accountId,
      requestId: confirmed.headers['x-request-id'],
    });
    expect(events[0]?.tenantId).toBe(newLogin.json().tenant.id);

    const again = await confirm(slugA, token, 'yet another password');
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('reset_token_invalid');
  });

  it('portal-reset.unknown: an email without an account on this portal is 202 too, and no mail is sent', async () => {
    // An account on portal B is no account on portal A.
    await t.client().portalSignup(slugB, 'only-on-b@dev.test');
    for (const email of ['nobody@dev.test', 'only-on-b@dev.test']) {
      const response = await t.client().post(`/v1/portal/${slugA}/password-reset`, { email });
      expect(response.statusCode).toBe(202);
    }
    await expect(
      sink.waitFor((m) => m.to.includes('nobody@dev.test') || m.to.includes('only-on-b@dev.test'), 500),
    ).rejects.toThrow();
  });

  it('portal-reset.expired: a token past its 30 minutes is 400 reset_token_invalid and changes nothing', async () => {
    const { email, password } = await t.client().portalSignup(slugA, 'reset-expired@dev.test');
    const issuedAt = new Date(Date.now() - 31 * 60 * 1000);
    const token = await t.app.get(ConsumerPasswordResetService).issueFor(slugA, email, issuedAt);
    expect(token).not.toBeNull();
    const response = await confirm(slugA, token);
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('reset_token_invalid');
    expect((await t.client().post(`/v1/portal/${slugA}/login`, { email, password })).statusCode).toBe(200);
  });

  it('portal-reset.other_tenant: a token of portal A is refused on portal B and still works on A', async () => {
    const { email } = await t.client().portalSignup(slugA, 'reset-cross@dev.test');
    const token = await t.app.get(ConsumerPasswordResetService).issueFor(slugA, email);
    const elsewhere = await confirm(slugB, token);
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().code).toBe('reset_token_invalid');
    expect((await confirm(slugA, token)).statusCode).toBe(204);
  });

  it('portal-reset.other_principal: a provider user token is refused on the portal, and a portal token on the console', async () => {
    const owner = await t.client().signup('portal-reset-owner');
    const userToken = await t.app.get(PasswordResetService).issueFor(owner.email);
    const onPortal = await confirm(slugA, userToken);
    expect(onPortal.statusCode).toBe(400);
    expect(onPortal.json().code).toBe('reset_token_invalid');

    const { email } = await t.client().portalSignup(slugA, 'reset-principal@dev.test');
    const portalToken = await t.app.get(ConsumerPasswordResetService).issueFor(slugA, email);
    const onConsole = await t
      .client()
      .post('/v1/auth/password-reset/confirm', { token: portalToken, password: 'a brand new password' });
    expect(onConsole.statusCode).toBe(400);
    expect(onConsole.json().code).toBe('reset_token_invalid');
  });

  it('portal-reset.invalid: unknown fields and a short password are 422 validation_failed', async () => {
    const extra = await t
      .client()
      .post(`/v1/portal/${slugA}/password-reset`, { email: 'x@dev.test', tenantId: 'tnt_x' });
    expect(extra.statusCode).toBe(422);
    expect(extra.json().code).toBe('validation_failed');
    const short = await confirm(slugA, 'whatever', 'short');
    expect(short.statusCode).toBe(422);
    expect(short.json().code).toBe('validation_failed');
  });
});
