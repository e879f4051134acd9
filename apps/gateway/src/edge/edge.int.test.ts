import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { echoSnapshot } from '../test-support/seeding.js';
import { startTestGateway, type TestGateway } from '../test-support/test-gateway.js';
import { createTestStack, type TestStack } from '../test-support/test-stack.js';

/**
 * Bad input against a real gateway (real Postgres, Redis) and a recording upstream, over raw
 * TCP so that no client library tidies the bytes first: path tricks, size limits, spoofed
 * X-Forwarded-For, request smuggling shapes. Every denial asserts status + code.
 */

const trustedPeer = '127.0.0.2';

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  bodyBytes: number;
  complete: boolean;
}

/** An upstream that records every request it started and whether its body arrived whole. */
async function startRecorder(): Promise<{ server: Server; url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const entry: Seen = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      bodyBytes: 0,
      complete: false,
    };
    seen.push(entry);
    req.on('data', (chunk: Buffer) => {
      entry.bodyBytes += chunk.length;
    });
    req.on('error', () => {});
    req.on('end', () => {
      entry.complete = true;
      const body = JSON.stringify({ url: entry.url, bodyBytes: entry.bodyBytes });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, seen };
}

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The server closed the connection after the answer. */
  closed: boolean;
  /** Number of HTTP responses in the bytes received. */
  responses: number;
}

/**
 * Writes `chunks` (with `gapMs` between them) and reads until the server closes or
 * `waitMs` pass. Parses the first response.
 */
function raw(
  port: number,
  chunks: (string | Buffer)[],
  options: { localAddress?: string; waitMs?: number; gapMs?: number } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress: options.localAddress });
    const received: Buffer[] = [];
    let closed = false;
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(received).toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end === -1) {
        reject(new Error(`no response (closed: ${closed}): ${JSON.stringify(text)}`));
        return;
      }
      const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const length = Number(headers['content-length'] ?? Number.NaN);
      const rest = text.slice(end + 4);
      resolve({
        status: Number(statusLine!.split(' ')[1]),
        headers,
        body: Number.isNaN(length) ? rest : rest.slice(0, length),
        closed,
        responses: text.match(/^HTTP\/1\.1 \d{3}/gm)?.length ?? 0,
      });
    };
    const timer = setTimeout(finish, options.waitMs ?? 1_500);
    socket.on('data', (data: Buffer) => received.push(data));
    socket.on('end', () => {
      closed = true;
      finish();
    });
    socket.on('error', () => {
      closed = true;
      finish();
    });
    socket.on('connect', async () => {
      for (const chunk of chunks) {
        if (socket.destroyed) return;
        socket.write(chunk);
        if (options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs));
      }
    });
  });
}

function code(answer: RawAnswer): string | undefined {
  try {
    return (JSON.parse(answer.body) as { code?: string }).code;
  } catch {
    return undefined;
  }
}

describe('edge: bad input never reaches a route it should not', () => {
  let stack: TestStack;
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  let gw: TestGateway<'live'>;
  let port: number;
  let slug: string;
  let key: string;

  beforeAll(async () => {
    stack = await createTestStack();
    recorder = await startRecorder();
    slug = stack.tenant.slug;
    gw = await startTestGateway({
      db: stack.db,
      redisPrefix: stack.redisPrefix,
      snapshot: echoSnapshot(stack.tenant, recorder.url, {
        api: {
          basePath: '/app',
          // Only /public/* is routed: /admin must stay unreachable whatever the spelling.
          routes: [{ id: 'rte_public', method: 'ANY', pathTemplate: '/public/*' }],
          policies: { maxBodyBytes: 1_000 },
        },
      }),
      keys: { live: {} },
      env: { GATEWAY_TRUSTED_PROXIES: `${trustedPeer}/32`, GATEWAY_MAX_HEADER_BYTES: '8192' },
    });
    port = gw.port;
    key = gw.keys.live.key;
  });

  afterAll(async () => {
    await gw?.close();
    await new Promise((resolve) => recorder?.server.close(resolve));
    recorder?.server.closeAllConnections();
    await stack?.close();
  });

  beforeEach(() => {
    recorder.seen.length = 0;
  });

  const get = (target: string, extra = ''): string =>
    `GET ${target} HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: ${key}\r\n${extra}Connection: close\r\n\r\n`;

  it.each([
    // [what, path below /t/{slug}, forwarded path or null when refused, status, code]
    ['plain', '/app/public/x', '/public/x', 200, null],
    ['duplicate slashes merged', '/app//public///x', '/public/x', 200, null],
    ['dot segments resolved inside the route', '/app/public/a/./b/../c', '/public/a/c', 200, null],
    ['unreserved escapes decoded', '/app/public/%41%7e', '/public/A~', 200, null],
    ['query kept as sent', '/app/public/x?next=../admin&y=%2f', '/public/x?next=../admin&y=%2f', 200, null],
    ['dot-dot out of the route', '/app/public/../admin', null, 404, 'route_not_found'],
    ['encoded dot-dot', '/app/public/%2e%2e/admin', null, 404, 'route_not_found'],
    ['mixed-case encoded dot-dot', '/app/public/.%2E/admin', null, 404, 'route_not_found'],
    ['dot-dot out of the tenant', '/app/public/../../../admin', null, 404, 'tenant_not_found'],
    ['encoded slash', '/app/public/..%2fadmin', null, 400, 'bad_path'],
    ['encoded slash, upper case', '/app/public%2F..%2F..%2Fadmin', null, 400, 'bad_path'],
    ['encoded backslash', '/app/public/..%5cadmin', null, 400, 'bad_path'],
    ['raw backslash', '/app/public/..\\admin', null, 400, 'bad_path'],
    ['dot-dot with ; parameters', '/app/public/..;/admin', null, 400, 'bad_path'],
    ['encoded dot-dot with ; parameters', '/app/public/%2e%2e;x=1/admin', null, 400, 'bad_path'],
    ['overlong UTF-8 dots', '/app/public/%c0%ae%c0%ae/admin', null, 400, 'bad_path'],
    ['overlong UTF-8 slash', '/app/public/..%c0%afadmin', null, 400, 'bad_path'],
    ['invalid UTF-8', '/app/public/%ff', null, 400, 'bad_path'],
    ['encoded null byte', '/app/public/a%00b', null, 400, 'bad_path'],
    ['invalid escape', '/app/public/%zz', null, 400, 'bad_path'],
    [
      'double-encoded dot-dot stays a name',
      '/app/public/%252e%252e/admin',
      '/public/%252e%252e/admin',
      200,
      null,
    ],
    ['route match is case-sensitive', '/app/PUBLIC/x', null, 404, 'route_not_found'],
    ['a long path', `/app/public/${'a'.repeat(2_000)}`, `/public/${'a'.repeat(2_000)}`, 200, null],
  ])('%s: %s', async (_what, below, forwarded, status, expectedCode) => {
    const answer = await raw(port, [get(`/t/${slug}${below}`)]);
    expect(answer.status).toBe(status);
    if (expectedCode === null) {
      expect(recorder.seen.map((seen) => seen.url)).toEqual([forwarded]);
    } else {
      expect(code(answer)).toBe(expectedCode);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(recorder.seen).toEqual([]);
    }
  });

  it.each([
    ['a raw null byte', '/app/public/a\u0000b'],
    ['a raw space', '/app/public/a b/../../admin'],
    ['a raw control character', '/app/public/a\u0001b'],
  ])('refuses a request target with %s before any route (400)', async (_what, below) => {
    const answer = await raw(port, [get(`/t/${slug}${below}`)]);
    expect(answer.status).toBe(400);
    expect(['bad_request', 'bad_path']).toContain(code(answer));
    expect(recorder.seen).toEqual([]);
  });

  it('answers oversized headers with 431 request_header_too_large and closes', async () => {
    const answer = await raw(port, [get(`/t/${slug}/app/public/x`, `X-Big: ${'a'.repeat(10_000)}\r\n`)]);
    expect(answer.status).toBe(431);
    expect(code(answer)).toBe('request_header_too_large');
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.closed).toBe(true);
    expect(recorder.seen).toEqual([]);
  });

  it('refuses a declared body over the limit with 413 before any upstream request', async () => {
    const answer = await raw(port, [
      `POST /t/${slug}/app/public/upload HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: ${key}\r\nContent-Length: 5000\r\n\r\n`,
      'x'.repeat(5_000),
    ]);
    expect(answer.status).toBe(413);
    expect(code(answer)).toBe('request_body_too_large');
    expect(answer.closed).toBe(true);
    expect(recorder.seen).toEqual([]);
  });

  it('streams a body under the limit whole (declared and chunked)', async () => {
    const declared = await raw(port, [
      `POST /t/${slug}/app/public/upload HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: ${key}\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n`,
      'x'.repeat(1_000),
    ]);
    expect(declared.status).toBe(200);
    const chunked = await raw(port, [
      `POST /t/${slug}/app/public/upload HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: ${key}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`,
      `1f4\r\n${'y'.repeat(500)}\r\n`,
      `1f4\r\n${'y'.repeat(500)}\r\n0\r\n\r\n`,
    ]);
    expect(chunked.status).toBe(200);
    expect(recorder.seen.map((seen) => [seen.bodyBytes, seen.complete])).toEqual([
      [1000, true],
      [1000, true],
    ]);
  });

  it('stops a chunked body that grows past the limit mid-stream: 413, the upstream saw no complete request', async () => {
    const answer = await raw(
      port,
      [
        `POST /t/${slug}/app/public/upload HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: ${key}\r\nTransfer-Encoding: chunked\r\n\r\n`,
        `258\r\n${'z'.repeat(600)}\r\n`,
        `258\r\n${'z'.repeat(600)}\r\n`,
        `258\r\n${'z'.repeat(600)}\r\n0\r\n\r\n`,
      ],
      { gapMs: 50 },
    );
    expect(answer.status).toBe(413);
    expect(code(answer)).toBe('request_body_too_large');
    expect(answer.closed).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(recorder.seen.filter((seen) => seen.complete)).toEqual([]);
    for (const seen of recorder.seen) expect(seen.bodyBytes).toBeLessThanOrEqual(1_000);
  });

  it('ignores X-Forwarded-For from an untrusted peer: the upstream sees the socket address', async () => {
    const answer = await raw(port, [get(`/t/${slug}/app/public/x`, 'X-Forwarded-For: 6.6.6.6\r\n')]);
    expect(answer.status).toBe(200);
    expect(recorder.seen[0]?.headers['x-forwarded-for']).toBe('127.0.0.1');
  });

  it('believes X-Forwarded-For from a trusted proxy, up to the right-most untrusted address', async () => {
    const answer = await raw(
      port,
      [get(`/t/${slug}/app/public/x`, 'X-Forwarded-For: 6.6.6.6, 198.51.100.7\r\n')],
      {
        localAddress: trustedPeer,
      },
    );
    expect(answer.status).toBe(200);
    expect(recorder.seen[0]?.headers['x-forwarded-for']).toBe(`198.51.100.7, ${trustedPeer}`);
  });

  const post = `POST /t/${'SLUG'}/app/public/x HTTP/1.1\r\nHost: localhost\r\n`;
  const smuggled = 'GET /t/SLUG/app/admin HTTP/1.1\r\nHost: localhost\r\n\r\n';
  it.each([
    ['CL + TE', 'Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
    ['TE + CL', 'Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n'],
    ['two different Content-Lengths', 'Content-Length: 0\r\nContent-Length: 5\r\n\r\nhello'],
    ['two equal Content-Lengths', 'Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello'],
    ['a Content-Length list', 'Content-Length: 5, 5\r\n\r\nhello'],
    ['a signed Content-Length', 'Content-Length: +5\r\n\r\nhello'],
    ['TE: chunked, identity', 'Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n'],
    ['TE: identity', 'Transfer-Encoding: identity\r\n\r\n'],
    ['an obfuscated TE', 'Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n'],
    ['whitespace before the colon', 'Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n'],
    ['a bad chunk size', 'Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n'],
    ['a chunk size with junk after it', 'Transfer-Encoding: chunked\r\n\r\n5 x\r\nhello\r\n0\r\n\r\n'],
    ['a chunk longer than its size', 'Transfer-Encoding: chunked\r\n\r\n2\r\nhello\r\n0\r\n\r\n'],
    ['a header line folded onto the next', 'X-Folded: a\r\n b\r\nContent-Length: 0\r\n\r\n'],
  ])('refuses %s with 400 bad_request and never forwards two requests', async (_what, rest) => {
    const request = `${post.replace('SLUG', slug)}X-Api-Key: ${key}\r\n${rest}${smuggled.replace('SLUG', slug)}`;
    const answer = await raw(port, [request]);
    expect(answer.status).toBe(400);
    expect(code(answer)).toBe('bad_request');
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.closed).toBe(true);
    expect(answer.responses).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(recorder.seen.length).toBeLessThanOrEqual(1);
    expect(recorder.seen.filter((seen) => seen.complete)).toEqual([]);
    expect(recorder.seen.some((seen) => seen.url.includes('admin'))).toBe(false);
  });
});
