import { describe, expect, it } from 'vitest';
import { compressible, markEncoded, negotiateEncoding } from './compression.js';

describe('negotiateEncoding', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'br'],
    ['br;q=0.5, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', null],
    ['identity', null],
    ['*', 'br'],
    ['*;q=0.1, br;q=0', 'gzip'],
    ['GZIP;Q=0.8', 'gzip'],
    ['x-gzip', 'gzip'],
  ] as const)('%s → %s', (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });
});

describe('compressible', () => {
  const json = { 'content-type': 'application/json' };
  it('ok: JSON, text, +json, svg of unknown or large length', () => {
    expect(compressible('GET', 200, json)).toBe(true);
    expect(
      compressible('GET', 200, { 'content-type': 'text/html; charset=utf-8', 'content-length': '5000' }),
    ).toBe(true);
    expect(compressible('GET', 200, { 'content-type': 'application/problem+json' })).toBe(true);
    expect(compressible('GET', 200, { 'content-type': 'image/svg+xml' })).toBe(true);
  });

  it.each([
    ['HEAD', 200, json],
    ['GET', 204, json],
    ['GET', 304, json],
    ['GET', 200, { ...json, 'content-encoding': 'gzip' }],
    ['GET', 200, { ...json, 'content-length': '200' }],
    ['GET', 200, { 'content-type': 'text/event-stream' }],
    ['GET', 200, { ...json, 'cache-control': 'public, no-transform' }],
    ['GET', 200, { 'content-type': 'image/png' }],
    ['GET', 200, {}],
  ] as const)('skips %s %s %o', (method, status, headers) => {
    expect(compressible(method, status, { ...headers })).toBe(false);
  });
});

describe('markEncoded', () => {
  it('sets the encoding, drops the length, adds Vary and weakens a strong ETag', () => {
    const headers: Record<string, string> = { 'content-length': '5000', vary: 'Origin', etag: '"abc"' };
    markEncoded(headers, 'gzip');
    expect(headers).toEqual({ 'content-encoding': 'gzip', vary: 'Origin, Accept-Encoding', etag: 'W/"abc"' });
  });
});
