import { randomBytes } from 'node:crypto';
import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  createTestDatabase,
  createTestRedisPrefix,
  type TestDatabase,
  type TestRedisPrefix,
} from '@tollgate/testing';
import { Redis } from 'ioredis';
import type { Response } from 'light-my-request';
import { expect } from 'vitest';
import { createApp } from '../src/create-app.js';
import { type Env, loadEnv } from '../src/env.js';
import { controllerRoutes } from '../src/modules/openapi/controller-routes.js';
import { responseViolations } from './response-contract.js';

export interface TestApp {
  app: NestFastifyApplication;
  env: Env;
  db: TestDatabase;
  redisPrefix: TestRedisPrefix;
  /** A Redis client for assertions (keys live under `env.REDIS_PREFIX`). */
  redis: Redis;
  /** Every message published on the app's channels since start, by channel. */
  notices: Map<string, unknown[]>;
  /** Success answers that differ from their route's documented response (see `checkResponses`); `close` fails on any. */
  responseViolations: string[];
  client(): TestClient;
  close(): Promise<void>;
}

/** The real app on its own database and Redis prefix, driven through `inject` (no port). */
/** `overrides` replace env entries (e.g. `ALLOWED_PRIVATE_UPSTREAM_TENANTS`). */
export async function startTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const redisPrefix = createTestRedisPrefix();
  const env = loadEnv({
    DATABASE_URL: db.url,
    REDIS_URL: redisPrefix.redisUrl,
    REDIS_PREFIX: redisPrefix.prefix,
    KEY_PEPPER: 'test-pepper-test-pepper-test-pepper-0001',
    SESSION_SECRET: 'test-session-secret-test-session-secret-01',
    COOKIE_SECURE: 'false',
    LOG_LEVEL: 'silent',
    // A master key per run: tests that start a gateway hand it the same one (`env.MASTER_KEY`).
    MASTER_KEY: randomBytes(32).toString('base64'),
    MASTER_KEY_ID: 'mk-test',
    // Test upstreams run on 127.0.0.1.
    ALLOWED_PRIVATE_UPSTREAM_TENANTS: '*',
    ...overrides,
  });
  const redis = new Redis(redisPrefix.redisUrl);
  const subscriber = new Redis(redisPrefix.redisUrl);
  const notices = new Map<string, unknown[]>();
  await subscriber.psubscribe(`${redisPrefix.prefix}*`);
  subscriber.on('pmessage', (_pattern: string, channel: string, message: string) => {
    notices.set(channel, [...(notices.get(channel) ?? []), JSON.parse(message)]);
  });
  const app = await createApp(env);
  const violations = checkResponses(app);
  return {
    app,
    env,
    db,
    redisPrefix,
    redis,
    notices,
    responseViolations: violations,
    client: () => new TestClient(app),
    async close() {
      await app.close();
      subscriber.disconnect();
      redis.disconnect();
      await redisPrefix.cleanup();
      await db.drop();
      if (violations.length > 0)
        throw new Error(
          `${violations.length} answer(s) differ from the documented response (@Returns in the controller, the output schema in *.schemas.ts):\n${violations.join('\n')}`,
        );
    },
  };
}

/**
 * The OpenAPI document's promise, checked on every success answer the tests get: the status,
 * the content type and, for JSON, the body parsed with the route's `@Returns` schema (no field
 * it does not name). Each mismatch is recorded with the test that caused it; `close()` (the
 * test file's afterAll) then fails with the list, so a wrong schema cannot go unnoticed.
 */
function checkResponses(app: NestFastifyApplication): string[] {
  const routes = new Map(controllerRoutes(app.get(ModulesContainer)).map((r) => [`${r.method} ${r.url}`, r]));
  const violations: string[] = [];
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (request, reply, payload) => {
      if (request.method === 'HEAD' || reply.statusCode < 200 || reply.statusCode > 299) return payload;
      const route = routes.get(`${request.method} ${request.routeOptions.url}`);
      const problems = route
        ? responseViolations(route, {
            status: reply.statusCode,
            contentType: reply.getHeader('content-type')?.toString(),
            body:
              typeof payload === 'string'
                ? payload
                : Buffer.isBuffer(payload)
                  ? payload.toString()
                  : undefined,
          })
        : ['no controller route declares this answer'];
      const test = expect.getState().currentTestName ?? '(outside a test)';
      for (const problem of problems)
        violations.push(`- ${test}: ${request.method} ${request.url.split('?', 1)[0]} → ${problem}`);
      return payload;
    });
  return violations;
}

/** A browser stand-in: keeps the `tg_session` cookie between calls. */
export class TestClient {
  cookie: string | undefined;
  /** Like the portal, send the session's `X-CSRF-Token` on changes; false to test the refusal. */
  sendCsrf = true;
  /** Sent as `Authorization: Bearer …` (a personal access token) when set. */
  bearer: string | undefined;
  /** The client address the app sees (default 127.0.0.1). */
  remoteAddress: string | undefined;
  private csrf: { cookie: string; token: string } | undefined;

  constructor(private readonly app: NestFastifyApplication) {}

  async call(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
  ): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = `tg_session=${this.cookie}`;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    if (method !== 'GET' && this.cookie && this.sendCsrf && !this.bearer) {
      const token = await this.csrfToken(this.cookie);
      if (token) headers['x-csrf-token'] = token;
    }
    const response = await this.app.inject({
      method,
      url,
      headers,
      ...(this.remoteAddress ? { remoteAddress: this.remoteAddress } : {}),
      ...(body === undefined ? {} : { payload: body as object }),
    });
    const set = response.cookies.find((c) => c.name === 'tg_session');
    if (set) this.cookie = set.expires && set.expires.getTime() <= Date.now() ? undefined : set.value;
    return response;
  }

  /**
   * The CSRF token of the session behind `cookie`, cached per session: from GET /v1/auth/csrf,
   * or GET /v1/me/csrf for a developer-portal session.
   */
  private async csrfToken(cookie: string): Promise<string | undefined> {
    if (this.csrf?.cookie === cookie) return this.csrf.token;
    let response: Response | undefined;
    for (const url of ['/v1/auth/csrf', '/v1/me/csrf']) {
      response = await this.app.inject({ method: 'GET', url, headers: { cookie: `tg_session=${cookie}` } });
      if (response.statusCode === 200) break;
    }
    if (response?.statusCode !== 200) return undefined;
    this.csrf = { cookie, token: (response.json() as { token: string }).token };
    return this.csrf.token;
  }

  get(url: string): Promise<Response> {
    return this.call('GET', url);
  }

  post(url: string, body?: unknown): Promise<Response> {
    return this.call('POST', url, body);
  }

  delete(url: string): Promise<Response> {
    return this.call('DELETE', url);
  }

  /** Signs up a developer on the portal of the tenant at `tenantSlug` (signed in afterwards). */
  async portalSignup(
    tenantSlug: string,
    email: string,
  ): Promise<{ accountId: string; consumerId: string; email: string; password: string }> {
    const password = 'developer horse battery';
    const response = await this.post(`/v1/portal/${tenantSlug}/signup`, { email, password, name: email });
    if (response.statusCode !== 201)
      throw new Error(`portal signup failed: ${response.statusCode} ${response.body}`);
    const body = response.json() as { account: { id: string }; consumer: { id: string } };
    return { accountId: body.account.id, consumerId: body.consumer.id, email, password };
  }

  /** Signs up a new user with their own tenant; returns the tenant id. */
  async signup(slug: string): Promise<{ tenantId: string; userId: string; email: string; password: string }> {
    const email = `${slug}@example.test`;
    const password = 'correct horse battery';
    const response = await this.post('/v1/auth/signup', {
      email,
      password,
      name: `Owner of ${slug}`,
      tenantName: `Tenant ${slug}`,
      tenantSlug: slug,
    });
    if (response.statusCode !== 201)
      throw new Error(`signup failed: ${response.statusCode} ${response.body}`);
    const body = response.json() as { user: { id: string }; tenant: { id: string } };
    return { tenantId: body.tenant.id, userId: body.user.id, email, password };
  }
}
