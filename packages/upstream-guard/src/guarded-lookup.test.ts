import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { guardedLookup, type ResolveAll, upstreamForbiddenCode } from './guarded-lookup.js';

function fakeResolver(answers: Record<string, string[]>): ResolveAll {
  return (hostname, _options, callback) => {
    const list = answers[hostname];
    if (list === undefined) {
      const error: NodeJS.ErrnoException = new Error('not found');
      error.code = 'ENOTFOUND';
      callback(error, []);
      return;
    }
    callback(
      null,
      list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  };
}

const resolve = fakeResolver({
  'public.test': ['93.184.216.34', '2606:2800:220:1::1'],
  'rebind.test': ['93.184.216.34', '127.0.0.1'],
  'private.test': ['10.1.2.3'],
  'metadata.test': ['169.254.169.254'],
  'mapped.test': ['::ffff:127.0.0.1'],
});

function run(
  hostname: string,
  allowPrivate: boolean,
  all: boolean,
): Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number }> {
  return new Promise((done) => {
    guardedLookup({ allowPrivate, resolve })(hostname, { all }, (error, address, family) =>
      done({ error, address, family }),
    );
  });
}

describe('guardedLookup', () => {
  it('ok: passes public answers through, one or all', async () => {
    expect(await run('public.test', false, false)).toEqual({
      error: null,
      address: '93.184.216.34',
      family: 4,
    });
    const all = await run('public.test', false, true);
    expect(all.error).toBeNull();
    expect(all.address).toHaveLength(2);
  });

  it.each([
    ['rebind.test', false],
    ['private.test', false],
    ['metadata.test', true],
    ['mapped.test', true],
  ])('forbidden: %s (allowPrivate %s) fails the connection', async (hostname, allowPrivate) => {
    for (const all of [false, true]) {
      const { error } = await run(hostname, allowPrivate, all);
      expect(error?.code).toBe(upstreamForbiddenCode);
    }
  });

  it('ok: private answers pass for a trusted tenant', async () => {
    expect((await run('private.test', true, false)).address).toBe('10.1.2.3');
  });

  it('passes DNS failures through', async () => {
    expect((await run('nowhere.test', false, false)).error?.code).toBe('ENOTFOUND');
  });
});
