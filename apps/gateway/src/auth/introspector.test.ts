import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OAuth2Settings } from '@tollgate/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Introspector } from './introspector.js';

/** A fake RFC 7662 endpoint: knows a few tokens, checks the client's Basic credentials. */
describe('Introspector against a local RFC 7662 server', () => {
  let server: Server;
  let url: string;
  const calls: { token: string; authorization: string | undefined }[] = [];
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        const token = new URLSearchParams(body).get('token') ?? '';
        calls.push({ token, authorization: req.headers.authorization });
        if (
          req.headers.authorization !== `Basic ${Buffer.from('gw-client:s3cr%C3%A9t').toString('base64')}`
        ) {
          res.writeHead(401).end();
          return;
        }
        if (token === 'boom') {
          res.writeHead(500).end();
          return;
        }
        const answer =
          token === 'good'
            ? { active: true, sub: 'user-42', exp: now() + 3600, client_id: 'app' }
            : token === 'short'
              ? { active: true, sub: 'user-42', exp: now() + 1 }
              : token === 'nosub'
                ? { active: true, exp: now() + 3600 }
                : { active: false };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/introspect`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function introspector(overrides: Partial<OAuth2Settings> = {}) {
    return new Introspector(
      {
        introspectionUrl: url,
        clientId: 'gw-client',
        clientSecret: { kid: 'k', iv: 'x', tag: 'x', ciphertext: 'x' },
        consumerClaim: 'sub',
        maxCacheSeconds: 300,
        negativeCacheSeconds: 10,
        timeoutMs: 2_000,
        ...overrides,
      },
      's3crét',
    );
  }

  it('accepts an active token, sends client credentials, and caches the answer (one call for many checks)', async () => {
    const checker = introspector();
    const results = await Promise.all([checker.check('good'), checker.check('good'), checker.check('good')]);
    expect(results).toEqual([
      { ok: true, subject: 'user-42' },
      { ok: true, subject: 'user-42' },
      { ok: true, subject: 'user-42' },
    ]);
    expect(checker.check('good')).toEqual({ ok: true, subject: 'user-42' });
    expect(checker.calls).toBe(1);
  });

  it('refuses an inactive token with invalid_token and caches that briefly', async () => {
    const checker = introspector();
    expect(await checker.check('revoked-token')).toEqual({ ok: false, code: 'invalid_token' });
    expect(await checker.check('revoked-token')).toEqual({ ok: false, code: 'invalid_token' });
    expect(checker.calls).toBe(1);
  });

  it('refuses an active token without the consumer claim', async () => {
    expect(await introspector().check('nosub')).toEqual({ ok: false, code: 'invalid_token' });
  });

  it('keeps an active answer no longer than the token lives', async () => {
    const checker = introspector();
    expect(await checker.check('short')).toMatchObject({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await checker.check('short');
    expect(checker.calls).toBe(2);
  });

  it('reports token_check_unavailable when the endpoint fails or refuses our credentials, and does not cache it', async () => {
    const checker = introspector();
    expect(await checker.check('boom')).toMatchObject({ ok: false, code: 'token_check_unavailable' });
    expect(await checker.check('boom')).toMatchObject({ ok: false, code: 'token_check_unavailable' });
    expect(checker.calls).toBe(2);
    const wrongSecret = new Introspector(introspector().settings, 'nope');
    expect(await wrongSecret.check('good')).toMatchObject({ ok: false, code: 'token_check_unavailable' });
  });

  it('refuses malformed tokens without calling the endpoint', async () => {
    const checker = introspector();
    expect(checker.check('has space')).toEqual({ ok: false, code: 'invalid_token' });
    expect(checker.check('x'.repeat(5_000))).toEqual({ ok: false, code: 'invalid_token' });
    expect(checker.calls).toBe(0);
  });
});
