import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { ConfigSnapshotInput } from '@tollgate/contracts';
import { describe, expect, it } from 'vitest';
import { compiledFixture, fakeDeps } from '../../test-support/fixtures.js';
import { RequestContext } from '../request-context.js';
import { cors, corsPreflight } from './cors-preflight.stage.js';
import { receive } from './receive.stage.js';
import { resolve } from './resolve.stage.js';

const apis: ConfigSnapshotInput['apis'] = [
  {
    id: 'api_web',
    name: 'Web',
    basePath: '/web',
    upstream: { url: 'http://127.0.0.1:4010' },
    sandboxUpstream: null,
    policies: {
      cors: {
        allowedOrigins: ['https://app.example.com'],
        allowedMethods: ['GET', 'POST'],
        exposedHeaders: ['X-Total'],
        allowCredentials: true,
        maxAgeSeconds: 120,
      },
    },
    routes: [
      { id: 'rte_items', method: 'GET', pathTemplate: '/items/{id}' },
      { id: 'rte_create', method: 'POST', pathTemplate: '/items' },
      // Exists, but its method is not in the CORS allowed methods.
      { id: 'rte_remove', method: 'DELETE', pathTemplate: '/items/{id}' },
      {
        id: 'rte_public',
        method: 'GET',
        pathTemplate: '/public',
        policies: { cors: { allowedOrigins: ['*'] } },
      },
      { id: 'rte_nocors', method: 'ANY', pathTemplate: '/raw/*', policies: { cors: null } },
    ],
  },
];
const deps = fakeDeps([compiledFixture({ apis })]);

class FakeResponse {
  headers: OutgoingHttpHeaders = {};
  status = 0;
  ended = false;
  headersSent = false;
  destroyed = false;
  setHeader(name: string, value: string) {
    this.headers[name.toLowerCase()] = value;
  }
  writeHead(status: number, headers: OutgoingHttpHeaders) {
    this.status = status;
    for (const [name, value] of Object.entries(headers)) this.headers[name.toLowerCase()] = value;
    this.headersSent = true;
  }
  end() {
    this.ended = true;
  }
}

function context(method: string, url: string, headers: [string, string][]) {
  const res = new FakeResponse();
  const req = {
    method,
    url,
    rawHeaders: [['Host', 'acme.gw.localhost'], ...headers].flat(),
    socket: { remoteAddress: '127.0.0.1' },
  } as unknown as IncomingMessage;
  const ctx = new RequestContext(req, res as unknown as ServerResponse, performance.now(), Date.now());
  return { ctx, res };
}

function preflight(url: string, headers: [string, string][]) {
  const { ctx, res } = context('OPTIONS', url, headers);
  const ended = receive(ctx, deps) || corsPreflight(ctx, deps);
  return { ctx, res, ended };
}

const origin: [string, string] = ['Origin', 'https://app.example.com'];

describe('cors preflight', () => {
  it('preflight.ok: answered 204 with the route’s CORS headers, resolved as the asked method, no key', () => {
    const { ctx, res, ended } = preflight('/web/items/1', [origin, ['Access-Control-Request-Method', 'GET']]);
    expect(ended).toBe(true);
    expect(ctx.denyCode).toBeNull();
    expect(ctx.status).toBe(204);
    expect(ctx.method).toBe('OPTIONS');
    expect(ctx.route?.id).toBe('rte_items');
    expect(ctx.key).toBeNull();
    expect(res.status).toBe(204);
    expect(res.ended).toBe(true);
    expect(res.headers).toMatchObject({
      'access-control-allow-origin': 'https://app.example.com',
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-credentials': 'true',
      'access-control-max-age': '120',
    });
    expect(String(res.headers.vary)).toContain('Origin');
  });

  it('preflight.ok: requested headers on the allowed list (any case) and safelisted ones pass', () => {
    const { res } = preflight('/web/items', [
      origin,
      ['Access-Control-Request-Method', 'POST'],
      ['Access-Control-Request-Headers', 'content-type, X-API-KEY, accept'],
    ]);
    expect(res.status).toBe(204);
  });

  it('preflight.ok: a * origin answers *', () => {
    const { res } = preflight('/web/public', [
      ['Origin', 'https://anyone.example'],
      ['Access-Control-Request-Method', 'GET'],
    ]);
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });

  it.each([
    [
      'origin',
      [
        ['Origin', 'https://evil.example'],
        ['Access-Control-Request-Method', 'GET'],
      ],
    ],
    ['method', [origin, ['Access-Control-Request-Method', 'DELETE']]],
    [
      'headers',
      [origin, ['Access-Control-Request-Method', 'GET'], ['Access-Control-Request-Headers', 'x-secret']],
    ],
  ] as [string, [string, string][]][])(
    'preflight.denied: a disallowed %s gets 403 cors_preflight_rejected',
    (_what, headers) => {
      const { ctx, ended } = preflight('/web/items/1', headers);
      expect(ended).toBe(true);
      expect(ctx.denyCode).toBe('cors_preflight_rejected');
      expect(ctx.denyStage).toBe('transform');
    },
  );

  it('preflight.passthrough: a route without gateway CORS, or no such route, goes on as a plain OPTIONS', () => {
    for (const url of ['/web/raw/x', '/web/nowhere']) {
      const { ctx, res, ended } = preflight(url, [origin, ['Access-Control-Request-Method', 'GET']]);
      expect(ended).toBe(false);
      expect(ctx.route).toBeNull();
      expect(ctx.denyCode).toBeNull();
      expect(res.status).toBe(0);
      // resolve then runs for OPTIONS itself.
      const denied = resolve(ctx, deps);
      expect(denied).toBe(url === '/web/nowhere');
      if (!denied) expect(ctx.route?.id).toBe('rte_nocors');
    }
  });

  it('preflight.ignored: OPTIONS without Origin or Access-Control-Request-Method is not a preflight', () => {
    expect(preflight('/web/items/1', [origin]).ended).toBe(false);
    expect(preflight('/web/items/1', [['Access-Control-Request-Method', 'GET']]).ended).toBe(false);
  });
});

describe('cors on actual requests', () => {
  function actual(url: string, headers: [string, string][]) {
    const { ctx, res } = context('GET', url, headers);
    expect(receive(ctx, deps) || resolve(ctx, deps) || cors(ctx, deps)).toBe(false);
    return res;
  }

  it('cors.ok: an allowed origin gets Allow-Origin, credentials and the exposed headers (RateLimit by default)', () => {
    const res = actual('/web/items/1', [origin]);
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(res.headers['access-control-expose-headers']).toBe(
      'RateLimit-Policy, RateLimit, Retry-After, X-Request-Id, X-Total',
    );
    expect(res.headers.vary).toBe('Origin');
  });

  it('cors.ignored: an unknown origin gets no CORS headers (the browser hides the answer), but Vary', () => {
    const res = actual('/web/items/1', [['Origin', 'https://evil.example']]);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers.vary).toBe('Origin');
  });

  it('cors.off: a route with cors null gets nothing', () => {
    const res = actual('/web/raw/x', [origin]);
    expect(res.headers).toEqual({});
  });
});
