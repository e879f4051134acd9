import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { decodeEntry, encodeEntry, requestCacheMode, storableForMs } from './response-cache.js';

const settings = {
  ttlSeconds: 60,
  scope: 'consumer' as const,
  varyHeaders: ['accept-language'],
  maxBodyBytes: 1_000,
};

describe('requestCacheMode', () => {
  it.each([
    [undefined, undefined, 'use'],
    ['max-age=30', undefined, 'use'],
    ['no-store', undefined, 'bypass'],
    ['no-cache', undefined, 'refresh'],
    ['max-age=0', undefined, 'refresh'],
    [undefined, 'no-cache', 'refresh'],
  ] as const)('Cache-Control %s, Pragma %s → %s', (cacheControl, pragma, mode) => {
    expect(requestCacheMode(cacheControl, pragma)).toBe(mode);
  });
});

describe('storableForMs', () => {
  it.each([
    [200, {}, 60_000],
    [200, { 'cache-control': 'max-age=10' }, 10_000],
    [200, { 'cache-control': 'public, max-age=600' }, 60_000],
    [200, { 'cache-control': 'max-age=600, s-maxage=5' }, 5_000],
    [404, {}, 60_000],
    [200, { vary: 'Accept-Encoding, Accept-Language' }, 60_000],
  ] as const)('stores %s %o for %s ms', (status, headers, ms) => {
    expect(storableForMs(status, { ...headers }, settings)).toBe(ms);
  });

  it.each([
    [500, {}],
    [206, {}],
    [200, { 'cache-control': 'no-store' }],
    [200, { 'cache-control': 'private, max-age=60' }],
    [200, { 'cache-control': 'no-cache' }],
    [200, { 'cache-control': 'max-age=0' }],
    [200, { 'set-cookie': ['a=b'] }],
    [200, { vary: '*' }],
    [200, { vary: 'Authorization' }],
    [200, { 'content-length': '5000' }],
  ] as const)('never stores %s %o', (status, headers) => {
    expect(storableForMs(status, { ...headers } as IncomingHttpHeaders, settings)).toBe(0);
  });
});

describe('cache entry encoding', () => {
  it('round-trips status, headers, time and a binary body', () => {
    const entry = {
      status: 203,
      headers: [
        ['content-type', 'application/octet-stream'],
        ['x-a', '1'],
        ['x-a', '2'],
      ] as [string, string][],
      storedAt: 1_700_000_000_000,
      body: Buffer.from([0, 1, 2, 255, 10]),
    };
    expect(decodeEntry(encodeEntry(entry))).toEqual(entry);
    expect(decodeEntry(Buffer.from([0, 0, 0, 9, 1]))).toBeNull();
  });
});
