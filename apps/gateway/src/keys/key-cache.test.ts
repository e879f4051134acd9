import { describe, expect, it } from 'vitest';
import { keyRecordFixture } from '../test-support/fixtures.js';
import { KeyCache } from './key-cache.js';

function counter(values: Record<string, string | null>) {
  const reads: string[] = [];
  const read = async (hash: string) => {
    reads.push(hash);
    return values[hash] ?? null;
  };
  return { reads, read };
}

const record = JSON.stringify(keyRecordFixture());
const options = { hitTtlMs: 60_000, missTtlMs: 60_000, maxEntries: 3 };

describe('KeyCache', () => {
  it('reads the index once, then answers from memory (synchronously)', async () => {
    const { reads, read } = counter({ h1: record });
    const cache = new KeyCache(read, options);
    expect((await cache.lookup('h1'))?.record.keyId).toBe('key_1');
    const second = cache.lookup('h1');
    expect(second).not.toBeInstanceOf(Promise);
    expect(reads).toEqual(['h1']);
  });

  it('remembers misses too, so a made-up key costs one read', async () => {
    const { reads, read } = counter({});
    const cache = new KeyCache(read, options);
    expect(await cache.lookup('nope')).toBeNull();
    expect(await cache.lookup('nope')).toBeNull();
    expect(reads).toEqual(['nope']);
  });

  it('shares one read between concurrent misses of the same hash', async () => {
    const { reads, read } = counter({ h1: record });
    const cache = new KeyCache(read, options);
    await Promise.all([cache.lookup('h1'), cache.lookup('h1'), cache.lookup('h1')]);
    expect(reads).toEqual(['h1']);
  });

  it('reads again after an invalidation', async () => {
    const values: Record<string, string | null> = { h1: record };
    const { reads, read } = counter(values);
    const cache = new KeyCache(read, options);
    await cache.lookup('h1');
    values.h1 = JSON.stringify(keyRecordFixture({ status: 'revoked' }));
    cache.invalidate('h1');
    expect((await cache.lookup('h1'))?.record.status).toBe('revoked');
    expect(reads).toEqual(['h1', 'h1']);
  });

  it('does not keep a read that an invalidation overtook', async () => {
    let release: (value: string | null) => void = () => {};
    let reads = 0;
    const cache = new KeyCache(() => {
      reads++;
      return new Promise((resolve) => {
        release = resolve;
      });
    }, options);
    const pending = cache.lookup('h1');
    cache.invalidate('h1');
    release(record);
    await pending;
    expect(cache.size).toBe(0);
    void cache.lookup('h1');
    expect(reads).toBe(2);
  });

  it('expires entries after their TTL', async () => {
    const { reads, read } = counter({ h1: record });
    const cache = new KeyCache(read, { ...options, hitTtlMs: 0 });
    await cache.lookup('h1');
    await new Promise((resolve) => setTimeout(resolve, 2));
    await cache.lookup('h1');
    expect(reads).toHaveLength(2);
  });

  it('stays within its size bound, dropping the oldest entry', async () => {
    const { read } = counter({});
    const cache = new KeyCache(read, options);
    for (const hash of ['a', 'b', 'c', 'd']) await cache.lookup(hash);
    expect(cache.size).toBe(3);
  });

  it('serves a stale entry when the index cannot be read', async () => {
    let fail = false;
    const cache = new KeyCache(
      async () => {
        if (fail) throw new Error('redis down');
        return record;
      },
      { ...options, hitTtlMs: 0 },
    );
    await cache.lookup('h1');
    fail = true;
    await new Promise((resolve) => setTimeout(resolve, 2));
    expect((await cache.lookup('h1'))?.record.keyId).toBe('key_1');
    await expect(cache.lookup('h2')).rejects.toThrow('redis down');
  });

  it('treats an unreadable record as no key, and reports it', async () => {
    const reported: string[] = [];
    const cache = new KeyCache(
      async () => '{"keyId":1}',
      options,
      (hash) => reported.push(hash),
    );
    expect(await cache.lookup('h1')).toBeNull();
    expect(reported).toEqual(['h1']);
  });
});
