import type { IncomingHttpHeaders, IncomingMessage, Server } from 'node:http';
import { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { PipelineDeps } from '../pipeline/pipeline-deps.js';
import type { RequestContext } from '../pipeline/request-context.js';
import type { GroupTarget, ProxySettings } from './upstream-group.js';

/**
 * WebSocket upgrades. Node hands an upgrade request to the server's `upgrade` listener with
 * the raw socket instead of a response; here it gets a response bound to that socket, so
 * the request runs the same pipeline as any other (the key is checked, limits applied, a
 * denial answered as problem+json, one usage event and one access line). When the route
 * allows WebSockets, the proxy stage then asks the upstream for the upgrade and, on its
 * 101, splices the two sockets together.
 */

export type RequestHandler = (req: IncomingMessage, res: ServerResponse, deps: PipelineDeps) => Promise<void>;

/** Sends `upgrade` events of `server` through `handle` (the pipeline). */
export function listenForUpgrades(server: Server, handle: RequestHandler, deps: PipelineDeps): void {
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (head.length > 0) socket.unshift(head);
    socket.on('error', () => socket.destroy());
    const res = new ServerResponse(req);
    res.shouldKeepAlive = false;
    res.assignSocket(socket as never);
    // The HTTP parser let go of this socket: after a non-101 answer, nobody else closes it.
    res.on('finish', () => {
      if (!isUpgraded(req)) socket.end();
    });
    void handle(req, res, deps);
  });
}

const upgraded = new WeakSet<IncomingMessage>();

function isUpgraded(req: IncomingMessage): boolean {
  return upgraded.has(req);
}

/** An upgrade request asking for WebSocket (others, like h2c, are served as plain requests). */
export function isWebSocketUpgrade(req: IncomingMessage): boolean {
  const upgrade = req.headers.upgrade;
  // `upgrade` is set by Node's parser, only on requests handed to an `upgrade` listener; its types omit it.
  return (
    (req as IncomingMessage & { upgrade?: boolean }).upgrade === true &&
    upgrade !== undefined &&
    upgrade.toLowerCase() === 'websocket'
  );
}

function writeSwitchingProtocols(socket: Duplex, headers: IncomingHttpHeaders, requestId: string): void {
  let head = 'HTTP/1.1 101 Switching Protocols\r\n';
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name === 'x-request-id') continue;
    if (Array.isArray(value)) for (const one of value) head += `${name}: ${one}\r\n`;
    else head += `${name}: ${value}\r\n`;
  }
  head += `x-request-id: ${requestId}\r\n\r\n`;
  socket.write(head);
}

/**
 * The upgrade half of the proxy stage: one target picked (no retries: the handshake is not
 * replayed), the upstream's 101 relayed, then bytes piped both ways until either side
 * closes. Throws what undici throws, for the proxy stage to turn into a catalog error.
 */
export async function proxyWebSocket(
  ctx: RequestContext,
  target: GroupTarget,
  settings: ProxySettings,
  headers: string[],
): Promise<void> {
  const { headers: answer, socket: upstream } = await target.dispatcher.upgrade({
    path: target.pathPrefix + ctx.apiPath + ctx.query,
    method: 'GET',
    headers,
    protocol: 'websocket',
  });
  ctx.upstreamMs = performance.now() - ctx.upstreamStartedAt;
  ctx.status = 101;
  const client = ctx.req.socket as Duplex;
  upgraded.add(ctx.req);
  ctx.res.detachSocket(ctx.req.socket);
  writeSwitchingProtocols(client, answer, ctx.requestId);
  const close = (): void => {
    client.destroy();
    upstream.destroy();
  };
  // Either side ending ends both: Node's server sockets allow half-open, a WebSocket has no use for it.
  for (const socket of [upstream, client]) {
    socket.on('error', close);
    socket.on('end', close);
    socket.on('close', close);
  }
  // A quiet WebSocket is normal: only an explicitly configured idle timeout closes one.
  if (settings.idleTimeoutMs !== null) (upstream as Socket).setTimeout(settings.idleTimeoutMs, close);
  upstream.pipe(client);
  client.pipe(upstream);
}
