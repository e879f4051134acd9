import { generateKey, hashKey } from '@tollgate/keys';
import { describe, expect, it } from 'vitest';
import type { CachedKey } from '../../keys/key-cache.js';
import { cachedKey, contextFor, fakeDeps, testPepper } from '../../test-support/fixtures.js';
import { authenticate } from './authenticate.stage.js';
import { receive } from './receive.stage.js';

const live = generateKey('live').key;
const revoked = generateKey('live').key;
const unknown = generateKey('live').key;

function setup() {
  const keys = new Map<string, CachedKey>([
    [hashKey(live, testPepper), cachedKey()],
    [hashKey(revoked, testPepper), cachedKey({ status: 'revoked' })],
  ]);
  return fakeDeps(undefined, keys);
}

async function run(headers: [string, string][]) {
  const deps = setup();
  const ctx = contextFor({ url: '/t/acme/echo', headers });
  receive(ctx, deps);
  const denied = await authenticate(ctx, deps);
  return { ctx, denied, deps };
}

describe('authenticate', () => {
  it('accepts a known key from X-Api-Key and strips that header from the forwarded ones', async () => {
    const { ctx, denied } = await run([
      ['X-Api-Key', live],
      ['Authorization', 'Bearer upstream-token'],
    ]);
    expect(denied).toBe(false);
    expect(ctx.key?.record.keyId).toBe('key_1');
    expect(ctx.forwardHeaders).toEqual(['Authorization', 'Bearer upstream-token']);
  });

  it('accepts a known key from Authorization: Bearer (scheme in any case)', async () => {
    const { ctx, denied } = await run([['authorization', `bearer ${live}`]]);
    expect(denied).toBe(false);
    expect(ctx.forwardHeaders).toEqual([]);
  });

  it.each([
    ['no credential', []],
    ['garbage', [['X-Api-Key', 'hello']]],
    ['a bad checksum', [['X-Api-Key', `${live.slice(0, -1)}${live.endsWith('A') ? 'B' : 'A'}`]]],
    ['a non-bearer scheme', [['Authorization', `Basic ${live}`]]],
    ['a huge header', [['X-Api-Key', 'x'.repeat(100_000)]]],
  ] as [string, [string, string][]][])(
    'denies %s with invalid_key and never looks it up',
    async (_name, headers) => {
      const { ctx, denied, deps } = await run(headers);
      expect(denied).toBe(true);
      expect(ctx.denyCode).toBe('invalid_key');
      expect(ctx.denyStage).toBe('authenticate');
      expect(deps.lookups).toHaveLength(0);
    },
  );

  it('denies a well-formed unknown key with invalid_key after one lookup by hash (never the key)', async () => {
    const { ctx, denied, deps } = await run([['X-Api-Key', unknown]]);
    expect(denied).toBe(true);
    expect(ctx.denyCode).toBe('invalid_key');
    expect(deps.lookups).toEqual([hashKey(unknown, testPepper)]);
  });

  it('passes a revoked key on to authorize, which judges revocation', async () => {
    const { ctx, denied } = await run([['X-Api-Key', revoked]]);
    expect(denied).toBe(false);
    expect(ctx.key?.record.status).toBe('revoked');
  });

  it('answers key_lookup_unavailable (503), not a 500, when the key index cannot be reached', async () => {
    const deps = setup();
    deps.keys.lookup = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    const ctx = contextFor({ url: '/t/acme/echo', headers: [['X-Api-Key', unknown]] });
    receive(ctx, deps);
    expect(await authenticate(ctx, deps)).toBe(true);
    expect(ctx.denyCode).toBe('key_lookup_unavailable');
  });
});
