import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  controlPlaneEnv,
  databaseEnv,
  EnvError,
  gatewayEnv,
  keysEnv,
  logEnv,
  parseEnv,
  redisEnv,
  workerEnv,
} from './env.js';

const secret = 's'.repeat(32);

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as EnvError).problems;
  }
  throw new Error('expected an EnvError');
}

describe('parseEnv', () => {
  const appEnv = z.object({
    ...databaseEnv.shape,
    ...redisEnv.shape,
    ...keysEnv.shape,
    ...controlPlaneEnv.shape,
    ...logEnv.shape,
  });

  it('ok: a composed schema parses a valid env', () => {
    const env = parseEnv(appEnv, {
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/tollgate',
      KEY_PEPPER: secret,
      SESSION_SECRET: secret,
      REDIS_PREFIX: 'tg-test_1:',
      COOKIE_SECURE: 'false',
      LOG_LEVEL: 'debug',
    });
    expect(env).toEqual({
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/tollgate',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: 'tg-test_1:',
      KEY_PEPPER: secret,
      SESSION_SECRET: secret,
      CONTROL_PLANE_PORT: 3001,
      CONTROL_PLANE_HOST: '127.0.0.1',
      COOKIE_SECURE: false,
      ALLOWED_PRIVATE_UPSTREAM_TENANTS: [],
      CONTROL_PLANE_TRUSTED_PROXIES: '',
      LOG_LEVEL: 'debug',
    });
  });

  it('all-problems.invalid: lists every problem at once, one per variable', () => {
    const problems = problemsOf(() =>
      parseEnv(appEnv, {
        DATABASE_URL: 'not a url',
        KEY_PEPPER: 'short',
        REDIS_PREFIX: 'TG',
        COOKIE_SECURE: 'yes',
        LOG_LEVEL: 'loud',
        CONTROL_PLANE_PORT: '70000',
      }),
    );
    const names = problems.map((p) => p.split(':')[0]);
    expect(names.sort()).toEqual(
      [
        'COOKIE_SECURE',
        'CONTROL_PLANE_PORT',
        'DATABASE_URL',
        'KEY_PEPPER',
        'LOG_LEVEL',
        'REDIS_PREFIX',
        'SESSION_SECRET',
      ].sort(),
    );
  });

  it('message.invalid: the error message names every variable', () => {
    try {
      parseEnv(appEnv, {});
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      expect((error as EnvError).name).toBe('EnvError');
      for (const name of ['DATABASE_URL', 'KEY_PEPPER', 'SESSION_SECRET']) {
        expect((error as Error).message).toContain(name);
      }
    }
  });

  it('secrets.invalid: problems never echo the values', () => {
    const problems = problemsOf(() =>
      parseEnv(appEnv, {
        DATABASE_URL: 'postgres-password-hunter2',
        KEY_PEPPER: 'pepper-hunter2',
        SESSION_SECRET: 'session-hunter2',
      }),
    );
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('root.invalid: a non-object schema failure is reported as (root)', () => {
    expect(
      problemsOf(() =>
        parseEnv(
          z.object({ A: z.string() }).refine(() => false, 'nope'),
          { A: 'x' },
        ),
      ),
    ).toEqual(['(root): nope']);
  });

  it('process-env.ok: defaults to process.env', () => {
    process.env.TOLLGATE_CONFIG_TEST_VALUE = 'from-process';
    try {
      expect(parseEnv(z.object({ TOLLGATE_CONFIG_TEST_VALUE: z.string() }))).toEqual({
        TOLLGATE_CONFIG_TEST_VALUE: 'from-process',
      });
    } finally {
      delete process.env.TOLLGATE_CONFIG_TEST_VALUE;
    }
  });

  it('extra.ok: unrelated variables are ignored and not returned', () => {
    expect(parseEnv(workerEnv, { PATH: '/bin', HOME: '/root' })).toEqual({
      WORKER_HEALTH_PORT: 3002,
      WORKER_HOST: '127.0.0.1',
    });
  });
});

describe('defaults', () => {
  it('ports.ok: the agreed default ports', () => {
    expect(parseEnv(gatewayEnv, {}).GATEWAY_PORT).toBe(8080);
    expect(parseEnv(controlPlaneEnv, { SESSION_SECRET: secret }).CONTROL_PLANE_PORT).toBe(3001);
    expect(parseEnv(workerEnv, {}).WORKER_HEALTH_PORT).toBe(3002);
  });

  it('gateway.ok: host, domain and snapshot dir defaults; no id', () => {
    // toMatchObject: each gateway concern adds its own defaulted settings, tested on its own.
    expect(parseEnv(gatewayEnv, {}).GATEWAY_ID).toBeUndefined();
    expect(parseEnv(gatewayEnv, {})).toMatchObject({
      GATEWAY_PORT: 8080,
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_DOMAIN: 'gw.localhost',
      SNAPSHOT_DIR: '.tollgate/snapshots',
    });
  });

  it('edge.ok: no trusted proxy, 16 KiB of headers and 10 MiB of body by default', () => {
    expect(parseEnv(gatewayEnv, {})).toMatchObject({
      GATEWAY_TRUSTED_PROXIES: '',
      GATEWAY_MAX_HEADER_BYTES: 16_384,
      GATEWAY_MAX_BODY_BYTES: 10 * 1024 * 1024,
    });
  });

  it('trusted-proxies.ok: IPs and CIDRs, v4 and v6', () => {
    const spec = '10.0.0.0/8, 192.168.1.5,::1, fd00::/8';
    expect(parseEnv(gatewayEnv, { GATEWAY_TRUSTED_PROXIES: spec }).GATEWAY_TRUSTED_PROXIES).toBe(spec);
  });

  it.each([['10.0.0.0/33'], ['example.com'], ['10.0.0.1/x'], ['::1/129']])(
    'trusted-proxies.invalid: %s is refused',
    (spec) => {
      expect(problemsOf(() => parseEnv(gatewayEnv, { GATEWAY_TRUSTED_PROXIES: spec }))[0]).toMatch(
        /^GATEWAY_TRUSTED_PROXIES:/,
      );
    },
  );

  it("trusted-proxies.invalid: the control plane's list is checked the same way", () => {
    expect(
      problemsOf(() =>
        parseEnv(controlPlaneEnv, {
          SESSION_SECRET: 's'.repeat(32),
          CONTROL_PLANE_TRUSTED_PROXIES: 'portal',
        }),
      )[0],
    ).toMatch(/^CONTROL_PLANE_TRUSTED_PROXIES:/);
  });

  it('redis.ok: local Redis and the tg: prefix', () => {
    expect(parseEnv(redisEnv, {})).toEqual({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: 'tg:' });
  });

  it('cookie.ok: secure cookies unless told otherwise', () => {
    expect(parseEnv(controlPlaneEnv, { SESSION_SECRET: secret }).COOKIE_SECURE).toBe(true);
    expect(parseEnv(controlPlaneEnv, { SESSION_SECRET: secret, COOKIE_SECURE: 'true' }).COOKIE_SECURE).toBe(
      true,
    );
  });

  it('log.ok: info', () => {
    expect(parseEnv(logEnv, {}).LOG_LEVEL).toBe('info');
  });

  it('required.invalid: DATABASE_URL, KEY_PEPPER and SESSION_SECRET have no default', () => {
    expect(problemsOf(() => parseEnv(databaseEnv, {}))[0]).toMatch(/^DATABASE_URL:/);
    expect(problemsOf(() => parseEnv(keysEnv, {}))[0]).toMatch(/^KEY_PEPPER:/);
    expect(problemsOf(() => parseEnv(controlPlaneEnv, {}))[0]).toMatch(/^SESSION_SECRET:/);
  });
});

describe('ports', () => {
  it('coerce.ok: a numeric string becomes a number', () => {
    expect(parseEnv(gatewayEnv, { GATEWAY_PORT: '9090' }).GATEWAY_PORT).toBe(9090);
    expect(parseEnv(workerEnv, { WORKER_HEALTH_PORT: '0' }).WORKER_HEALTH_PORT).toBe(0);
    expect(parseEnv(workerEnv, { WORKER_HEALTH_PORT: '65535' }).WORKER_HEALTH_PORT).toBe(65535);
  });

  it('range.invalid: out of range, fractional or non-numeric ports are refused', () => {
    for (const value of ['65536', '-1', '80.5', 'http', 'NaN']) {
      expect(
        problemsOf(() => parseEnv(gatewayEnv, { GATEWAY_PORT: value })),
        value,
      ).toHaveLength(1);
    }
  });

  it('empty.invalid: an empty port is refused rather than read as 0', () => {
    expect(() => parseEnv(gatewayEnv, { GATEWAY_PORT: '' })).toThrow(EnvError);
  });
});

describe('values', () => {
  it('redis-prefix.invalid: must be lowercase and end with a colon', () => {
    for (const value of ['tg', 'TG:', 'tg :', 'tg:x', '']) {
      expect(
        problemsOf(() => parseEnv(redisEnv, { REDIS_PREFIX: value })),
        value,
      ).toHaveLength(1);
    }
    expect(parseEnv(redisEnv, { REDIS_PREFIX: 'tg:run-42:' }).REDIS_PREFIX).toBe('tg:run-42:');
  });

  it('secrets.invalid: pepper and session secret need 32 characters', () => {
    expect(problemsOf(() => parseEnv(keysEnv, { KEY_PEPPER: 'x'.repeat(31) }))).toHaveLength(1);
    expect(parseEnv(keysEnv, { KEY_PEPPER: 'x'.repeat(32) }).KEY_PEPPER).toHaveLength(32);
    expect(problemsOf(() => parseEnv(controlPlaneEnv, { SESSION_SECRET: 'x'.repeat(31) }))).toHaveLength(1);
  });

  it('cookie.invalid: only true or false', () => {
    for (const value of ['1', 'yes', 'TRUE', '']) {
      expect(
        problemsOf(() => parseEnv(controlPlaneEnv, { SESSION_SECRET: secret, COOKIE_SECURE: value })),
        value,
      ).toHaveLength(1);
    }
  });

  it('urls.invalid: database and redis urls must be urls', () => {
    expect(
      problemsOf(() => parseEnv(databaseEnv, { DATABASE_URL: 'postgres@127.0.0.1/tollgate' })),
    ).toHaveLength(1);
    expect(problemsOf(() => parseEnv(redisEnv, { REDIS_URL: 'not a url' }))).toHaveLength(1);
  });

  it('database-url.invalid: a url without a postgres scheme is refused', () => {
    expect(() => parseEnv(databaseEnv, { DATABASE_URL: 'localhost:5432' })).toThrow(EnvError);
  });
});
