import { describe, expect, it } from 'vitest';
import {
  type ConfigSnapshot,
  type ConfigSnapshotInput,
  configPublishedNoticeSchema,
  configSnapshotSchema,
} from './config-snapshot.js';

/** As the control plane writes it: every policy left out, so each gets its default. */
function writtenSnapshot(): ConfigSnapshotInput {
  return {
    tenantId: 'tnt_01jd0000000000000000000000',
    tenantSlug: 'acme',
    version: 3,
    createdAt: '2026-11-23T10:00:00.000Z',
    apis: [
      {
        id: 'api_1',
        name: 'Echo',
        basePath: '/echo',
        upstream: { url: 'http://127.0.0.1:4010' },
        sandboxUpstream: null,
        routes: [
          { id: 'rte_1', method: 'ANY', pathTemplate: '/*' },
          { id: 'rte_2', method: 'GET', pathTemplate: '/users/{id}' },
        ],
      },
      {
        id: 'api_2',
        name: 'Weather v2',
        basePath: '/weather/v2',
        upstream: { url: 'https://weather.internal:8443/base' },
        sandboxUpstream: { url: 'http://127.0.0.1:4010' },
        routes: [],
      },
    ],
    plans: [
      {
        id: 'pln_1',
        version: 1,
        name: 'Free',
        apiIds: ['api_1'],
        rateLimit: { limit: 10, windowSeconds: 1, burst: 20 },
        monthlyQuota: 1000,
      },
      {
        id: 'pln_2',
        version: 2,
        name: 'Unlimited',
        apiIds: ['api_1', 'api_2'],
        rateLimit: null,
        monthlyQuota: null,
      },
    ],
  };
}

function validSnapshot(): ConfigSnapshot {
  return configSnapshotSchema.parse(writtenSnapshot());
}

describe('configSnapshotSchema', () => {
  it('ok: fills absent policies with their defaults, so older snapshots still parse', () => {
    const parsed = validSnapshot();
    expect(parsed.policies).toBeDefined();
    expect(parsed.apis[0]?.policies).toBeDefined();
    expect(parsed.apis[0]?.routes[0]?.policies).toBeDefined();
  });

  it('ok: accepts a valid snapshot and returns it unchanged', () => {
    const snapshot = validSnapshot();
    expect(configSnapshotSchema.parse(snapshot)).toEqual(snapshot);
  });

  it('ok: survives a JSON round trip (Postgres and the disk copy store JSON)', () => {
    const snapshot = validSnapshot();
    expect(configSnapshotSchema.parse(JSON.parse(JSON.stringify(snapshot)))).toEqual(snapshot);
  });

  it('ok: accepts an empty tenant', () => {
    expect(configSnapshotSchema.safeParse({ ...validSnapshot(), apis: [], plans: [] }).success).toBe(true);
  });

  it('base-path.ok: single segment, nested, digits, dashes', () => {
    for (const basePath of ['/a', '/echo', '/v1', '/my-api', '/weather/v2', '/a_b/c-d/9']) {
      const snapshot = validSnapshot();
      snapshot.apis[0]!.basePath = basePath;
      expect(configSnapshotSchema.safeParse(snapshot).success, basePath).toBe(true);
    }
  });

  it('base-path.invalid: root, trailing slash, upper case, spaces, no leading slash', () => {
    for (const basePath of ['', '/', '/echo/', 'echo', '/Echo', '/ec ho', '/-echo', '/echo?x', '/é']) {
      const snapshot = validSnapshot();
      snapshot.apis[0]!.basePath = basePath;
      expect(configSnapshotSchema.safeParse(snapshot).success, basePath).toBe(false);
    }
  });

  it('base-path.invalid: empty segments are refused', () => {
    const snapshot = validSnapshot();
    snapshot.apis[0]!.basePath = '/a//b';
    expect(configSnapshotSchema.safeParse(snapshot).success).toBe(false);
  });

  it('invalid: refuses each broken field', () => {
    const cases: [string, (s: ConfigSnapshot) => void][] = [
      [
        'version 0',
        (s) => {
          s.version = 0;
        },
      ],
      [
        'version fractional',
        (s) => {
          s.version = 1.5;
        },
      ],
      [
        'createdAt not ISO',
        (s) => {
          s.createdAt = 'yesterday';
        },
      ],
      [
        'upstream not a url',
        (s) => {
          s.apis[0]!.upstream.url = 'not a url';
        },
      ],
      [
        'sandbox missing',
        (s) => void delete (s.apis[0] as Partial<ConfigSnapshot['apis'][0]>).sandboxUpstream,
      ],
      [
        'unknown method',
        (s) => {
          s.apis[0]!.routes[0]!.method = 'FETCH' as never;
        },
      ],
      [
        'lower-case method',
        (s) => {
          s.apis[0]!.routes[0]!.method = 'get' as never;
        },
      ],
      [
        'path template without slash',
        (s) => {
          s.apis[0]!.routes[0]!.pathTemplate = 'users';
        },
      ],
      [
        'rate limit zero',
        (s) => {
          s.plans[0]!.rateLimit!.limit = 0;
        },
      ],
      [
        'burst zero',
        (s) => {
          s.plans[0]!.rateLimit!.burst = 0;
        },
      ],
      [
        'window negative',
        (s) => {
          s.plans[0]!.rateLimit!.windowSeconds = -1;
        },
      ],
      [
        'quota negative',
        (s) => {
          s.plans[0]!.monthlyQuota = -1;
        },
      ],
      [
        'quota missing',
        (s) => {
          delete (s.plans[0] as Partial<ConfigSnapshot['plans'][0]>).monthlyQuota;
        },
      ],
      [
        'tenantId missing',
        (s) => {
          delete (s as Partial<ConfigSnapshot>).tenantId;
        },
      ],
    ];
    for (const [name, breakIt] of cases) {
      const snapshot = validSnapshot();
      breakIt(snapshot);
      expect(configSnapshotSchema.safeParse(snapshot).success, name).toBe(false);
    }
  });
});

describe('configPublishedNoticeSchema', () => {
  it('ok: tenant and version', () => {
    expect(configPublishedNoticeSchema.parse({ tenantId: 'tnt_1', version: 2 })).toEqual({
      tenantId: 'tnt_1',
      version: 2,
    });
  });

  it('invalid: version as string or missing tenant', () => {
    expect(configPublishedNoticeSchema.safeParse({ tenantId: 'tnt_1', version: '2' }).success).toBe(false);
    expect(configPublishedNoticeSchema.safeParse({ version: 2 }).success).toBe(false);
  });
});
