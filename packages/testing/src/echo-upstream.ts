import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The demo upstream: answers any request with what it received, as JSON. Plain node:http and
 * no per-request extras, because benchmarks put it behind the gateway.
 *
 * Per-request instructions (header, or query parameter as an alternative):
 * - `x-echo-delay-ms` / `echo_delay_ms`: wait this many milliseconds before answering (max 60 s);
 * - `x-echo-status` / `echo_status`: answer with this status (200–599);
 * - `x-echo-reset` / `echo_reset`: `1` drops the connection without answering.
 * Invalid values are ignored.
 */

export interface EchoUpstreamOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
}

export interface EchoUpstream {
  /** `http://host:port`, no trailing slash. */
  url: string;
  port: number;
  /** Live counters: read them at any time. */
  stats: { requests: number };
  /** Sets the counters back to zero. */
  reset(): void;
  /** Stops listening and drops open connections, including requests still waiting on a delay. */
  close(): Promise<void>;
}

/** What the echo upstream answers with. */
export interface EchoAnswer {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const maxDelayMs = 60_000;

function instruction(req: IncomingMessage, query: URLSearchParams | null, name: string): string | undefined {
  const header = req.headers[`x-echo-${name.replaceAll('_', '-')}`];
  if (typeof header === 'string') return header;
  return query?.get(`echo_${name}`) ?? undefined;
}

function intIn(value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined || !/^\d{1,6}$/.test(value)) return undefined;
  const n = Number(value);
  return n >= min && n <= max ? n : undefined;
}

function queryObject(params: URLSearchParams | null): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (params === null) return out;
  for (const [name, value] of params) {
    const seen = out[name];
    if (seen === undefined) out[name] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else out[name] = [seen, value];
  }
  return out;
}

export async function startEchoUpstream(options: EchoUpstreamOptions = {}): Promise<EchoUpstream> {
  const host = options.host ?? '127.0.0.1';
  const stats = { requests: 0 };
  const timers = new Set<NodeJS.Timeout>();

  const handle = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    const target = req.url ?? '/';
    const mark = target.indexOf('?');
    const path = mark === -1 ? target : target.slice(0, mark);
    const query = mark === -1 ? null : new URLSearchParams(target.slice(mark + 1));

    if (instruction(req, query, 'reset') === '1') {
      req.socket.destroy();
      return;
    }
    const status = intIn(instruction(req, query, 'status'), 200, 599) ?? 200;
    const delayMs = intIn(instruction(req, query, 'delay_ms'), 0, maxDelayMs) ?? 0;

    const answer = (): void => {
      if (res.destroyed) return;
      const method = req.method ?? 'GET';
      if (status === 204 || status === 304 || method === 'HEAD') {
        res.writeHead(status);
        res.end();
        return;
      }
      const echo: EchoAnswer = { method, path, query: queryObject(query), headers: req.headers, body };
      const json = JSON.stringify(echo);
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(json),
      });
      res.end(json);
    };

    if (delayMs === 0) {
      answer();
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      answer();
    }, delayMs);
    timers.add(timer);
    // A caller that gives up (a gateway timeout) must not leave a timer behind.
    res.once('close', () => {
      clearTimeout(timer);
      timers.delete(timer);
    });
  };

  const server = createServer((req, res) => {
    stats.requests++;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, chunks.length === 0 ? '' : Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => res.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    stats,
    reset() {
      stats.requests = 0;
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
