import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type ConfigSnapshot,
  type ConfigSnapshotInput,
  configSnapshotSchema,
  type KeyRecord,
  type UsageEvent,
} from '@tollgate/contracts';
import pino from 'pino';
import type { Dispatcher } from 'undici';
import { AuthServices } from '../auth/auth-services.js';
import { type CompiledSnapshot, compileSnapshot } from '../config/compiled-snapshot.js';
import { SnapshotStore } from '../config/snapshot-store.js';
import { edgeDeps } from '../edge/edge-settings.js';
import { type CachedKey, toCachedKey } from '../keys/key-cache.js';
import { TenantConcurrency } from '../limits/tenant-concurrency.js';
import type { PipelineDeps } from '../pipeline/pipeline-deps.js';
import { RequestContext } from '../pipeline/request-context.js';

/** Test data for unit tests of the stages: no network, no Redis. */

export const testPepper = 'unit-test-pepper-0123456789abcdef0123';

export function snapshotFixture(overrides: Partial<ConfigSnapshotInput> = {}): ConfigSnapshot {
  return configSnapshotSchema.parse({
    tenantId: 'tnt_acme',
    tenantSlug: 'acme',
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    apis: [
      {
        id: 'api_echo',
        name: 'Echo',
        basePath: '/echo',
        upstream: { url: 'http://127.0.0.1:4010' },
        sandboxUpstream: null,
        routes: [{ id: 'rte_all', method: 'ANY', pathTemplate: '/*' }],
      },
      {
        id: 'api_echo_v2',
        name: 'Echo v2',
        basePath: '/echo/v2',
        upstream: { url: 'http://127.0.0.1:4011/base/' },
        sandboxUpstream: { url: 'http://127.0.0.1:4012' },
        routes: [
          { id: 'rte_user', method: 'GET', pathTemplate: '/users/{id}' },
          { id: 'rte_me', method: 'GET', pathTemplate: '/users/me' },
          { id: 'rte_create', method: 'POST', pathTemplate: '/users' },
          { id: 'rte_files', method: 'ANY', pathTemplate: '/files/*' },
        ],
      },
    ],
    plans: [
      {
        id: 'pln_basic',
        version: 1,
        name: 'Basic',
        apiIds: ['api_echo'],
        rateLimit: null,
        monthlyQuota: null,
      },
    ],
    ...overrides,
  });
}

const fakeDispatcher = {} as Dispatcher;

export function compiledFixture(overrides: Partial<ConfigSnapshotInput> = {}): CompiledSnapshot {
  return compileSnapshot(snapshotFixture(overrides), () => fakeDispatcher);
}

export function keyRecordFixture(overrides: Partial<KeyRecord> = {}): KeyRecord {
  return {
    keyId: 'key_1',
    tenantId: 'tnt_acme',
    consumerId: 'con_1',
    subscriptionId: 'sub_1',
    planId: 'pln_basic',
    planVersion: 1,
    environment: 'live',
    status: 'active',
    prefix: 'tg_live_abcdef',
    scopes: [],
    expiresAt: null,
    graceEndsAt: null,
    ...overrides,
  };
}

export function cachedKey(overrides: Partial<KeyRecord> = {}): CachedKey {
  return toCachedKey(keyRecordFixture(overrides));
}

export interface FakeDeps extends PipelineDeps {
  lookups: string[];
  events: UsageEvent[];
}

export function fakeDeps(
  snapshots: CompiledSnapshot[] = [compiledFixture()],
  keys = new Map<string, CachedKey>(),
): FakeDeps {
  const store = new SnapshotStore();
  store.putNewer(snapshots);
  const lookups: string[] = [];
  const events: UsageEvent[] = [];
  return {
    lookups,
    events,
    domainSuffix: '.gw.localhost',
    snapshots: store,
    edge: edgeDeps({ GATEWAY_TRUSTED_PROXIES: '', GATEWAY_MAX_BODY_BYTES: 1024 * 1024 }, store),
    keys: {
      lookup(keyHash: string) {
        lookups.push(keyHash);
        return Promise.resolve(keys.get(keyHash) ?? null);
      },
    },
    keyPepper: testPepper,
    auth: new AuthServices({ consumers: { lookup: () => Promise.resolve(null) }, openSecret: null }),
    // No Redis in unit tests: a limit check always admits (limit.stage.test.ts fakes its own store).
    limits: {
      store: { run: () => Promise.resolve([0, -1, 0, 0, -1, 0, -1]) },
      concurrency: new TenantConcurrency(),
      maxConcurrent: 1_000,
      redisPrefix: 'tg:',
      onStoreError: () => {},
    },
    proxy: { headersTimeoutMs: 1_000, bodyTimeoutMs: 1_000 },
    usage: { add: (event) => events.push(event) },
    accessLog: pino({ level: 'silent' }),
  };
}

export interface RequestInput {
  method?: string;
  url: string;
  headers?: [string, string][];
  /** The socket peer; 127.0.0.1 by default. */
  remoteAddress?: string;
}

export function contextFor(input: RequestInput): RequestContext {
  const rawHeaders = (input.headers ?? []).flat();
  const req = {
    method: input.method ?? 'GET',
    url: input.url,
    rawHeaders,
    socket: { remoteAddress: input.remoteAddress ?? '127.0.0.1' },
  } as unknown as IncomingMessage;
  return new RequestContext(req, {} as ServerResponse, performance.now(), Date.now());
}

/** A minimal usage event (an anonymous 200) with the given id. */
export function usageEventFixture(id: string): UsageEvent {
  return {
    id,
    requestId: `req_${id}`,
    timestamp: 0,
    tenantId: 'tnt_acme',
    apiId: null,
    routeId: null,
    keyId: null,
    consumerId: null,
    subscriptionId: null,
    environment: null,
    method: 'GET',
    path: '/',
    status: 200,
    latencyMs: 1,
    denyCode: null,
    quotaCounted: false,
    billable: false,
  };
}
