import { describe, expect, it } from 'vitest';
import { TrustedProxies } from '../../edge/trusted-proxies.js';
import { contextFor, fakeDeps } from '../../test-support/fixtures.js';
import { receive } from './receive.stage.js';

describe('receive', () => {
  const deps = fakeDeps();

  it('keeps a valid incoming request id', () => {
    const ctx = contextFor({ url: '/echo', headers: [['X-Request-Id', 'abc-123-def.456']] });
    expect(receive(ctx, deps)).toBe(false);
    expect(ctx.requestId).toBe('abc-123-def.456');
  });

  it.each([['short'], ['has space in it'], ['x'.repeat(129)], ['quote"inside"it']])(
    'replaces an invalid incoming request id (%s) with a new req_ id',
    (incoming) => {
      const ctx = contextFor({ url: '/echo', headers: [['x-request-id', incoming]] });
      receive(ctx, deps);
      expect(ctx.requestId).toMatch(/^req_[0-9a-z]{26}$/);
    },
  );

  it('drops hop-by-hop headers, host and the forwarding headers the gateway sets itself', () => {
    const ctx = contextFor({
      url: '/echo',
      headers: [
        ['Host', 'acme.gw.localhost:8080'],
        ['Connection', 'keep-alive, X-Secret-Hop'],
        ['Keep-Alive', 'timeout=5'],
        ['Transfer-Encoding', 'chunked'],
        ['Upgrade', 'h2c'],
        ['TE', 'trailers'],
        ['Proxy-Authorization', 'Basic xyz'],
        ['X-Secret-Hop', 'drop me'],
        ['X-Forwarded-For', '6.6.6.6'],
        ['Accept', 'application/json'],
        ['X-Custom', 'kept'],
      ],
    });
    receive(ctx, deps);
    expect(ctx.forwardHeaders).toEqual(['Accept', 'application/json', 'X-Custom', 'kept']);
    expect(ctx.host).toBe('acme.gw.localhost');
    expect(ctx.hasBody).toBe(true);
  });

  it('remembers where the credential headers are, for authenticate to strip', () => {
    const ctx = contextFor({
      url: '/echo',
      headers: [
        ['Accept', '*/*'],
        ['X-Api-Key', 'tg_live_x'],
        ['Authorization', 'Bearer upstream-token'],
      ],
    });
    receive(ctx, deps);
    expect(ctx.forwardHeaders[ctx.apiKeyIndex]).toBe('X-Api-Key');
    expect(ctx.forwardHeaders[ctx.authorizationIndex]).toBe('Authorization');
  });

  it('splits the query off and normalises the path once', () => {
    const ctx = contextFor({ url: '/t/acme/echo/a/../b//c?x=1&y=%2f' });
    expect(receive(ctx, deps)).toBe(false);
    expect(ctx.path).toBe('/t/acme/echo/b/c');
    expect(ctx.query).toBe('?x=1&y=%2f');
  });

  it('denies an encoded slash with bad_path', () => {
    const ctx = contextFor({ url: '/t/acme/echo/a%2f..%2fadmin' });
    expect(receive(ctx, deps)).toBe(true);
    expect(ctx.denyCode).toBe('bad_path');
    expect(ctx.denyStage).toBe('receive');
    expect(ctx.requestId).toMatch(/^req_/);
  });

  it('treats a request without content-length or transfer-encoding as bodyless', () => {
    const ctx = contextFor({ url: '/echo', headers: [['Content-Length', '0']] });
    receive(ctx, deps);
    expect(ctx.hasBody).toBe(false);
  });
  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    const ctx = contextFor({
      url: '/echo',
      headers: [['X-Forwarded-For', '6.6.6.6']],
      remoteAddress: '203.0.113.7',
    });
    receive(ctx, deps);
    expect(ctx.clientIp).toBe('203.0.113.7');
    expect(ctx.forwardedFor).toBe('203.0.113.7');
  });

  it('reads X-Forwarded-For (every header line) from a trusted proxy', () => {
    const trusting = { ...deps, edge: { ...deps.edge, trustedProxies: TrustedProxies.parse('10.0.0.0/8') } };
    const ctx = contextFor({
      url: '/echo',
      headers: [
        ['X-Forwarded-For', '6.6.6.6'],
        ['X-Forwarded-For', '198.51.100.4, 10.0.0.9'],
      ],
      remoteAddress: '10.0.0.1',
    });
    receive(ctx, trusting);
    expect(ctx.clientIp).toBe('198.51.100.4');
    expect(ctx.forwardedFor).toBe('198.51.100.4, 10.0.0.9, 10.0.0.1');
    expect(ctx.forwardHeaders).toEqual([]);
  });

  it('drops every header a Connection line names, across several Connection lines', () => {
    const ctx = contextFor({
      url: '/echo',
      headers: [
        ['Connection', 'X-A'],
        ['Connection', 'x-b'],
        ['X-A', '1'],
        ['X-B', '2'],
        ['X-C', '3'],
      ],
    });
    receive(ctx, deps);
    expect(ctx.forwardHeaders).toEqual(['X-C', '3']);
  });

  it('records the declared Content-Length and the Api-Version header', () => {
    const ctx = contextFor({
      url: '/echo',
      headers: [
        ['Content-Length', '42'],
        ['Api-Version', ' v2 '],
      ],
    });
    receive(ctx, deps);
    expect(ctx.contentLength).toBe(42);
    expect(ctx.hasBody).toBe(true);
    expect(ctx.apiVersion).toBe('v2');
    const chunked = contextFor({ url: '/echo', headers: [['Transfer-Encoding', 'chunked']] });
    receive(chunked, deps);
    expect(chunked.contentLength).toBe(-1);
    expect(chunked.hasBody).toBe(true);
  });
});
