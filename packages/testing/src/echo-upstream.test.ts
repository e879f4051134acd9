import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type EchoAnswer, type EchoUpstream, startEchoUpstream } from './echo-upstream.js';

let upstream: EchoUpstream;

beforeAll(async () => {
  upstream = await startEchoUpstream();
});

afterAll(async () => {
  await upstream.close();
});

beforeEach(() => {
  upstream.reset();
});

async function echo(path: string, init?: RequestInit): Promise<{ status: number; answer: EchoAnswer }> {
  const res = await fetch(`${upstream.url}${path}`, init);
  return { status: res.status, answer: (await res.json()) as EchoAnswer };
}

describe('startEchoUpstream', () => {
  it('listen.ok: picks a free port on 127.0.0.1 by default', () => {
    expect(upstream.port).toBeGreaterThan(0);
    expect(upstream.url).toBe(`http://127.0.0.1:${upstream.port}`);
  });

  it('echo.ok: answers with method, path, query, headers and body as received', async () => {
    const body = JSON.stringify({ hello: 'wörld', n: 1 });
    const { status, answer } = await echo('/echo/users/42?a=1&b=two&a=3', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Custom': 'yes' },
      body,
    });
    expect(status).toBe(200);
    expect(answer.method).toBe('POST');
    expect(answer.path).toBe('/echo/users/42');
    expect(answer.query).toEqual({ a: ['1', '3'], b: 'two' });
    expect(answer.headers['x-custom']).toBe('yes');
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.body).toBe(body);
  });

  it('echo.ok: any path and method; no body is an empty string', async () => {
    for (const [method, path] of [
      ['GET', '/'],
      ['DELETE', '/a/b/c'],
      ['PUT', '/x%20y'],
      ['PATCH', '/deep/er/path/'],
    ] as const) {
      const { status, answer } = await echo(path, { method });
      expect(status).toBe(200);
      expect(answer).toMatchObject({ method, path, query: {}, body: '' });
    }
  });

  it('echo.ok: a large body comes back whole', async () => {
    const body = 'é'.repeat(300_000);
    const { answer } = await echo('/big', { method: 'POST', body });
    expect(answer.body).toBe(body);
  });

  it('json.ok: content type and length are set', async () => {
    const res = await fetch(`${upstream.url}/x`);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await res.text();
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(text));
  });

  it('head.ok: HEAD gets headers and no body', async () => {
    const res = await fetch(`${upstream.url}/h`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('status.ok: x-echo-status sets the status', async () => {
    for (const code of [201, 404, 429, 500, 503]) {
      const { status, answer } = await echo('/s', { headers: { 'x-echo-status': String(code) } });
      expect(status).toBe(code);
      expect(answer.path).toBe('/s');
    }
  });

  it('status.ok: echo_status query parameter sets the status', async () => {
    const { status, answer } = await echo('/s?echo_status=502&keep=1');
    expect(status).toBe(502);
    expect(answer.query).toEqual({ echo_status: '502', keep: '1' });
  });

  it('status.ok: 204 answers without a body', async () => {
    const res = await fetch(`${upstream.url}/n`, { headers: { 'x-echo-status': '204' } });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });

  it('status.invalid: out of range or non-numeric values are ignored', async () => {
    for (const value of ['99', '600', 'abc', '-1', '2.5', '']) {
      const { status } = await echo('/s', { headers: { 'x-echo-status': value } });
      expect(status, value).toBe(200);
    }
  });

  it('delay.ok: x-echo-delay-ms delays the answer', async () => {
    const started = performance.now();
    const { status } = await echo('/slow', { headers: { 'x-echo-delay-ms': '150' } });
    expect(status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('delay.ok: echo_delay_ms query parameter delays, combined with a status', async () => {
    const started = performance.now();
    const { status } = await echo('/slow?echo_delay_ms=120&echo_status=503');
    expect(status).toBe(503);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('delay.aborted: a caller that gives up does not break the server', async () => {
    await expect(
      fetch(`${upstream.url}/slow`, {
        headers: { 'x-echo-delay-ms': '5000' },
        signal: AbortSignal.timeout(50),
      }),
    ).rejects.toThrow();
    const { status } = await echo('/after');
    expect(status).toBe(200);
  });

  it('reset.ok: x-echo-reset drops the connection without an answer', async () => {
    await expect(fetch(`${upstream.url}/r`, { headers: { 'x-echo-reset': '1' } })).rejects.toThrow();
    expect(upstream.stats.requests).toBe(1);
  });

  it('stats.ok: counts every request received, including failed and delayed ones', async () => {
    await echo('/1');
    await echo('/2', { method: 'POST', body: 'x' });
    await echo('/3', { headers: { 'x-echo-status': '500' } });
    await echo('/4?echo_delay_ms=10');
    expect(upstream.stats.requests).toBe(4);
  });

  it('stats.ok: reset() sets the count back to zero', async () => {
    await echo('/1');
    expect(upstream.stats.requests).toBe(1);
    upstream.reset();
    expect(upstream.stats.requests).toBe(0);
    await echo('/2');
    expect(upstream.stats.requests).toBe(1);
  });

  it('concurrency.ok: many parallel requests are all answered and counted', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => echo(`/p/${i}?echo_delay_ms=${i % 5}`)),
    );
    expect(results.map((r) => r.answer.path)).toEqual(Array.from({ length: 50 }, (_, i) => `/p/${i}`));
    expect(upstream.stats.requests).toBe(50);
  });

  it('raw.ok: a plain node:http client with a chunked body', async () => {
    const answer = await new Promise<EchoAnswer>((resolve, reject) => {
      const req = request(`${upstream.url}/raw?q=1`, { method: 'POST' }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve(JSON.parse(text) as EchoAnswer));
      });
      req.on('error', reject);
      req.write('part one, ');
      req.end('part two');
    });
    expect(answer.body).toBe('part one, part two');
    expect(answer.headers['transfer-encoding']).toBe('chunked');
  });
});

describe('lifecycle', () => {
  it('port.ok: listens on the port asked for', async () => {
    const first = await startEchoUpstream();
    const port = first.port;
    await first.close();
    const second = await startEchoUpstream({ port, host: '127.0.0.1' });
    try {
      expect(second.port).toBe(port);
      expect((await fetch(`${second.url}/`)).status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('port.conflict: starting on a busy port rejects', async () => {
    await expect(startEchoUpstream({ port: upstream.port })).rejects.toThrow(/EADDRINUSE/);
  });

  it('close.ok: resolves with a request still waiting on a delay, and stops listening', async () => {
    const other = await startEchoUpstream();
    const pending = fetch(`${other.url}/slow`, { headers: { 'x-echo-delay-ms': '30000' } }).catch(
      (e: unknown) => e,
    );
    while (other.stats.requests === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const started = performance.now();
    await other.close();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(await pending).toBeInstanceOf(Error);
    await expect(fetch(`${other.url}/`)).rejects.toThrow();
  });

  it('close.ok: resolves after keep-alive requests', async () => {
    const other = await startEchoUpstream();
    for (let i = 0; i < 3; i++) await (await fetch(`${other.url}/k`)).text();
    await other.close();
  });
});
