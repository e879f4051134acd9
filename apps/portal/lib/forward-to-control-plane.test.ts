import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlPlaneTarget, forwardToControlPlane } from './forward-to-control-plane';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

describe('forwardToControlPlane', () => {
  let server: Server;
  let baseUrl: string;
  let seen: Seen | undefined;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        seen = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        };
        if (req.url?.startsWith('/v1/auth/logout')) {
          res.writeHead(204, { 'set-cookie': 'tg_session=; Max-Age=0; Path=/; HttpOnly' }).end();
          return;
        }
        if (req.url?.startsWith('/v1/auth/me')) {
          res
            .writeHead(401, { 'content-type': 'application/problem+json' })
            .end('{"code":"unauthenticated"}');
          return;
        }
        res
          .writeHead(201, {
            'content-type': 'application/json',
            'set-cookie': ['tg_session=abc; Path=/; HttpOnly; SameSite=Lax', 'other=1; Path=/'],
          })
          .end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('target.ok: strips /api and keeps the query', () => {
    expect(controlPlaneTarget('http://portal/api/v1/x?a=1&b=2', 'http://cp:3001/')).toBe(
      'http://cp:3001/v1/x?a=1&b=2',
    );
  });

  it('forward.ok: passes method, path, query, body, cookies and every set-cookie through', async () => {
    const response = await forwardToControlPlane(
      new Request('http://127.0.0.1:3000/api/v1/tenants/tnt_1/keys?x=1', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: 'tg_session=old' },
        body: '{"name":"k"}',
      }),
      baseUrl,
    );
    expect(seen).toMatchObject({
      method: 'POST',
      url: '/v1/tenants/tnt_1/keys?x=1',
      body: '{"name":"k"}',
      headers: { cookie: 'tg_session=old', 'content-type': 'application/json' },
    });
    expect(response.status).toBe(201);
    expect(response.headers.getSetCookie()).toEqual([
      'tg_session=abc; Path=/; HttpOnly; SameSite=Lax',
      'other=1; Path=/',
    ]);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('forward.problem: an error status and its problem body pass through unchanged', async () => {
    const response = await forwardToControlPlane(
      new Request('http://127.0.0.1:3000/api/v1/auth/me'),
      baseUrl,
    );
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toEqual({ code: 'unauthenticated' });
  });

  it('forward.no-content: a 204 stays bodyless and keeps its cookie', async () => {
    const response = await forwardToControlPlane(
      new Request('http://127.0.0.1:3000/api/v1/auth/logout', { method: 'POST' }),
      baseUrl,
    );
    expect(response.status).toBe(204);
    expect(response.headers.getSetCookie()).toHaveLength(1);
  });

  it('forward.unreachable: answers internal_error as problem+json', async () => {
    const response = await forwardToControlPlane(
      new Request('http://127.0.0.1:3000/api/v1/auth/me'),
      'http://127.0.0.1:1',
    );
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ code: 'internal_error' });
  });
});
