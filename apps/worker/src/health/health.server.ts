import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { newId } from '@tollgate/contracts';
import { problemContentType, toProblem } from '@tollgate/errors';

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/**
 * `GET /healthz` → 200 `{status:'ok'}` while the process runs; `GET /metrics` → the
 * worker's counters (Prometheus text) when given. The worker serves nothing else.
 */
export async function startHealthServer(options: {
  host: string;
  port: number;
  metrics?: () => string | Promise<string>;
}): Promise<HealthServer> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/healthz' && (request.method === 'GET' || request.method === 'HEAD')) {
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(request.method === 'HEAD' ? undefined : JSON.stringify({ status: 'ok' }));
      return;
    }
    if (path === '/metrics' && request.method === 'GET' && options.metrics) {
      Promise.resolve()
        .then(options.metrics)
        .then(
          (text) => {
            response.writeHead(200, {
              'content-type': 'text/plain; version=0.0.4',
              'cache-control': 'no-store',
            });
            response.end(text);
          },
          () => {
            // Redis unreachable while reading queue depth: say so rather than hang the scrape.
            const problem = toProblem('queue_unavailable', newId('request'));
            response.writeHead(problem.status, { 'content-type': problemContentType });
            response.end(JSON.stringify(problem));
          },
        );
      return;
    }
    const problem = toProblem('not_found', newId('request'));
    response.writeHead(problem.status, { 'content-type': problemContentType });
    response.end(JSON.stringify(problem));
  });
  server.listen(options.port, options.host);
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
