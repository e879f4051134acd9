import { type SmtpSink, startSmtpSink } from '@tollgate/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { PasswordResetService } from './password-reset.service.js';

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

async function resetTokenMailedTo(email: string): Promise<string> {
  const mail = await sink.waitFor((m) => m.to.includes(email));
  const match = /token=([A-Za-z0-9_.-]+)/.exec(mail.text);
  if (!match?.[1]) throw new Error(`no token in the mail: ${mail.text}`);
  return match[1];
}

describe('password reset', () => {
  it('reset.ok: the mail arrives with a token; confirm sets the password once and ends every session', async () => {
    const owner = t.client();
    const { email, password } = await owner.signup('reset-ok');
    const other = t.client();
    expect((await other.post('/v1/auth/login', { email, password })).statusCode).toBe(200);
    expect((await owner.get('/v1/auth/me')).statusCode).toBe(200);
    expect((await other.get('/v1/auth/me')).statusCode).toBe(200);

    const requested = await t.client().post('/v1/auth/password-reset', { email });
    expect(requested.statusCode).toBe(202);
    const token = await resetTokenMailedTo(email);
    const mail = sink.messages.find((m) => m.to.includes(email));
    expect(mail?.subject).toContain('Reset');
    expect(mail?.text).toContain('http://localhost:3000/reset-password?token=');

    const newPassword = 'a brand new password';
    const confirmed = await t
      .client()
      .post('/v1/auth/password-reset/confirm', { token, password: newPassword });
    expect(confirmed.statusCode).toBe(204);

    // Every earlier session is gone.
    expect((await owner.get('/v1/auth/me')).statusCode).toBe(401);
    expect((await other.get('/v1/auth/me')).statusCode).toBe(401);
    // The old password no longer works; the new one does.
    expect((await t.client().post('/v1/auth/login', { email, password })).json().code).toBe(
      'invalid_credentials',
    );
    expect((await t.client().post('/v1/auth/login', { email, password: newPassword })).statusCode).toBe(200);

    // Single use.
    const again = await t
      .client()
      .post('/v1/auth/password-reset/confirm', { token, password: 'yet another password' });
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('reset_token_invalid');
  });

  it('reset.unknown: an email without an account is 202 too, and no mail is sent', async () => {
    const response = await t.client().post('/v1/auth/password-reset', { email: 'nobody@example.test' });
    expect(response.statusCode).toBe(202);
    await expect(sink.waitFor((m) => m.to.includes('nobody@example.test'), 500)).rejects.toThrow();
  });

  it('reset.expired: a token past its 30 minutes is 400 reset_token_invalid and changes nothing', async () => {
    const { email, password } = await t.client().signup('reset-expired');
    const issuedAt = new Date(Date.now() - 31 * 60 * 1000);
    const token = await t.app.get(PasswordResetService).issueFor(email, issuedAt);
    expect(token).not.toBeNull();
    const response = await t.client().post('/v1/auth/password-reset/confirm', {
      token,
      password: 'a brand new password',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('reset_token_invalid');
    expect((await t.client().post('/v1/auth/login', { email, password })).statusCode).toBe(200);
  });

  it('reset.tampered: a token with a changed signature or claims is 400 reset_token_invalid', async () => {
    const { email } = await t.client().signup('reset-tampered');
    const token = (await t.app.get(PasswordResetService).issueFor(email)) as string;
    const [claims, signature] = token.split('.') as [string, string];
    const flipped = `${claims}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [flipped, `${claims}x.${signature}`, 'garbage']) {
      const response = await t
        .client()
        .post('/v1/auth/password-reset/confirm', { token: bad, password: 'whatever123' });
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe('reset_token_invalid');
    }
  });
});
