import { lookup } from 'node:dns/promises';
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { type ConfigSnapshotInput, configSnapshotSchema } from '@tollgate/contracts';
import {
  createTestRedisPrefix,
  type EchoUpstream,
  startEchoUpstream,
  type TestRedisPrefix,
} from '@tollgate/testing';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompiledRoute } from '../config/compiled-snapshot.js';
import { compileRoute } from '../config/compiled-snapshot.js';
import { UpstreamPools } from '../config/upstream-pools.js';
import type { PipelineDeps } from '../pipeline/pipeline-deps.js';
import { RequestContext } from '../pipeline/request-context.js';
import { sendProblem } from '../pipeline/respond.js';
import { proxy } from '../pipeline/stages/proxy.stage.js';
import { freePort } from '../test-support/free-port.js';
import { createUpstreamCompiler } from './compile-upstreams.js';
import { ResponseCache } from './response-cache.js';
import type { UpstreamGroup } from './upstream-group.js';

/**
 * The proxy stage against real upstreams (echo servers, closed ports, a streaming server),
 * with real undici pools, health checks and breakers. The stages before proxy are not
 * involved: a tiny HTTP server hands each request to `proxy` with the group under test.
 */

async function eventually(probe: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

type ApiInput = ConfigSnapshotInput['apis'][number];

const logger = pino({ level: 'silent' });
const deps = { proxy: { headersTimeoutMs: 2_000, bodyTimeoutMs: 2_000 } } as PipelineDeps;
/** The route of the cached-route tests. */
const cachedRoute: CompiledRoute = compileRoute({ id: 'rte_cached', method: 'GET', pathTemplate: '/*' });

describe('proxy stage on real upstreams', () => {
  let pools: UpstreamPools;
  let echoA: EchoUpstream;
  let echoB: EchoUpstream;
  let deadUrl: string;
  let gateway: Server;
  let gatewayUrl: string;
  let streamer: Server;
  let streamerUrl: string;
  /** The group (and route) the next request is proxied to. */
  let current: UpstreamGroup;
  let currentRoute: CompiledRoute | null = null;
  let redisPrefix: TestRedisPrefix;
  let redis: Redis;
  /** An origin whose answers carry the Cache-Control asked for in `?cc=`, and a counter. */
  let origin: Server;
  let originUrl: string;
  let originCalls = 0;

  function group(
    api: Partial<ApiInput> & Pick<ApiInput, 'upstream'>,
    options: { allowPrivate?: boolean; allowPrivateSlugs?: string[] } = {},
  ): UpstreamGroup {
    const snapshot = configSnapshotSchema.parse({
      tenantId: `tnt_${Math.random().toString(36).slice(2)}`,
      tenantSlug: 'proxy-test',
      version: 1,
      createdAt: new Date().toISOString(),
      apis: [{ id: 'api_x', name: 'X', basePath: '/x', sandboxUpstream: null, routes: [], ...api }],
      plans: [],
      policies: { allowPrivateUpstreams: options.allowPrivate ?? true },
    } satisfies ConfigSnapshotInput);
    const compiler = createUpstreamCompiler({
      pools,
      allowPrivateSlugs: options.allowPrivateSlugs ?? [],
      logger,
    });
    return compiler.compile(snapshot, snapshot.apis[0]!, 'live')!;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const ctx = new RequestContext(req, res, performance.now(), Date.now());
    ctx.requestId = 'req_test';
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    ctx.apiPath = q === -1 ? url : url.slice(0, q);
    ctx.query = q === -1 ? '' : url.slice(q);
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i]!.toLowerCase();
      if (name === 'host' || name === 'connection') continue;
      ctx.forwardHeaders.push(name, req.rawHeaders[i + 1]!);
    }
    ctx.hostHeader = req.headers.host ?? '';
    ctx.hasBody = req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0';
    ctx.contentLength = Number(req.headers['content-length'] ?? -1);
    ctx.maxBodyBytes = 1_000_000;
    ctx.upstream = current;
    ctx.route = currentRoute;
    ctx.rateLimitSubject = String(req.headers['x-test-subject'] ?? '');
    ctx.admitted = true;
    if (await proxy(ctx, deps)) sendProblem(ctx, ctx.denyCode!);
  }

  interface Answer {
    status: number;
    code: string | null;
    headers: Record<string, string | string[] | undefined>;
    raw: Buffer;
  }

  function call(
    path: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = request(`${gatewayUrl}${path}`, { method: init.method ?? 'GET', headers: init.headers });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          let code: string | null = null;
          if (res.headers['content-type'] === 'application/problem+json')
            code = (JSON.parse(raw.toString()) as { code: string }).code;
          resolve({ status: res.statusCode ?? 0, code, headers: res.headers, raw });
        });
      });
      req.on('error', reject);
      req.end(init.body);
    });
  }

  beforeAll(async () => {
    pools = new UpstreamPools({ connectTimeoutMs: 1_000, connections: 16, keepAliveTimeoutMs: 2_000 });
    echoA = await startEchoUpstream();
    echoB = await startEchoUpstream();
    deadUrl = `http://127.0.0.1:${await freePort()}`;
    gateway = createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
    // Server-sent events: a chunk every `gap` ms, `count` of them.
    streamer = createServer((req, res) => {
      const params = new URL(req.url ?? '/', 'http://x').searchParams;
      const gap = Number(params.get('gap') ?? 100);
      const count = Number(params.get('count') ?? 5);
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.flushHeaders();
      let sent = 0;
      const timer = setInterval(() => {
        res.write(`data: ${sent}\n\n`);
        if (++sent === count) {
          clearInterval(timer);
          res.end();
        }
      }, gap);
      res.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => streamer.listen(0, '127.0.0.1', resolve));
    streamerUrl = `http://127.0.0.1:${(streamer.address() as AddressInfo).port}`;
    origin = createServer((req, res) => {
      originCalls++;
      const params = new URL(req.url ?? '/', 'http://x').searchParams;
      const body = JSON.stringify({ call: originCalls, path: req.url });
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const cc = params.get('cc');
      if (cc !== null) headers['cache-control'] = cc;
      res.writeHead(200, headers).end(body);
    });
    await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
    originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
    redisPrefix = createTestRedisPrefix();
    redis = new Redis(redisPrefix.redisUrl);
    deps.responseCache = new ResponseCache(redis, redisPrefix.prefix);
  });

  afterAll(async () => {
    await pools?.closeAll();
    redis?.disconnect();
    await redisPrefix?.cleanup();
    for (const server of [gateway, streamer, origin]) {
      if (server === undefined) continue;
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    await echoA?.close();
    await echoB?.close();
  });

  it('balances across two echo upstreams by weight (3:1)', async () => {
    echoA.reset();
    echoB.reset();
    current = group({
      upstream: { url: echoA.url },
      policies: {
        targets: [
          { url: echoA.url, weight: 3 },
          { url: echoB.url, weight: 1 },
        ],
      },
    });
    for (let i = 0; i < 40; i++) expect((await call(`/lb/${i}`)).status).toBe(200);
    expect([echoA.stats.requests, echoB.stats.requests]).toEqual([30, 10]);
  });

  it('forwards to the target URL path and keeps the query', async () => {
    current = group({ upstream: { url: `${echoA.url}/base/` } });
    const answer = await call('/users/7?x=1');
    const body = JSON.parse(answer.raw.toString()) as { path: string; query: Record<string, string> };
    expect(body).toMatchObject({ path: '/base/users/7', query: { x: '1' } });
  });

  it('skips a dead target once the health check marked it down, and brings it back when it recovers', async () => {
    echoA.reset();
    current = group({
      upstream: { url: echoA.url },
      policies: {
        targets: [{ url: deadUrl }, { url: echoA.url }],
        healthCheck: { path: '/health', intervalMs: 100, timeoutMs: 500, unhealthyThreshold: 1 },
        retries: 0,
      },
    });
    const dead = current.targets[0]!.state;
    await eventually(() => !dead.healthy);
    for (let i = 0; i < 10; i++) expect((await call('/hc')).status).toBe(200);
    expect(echoA.stats.requests).toBeGreaterThanOrEqual(10);

    // The port comes alive: the next passing check marks the target up again.
    const port = Number(new URL(deadUrl).port);
    const revived = await startEchoUpstream({ port });
    try {
      await eventually(() => dead.healthy);
      revived.reset();
      for (let i = 0; i < 4; i++) await call('/hc');
      expect(revived.stats.requests).toBe(2);
    } finally {
      await revived.close();
    }
    await eventually(() => !dead.healthy);
    // Later tests count requests on echoA: no more checks from this group.
    for (const target of current.targets) target.state.stop();
  });

  it('retries a GET on the second target when the first refuses the connection', async () => {
    echoA.reset();
    current = group({
      upstream: { url: echoA.url },
      policies: {
        targets: [{ url: deadUrl }, { url: echoA.url }],
        retries: 1,
        circuitBreaker: { failureThreshold: 100 },
      },
    });
    // Equal weights send every other first attempt to the dead target: only the retry makes them 200.
    for (let i = 0; i < 6; i++) expect((await call('/retry')).status).toBe(200);
    // At least the six answers came from echoA (a request of an earlier test may land after reset).
    expect(echoA.stats.requests).toBeGreaterThanOrEqual(6);
  });

  it('never retries a POST: 503 upstream_unavailable when its target refuses', async () => {
    echoA.reset();
    current = group({
      upstream: { url: echoA.url },
      policies: {
        targets: [{ url: deadUrl }, { url: echoA.url }],
        retries: 1,
        circuitBreaker: { failureThreshold: 100 },
      },
    });
    // Equal weights: the first pick is the first target (the dead one).
    const answer = await call('/post', {
      method: 'POST',
      body: '{"a":1}',
      headers: { 'content-type': 'application/json' },
    });
    expect(answer).toMatchObject({ status: 503, code: 'upstream_unavailable' });
    expect(echoA.stats.requests).toBe(0);
  });

  it('answers 504 upstream_timeout when the upstream is slower than the response timeout', async () => {
    current = group({ upstream: { url: echoA.url }, policies: { responseTimeoutMs: 200 } });
    const started = performance.now();
    const answer = await call('/slow', { headers: { 'x-echo-delay-ms': '4000' } });
    expect(answer).toMatchObject({ status: 504, code: 'upstream_timeout' });
    // undici's timers have about 1 s of resolution.
    expect(performance.now() - started).toBeLessThan(3_500);
  });

  it('opens the breaker after N failures (503 upstream_unavailable without calling), half-opens after the cool-down', async () => {
    echoB.reset();
    current = group({
      upstream: { url: echoB.url },
      policies: {
        responseTimeoutMs: 150,
        retries: 0,
        circuitBreaker: { failureThreshold: 2, coolDownMs: 500 },
      },
    });
    for (let i = 0; i < 2; i++)
      expect((await call('/slow', { headers: { 'x-echo-delay-ms': '4000' } })).code).toBe('upstream_timeout');
    const before = echoB.stats.requests;
    expect(await call('/fast')).toMatchObject({ status: 503, code: 'upstream_unavailable' });
    expect(echoB.stats.requests).toBe(before);
    expect(current.targets[0]!.state.breaker.state).toBe('open');

    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await call('/fast')).status).toBe(200);
    expect(current.targets[0]!.state.breaker.state).toBe('closed');
  });

  it.each([
    ['gzip', gunzipSync],
    ['br', brotliDecompressSync],
  ] as const)(
    'compresses a large JSON answer with %s when the client accepts it',
    async (encoding, decode) => {
      current = group({ upstream: { url: echoA.url } });
      const pad = 'x'.repeat(4_000);
      const answer = await call('/big', { headers: { 'accept-encoding': encoding, 'x-pad': pad } });
      expect(answer.status).toBe(200);
      expect(answer.headers['content-encoding']).toBe(encoding);
      expect(answer.headers['content-length']).toBeUndefined();
      expect(answer.headers.vary).toMatch(/accept-encoding/i);
      expect(answer.raw.length).toBeLessThan(2_000);
      const body = JSON.parse(decode(answer.raw).toString()) as { headers: Record<string, string> };
      expect(body.headers['x-pad']).toBe(pad);
    },
  );

  it('does not compress without Accept-Encoding, for small bodies, or when the API turns it off', async () => {
    current = group({ upstream: { url: echoA.url } });
    const pad = 'x'.repeat(4_000);
    expect((await call('/plain', { headers: { 'x-pad': pad } })).headers['content-encoding']).toBeUndefined();
    expect(
      (await call('/s', { headers: { 'accept-encoding': 'gzip' } })).headers['content-encoding'],
    ).toBeUndefined();
    current = group({ upstream: { url: echoA.url }, policies: { compress: false } });
    const off = await call('/off', { headers: { 'accept-encoding': 'gzip', 'x-pad': pad } });
    expect(off.headers['content-encoding']).toBeUndefined();
  });

  it('streams server-sent events longer than the idle timeout (bounded per gap, not in total), uncompressed', async () => {
    current = group({ upstream: { url: streamerUrl }, policies: { idleTimeoutMs: 400 } });
    const started = performance.now();
    const answer = await call('/events?gap=150&count=6', { headers: { 'accept-encoding': 'gzip' } });
    const elapsed = performance.now() - started;
    console.log(`SSE: 6 events over ${elapsed.toFixed(0)} ms with a 400 ms idle timeout`);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.raw.toString().match(/data: /g)).toHaveLength(6);
    expect(elapsed).toBeGreaterThan(400);
  });

  it('cuts a stream that stays silent longer than the idle timeout', async () => {
    current = group({ upstream: { url: streamerUrl }, policies: { idleTimeoutMs: 300 } });
    const started = performance.now();
    await expect(call('/events?gap=5000&count=2')).rejects.toThrow();
    const elapsed = performance.now() - started;
    console.log(
      `silent stream cut after ${elapsed.toFixed(0)} ms (idle timeout 300 ms, first chunk due at 5000 ms)`,
    );
    // undici runs its body/headers timers at about 1 s resolution: cut well before the first chunk.
    expect(elapsed).toBeLessThan(4_000);
  });

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://[::ffff:127.0.0.1]/',
    'http://2130706433/',
    'http://metadata.google.internal/',
    'http://user:secret@example.com/',
  ])(
    'refuses an SSRF-shaped upstream (%s) with 502 upstream_forbidden, even for a trusted tenant',
    async (url) => {
      current = group({ upstream: { url } }, { allowPrivate: true });
      expect(current.forbidden).not.toBeNull();
      expect(await call('/ssrf')).toMatchObject({ status: 502, code: 'upstream_forbidden' });
    },
  );

  it('refuses a loopback upstream unless the tenant (snapshot policy or gateway env) allows private upstreams', async () => {
    echoA.reset();
    current = group({ upstream: { url: echoA.url } }, { allowPrivate: false });
    expect(await call('/private')).toMatchObject({ status: 502, code: 'upstream_forbidden' });
    expect(echoA.stats.requests).toBe(0);
    current = group(
      { upstream: { url: echoA.url } },
      { allowPrivate: false, allowPrivateSlugs: ['proxy-test'] },
    );
    expect((await call('/private')).status).toBe(200);
    current = group({ upstream: { url: echoA.url } }, { allowPrivate: false, allowPrivateSlugs: ['*'] });
    expect((await call('/private')).status).toBe(200);
  });

  it('refuses at connect time a host name whose DNS answer is loopback', async () => {
    const name = hostname();
    const resolved = await lookup(name).catch(() => null);
    if (resolved === null || !resolved.address.startsWith('127.')) {
      console.log(`skipped: ${name} does not resolve to loopback here`);
      return;
    }
    echoA.reset();
    const url = `http://${name}:${new URL(echoA.url).port}`;
    current = group({ upstream: { url } }, { allowPrivate: false });
    expect(current.forbidden).toBeNull(); // a name passes the static check...
    expect(await call('/dns')).toMatchObject({ status: 502, code: 'upstream_forbidden' }); // ...not its answer
    expect(echoA.stats.requests).toBe(0);
  });

  describe('response cache (per route, Redis)', () => {
    function cachedGroup(cache: Record<string, unknown> = {}): UpstreamGroup {
      currentRoute = cachedRoute;
      return group({
        upstream: { url: originUrl },
        routes: [
          {
            id: 'rte_cached',
            method: 'GET',
            pathTemplate: '/*',
            policies: { cache: { ttlSeconds: 60, ...cache } },
          },
        ],
      });
    }

    function json(answer: Answer): { call: number } {
      return JSON.parse(answer.raw.toString()) as { call: number };
    }

    afterAll(() => {
      currentRoute = null;
    });

    it('serves the second GET from Redis (x-cache HIT, Age), the upstream called once', async () => {
      current = cachedGroup();
      const before = originCalls;
      const first = await call('/c1?cc=max-age=60');
      const second = await call('/c1?cc=max-age=60');
      expect(first.headers['x-cache']).toBe('MISS');
      expect(second.headers['x-cache']).toBe('HIT');
      expect(second.headers.age).toMatch(/^\d+$/);
      expect(json(second)).toEqual(json(first));
      expect(originCalls - before).toBe(1);
      // HEAD is answered from the GET's entry, without a body.
      const head = await call('/c1?cc=max-age=60', { method: 'HEAD' });
      expect(head.headers['x-cache']).toBe('HIT');
      expect(head.raw.length).toBe(0);
      expect(originCalls - before).toBe(1);
    });

    it.each(['no-store', 'private, max-age=60', 'no-cache'])(
      'never stores an answer marked %s',
      async (cc) => {
        current = cachedGroup();
        const before = originCalls;
        await call(`/c2?cc=${encodeURIComponent(cc)}`);
        const again = await call(`/c2?cc=${encodeURIComponent(cc)}`);
        expect(again.headers['x-cache']).toBe('MISS');
        expect(originCalls - before).toBe(2);
      },
    );

    it("honours the request's no-cache (asks the upstream, stores the fresh answer) and no-store (no cache at all)", async () => {
      current = cachedGroup();
      const before = originCalls;
      await call('/c3');
      const refreshed = await call('/c3', { headers: { 'cache-control': 'no-cache' } });
      expect(refreshed.headers['x-cache']).toBe('MISS');
      const after = await call('/c3');
      expect(after.headers['x-cache']).toBe('HIT');
      expect(json(after).call).toBe(json(refreshed).call);
      const bypass = await call('/c3', { headers: { 'cache-control': 'no-store' } });
      expect(bypass.headers['x-cache']).toBeUndefined();
      expect(originCalls - before).toBe(3);
    });

    it("expires entries after the upstream's max-age when shorter than the route's TTL", async () => {
      current = cachedGroup();
      await call('/c4?cc=max-age=1');
      expect((await call('/c4?cc=max-age=1')).headers['x-cache']).toBe('HIT');
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      expect((await call('/c4?cc=max-age=1')).headers['x-cache']).toBe('MISS');
    });

    it('keeps entries per consumer by default, one for all with scope shared', async () => {
      current = cachedGroup();
      await call('/c5', { headers: { 'x-test-subject': 'alice' } });
      expect((await call('/c5', { headers: { 'x-test-subject': 'bob' } })).headers['x-cache']).toBe('MISS');
      expect((await call('/c5', { headers: { 'x-test-subject': 'alice' } })).headers['x-cache']).toBe('HIT');
      current = cachedGroup({ scope: 'shared' });
      await call('/c6', { headers: { 'x-test-subject': 'alice' } });
      expect((await call('/c6', { headers: { 'x-test-subject': 'bob' } })).headers['x-cache']).toBe('HIT');
    });

    it('proxies as usual when Redis is unreachable (a miss, never an error)', async () => {
      const closed = `redis://127.0.0.1:${await freePort()}`;
      const deadRedis = new Redis(closed, {
        maxRetriesPerRequest: 0,
        enableOfflineQueue: false,
        lazyConnect: true,
      });
      deadRedis.on('error', () => {});
      const working = deps.responseCache;
      deps.responseCache = new ResponseCache(deadRedis, 'tg-dead:');
      try {
        current = cachedGroup();
        const answer = await call('/c7');
        expect(answer.status).toBe(200);
        expect(answer.headers['x-cache']).toBe('MISS');
      } finally {
        deps.responseCache = working;
        deadRedis.disconnect();
      }
    });
  });
});
