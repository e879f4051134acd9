import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  createTestDatabase,
  createTestRedisPrefix,
  type TestDatabase,
  type TestRedisPrefix,
} from '@tollgate/testing';
import { Redis } from 'ioredis';
import type { Response } from 'light-my-request';
import { createApp } from '../src/create-app.js';
import { type Env, loadEnv } from '../src/env.js';

export interface TestApp {
  app: NestFastifyApplication;
  env: Env;
  db: TestDatabase;
  redisPrefix: TestRedisPrefix;
  /** A Redis client for assertions (keys live under `env.REDIS_PREFIX`). */
  redis: Redis;
  /** Every message published on the app's channels since start, by channel. */
  notices: Map<string, unknown[]>;
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
  return {
    app,
    env,
    db,
    redisPrefix,
    redis,
    notices,
    client: () => new TestClient(app),
    async close() {
      await app.close();
      subscriber.disconnect();
      redis.disconnect();
      await redisPrefix.cleanup();
      await db.drop();
    },
  };
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
