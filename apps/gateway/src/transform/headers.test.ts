import type { IncomingHttpHeaders } from 'node:http';
import { corsPolicySchema, headerChangesSchema } from '@tollgate/contracts';
import { describe, expect, it } from 'vitest';
import { compileCors, compileHeaderChanges } from './compile-transform.js';
import { transformRequestHeaders, transformResponseHeaders } from './headers.js';

describe('request headers', () => {
  it('spoofing.ignored: every Tollgate-* and X-Tollgate-* header is stripped, whatever its case', () => {
    const out = transformRequestHeaders(
      [
        'Accept',
        '*/*',
        'Tollgate-Consumer',
        'con_evil',
        'tollgate-signature',
        't=1,v1=00',
        'X-TOLLGATE-KEY-ID',
        'key_evil',
        'x-tollgate-plan',
        'pro',
        'X-Trace',
        'keep',
        'Tollgateish',
        'keep-too',
      ],
      null,
    );
    expect(out).toEqual(['Accept', '*/*', 'X-Trace', 'keep', 'Tollgateish', 'keep-too']);
  });

  it('headers.ok: removals (case-insensitive) first, then sets replace any incoming value', () => {
    const changes = compileHeaderChanges(
      headerChangesSchema.parse({ set: { 'X-Env': 'prod' }, remove: ['Cookie'] }),
      undefined,
    );
    const out = transformRequestHeaders(
      ['cookie', 'a=1', 'x-env', 'spoofed', 'Accept', 'text/plain'],
      changes,
    );
    expect(out).toEqual(['Accept', 'text/plain', 'X-Env', 'prod']);
  });
});

describe('response headers', () => {
  it('headers.ok: removes and sets on the upstream answer', () => {
    const headers: IncomingHttpHeaders = {
      server: 'nginx',
      'x-powered-by': 'php',
      'content-type': 'text/plain',
    };
    const changes = compileHeaderChanges(
      headerChangesSchema.parse({
        remove: ['Server', 'X-Powered-By'],
        set: { 'Strict-Transport-Security': 'max-age=60' },
      }),
      undefined,
    );
    transformResponseHeaders(headers, changes, null);
    expect(headers).toEqual({ 'content-type': 'text/plain', 'strict-transport-security': 'max-age=60' });
  });

  it('cors.ok: with gateway CORS the upstream CORS headers go and Vary keeps Origin', () => {
    const headers: IncomingHttpHeaders = {
      'access-control-allow-origin': '*',
      'access-control-allow-credentials': 'true',
      vary: 'Accept-Encoding',
    };
    transformResponseHeaders(
      headers,
      null,
      compileCors(corsPolicySchema.parse({ allowedOrigins: ['https://a.example'] })),
    );
    expect(headers).toEqual({ vary: 'Accept-Encoding, Origin' });
  });

  it('cors.ok: Vary: Origin is on the answer even when the upstream sent no Vary; * origins need none', () => {
    const specific = compileCors(corsPolicySchema.parse({ allowedOrigins: ['https://a.example'] }));
    const headers: IncomingHttpHeaders = {};
    transformResponseHeaders(headers, null, specific);
    expect(headers.vary).toBe('Origin');
    const already: IncomingHttpHeaders = { vary: 'origin, accept' };
    transformResponseHeaders(already, null, specific);
    expect(already.vary).toBe('origin, accept');
    const any: IncomingHttpHeaders = {};
    transformResponseHeaders(any, null, compileCors(corsPolicySchema.parse({ allowedOrigins: ['*'] })));
    expect(any.vary).toBeUndefined();
  });
});
