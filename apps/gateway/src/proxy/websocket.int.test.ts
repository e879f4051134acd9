import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../test-support/eventually.js';
import { echoSnapshot } from '../test-support/seeding.js';
import { startTestGateway, type TestGateway } from '../test-support/test-gateway.js';
import { createTestStack, type TestStack } from '../test-support/test-stack.js';

/**
 * WebSocket upgrades through the whole gateway (real Postgres, Redis, a WebSocket upstream):
 * the key is checked at the upgrade, a route must allow WebSockets, the frames flow both
 * ways, and the connection is metered as one call.
 */

const wsGuid = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** One text frame; client frames are masked (RFC 6455 §5.3), server frames not. */
function frame(text: string, masked: boolean): Buffer {
  const payload = Buffer.from(text);
  if (payload.length > 125) throw new Error('short frames only');
  if (!masked) return Buffer.concat([Buffer.from([0x81, payload.length]), payload]);
  const mask = randomBytes(4);
  const body = Buffer.from(payload.map((byte, i) => byte ^ (mask[i % 4] ?? 0)));
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, body]);
}

function readFrame(data: Buffer): string {
  const length = (data[1] ?? 0) & 0x7f;
  if (((data[1] ?? 0) & 0x80) === 0) return data.subarray(2, 2 + length).toString();
  const mask = data.subarray(2, 6);
  return Buffer.from(data.subarray(6, 6 + length).map((byte, i) => byte ^ (mask[i % 4] ?? 0))).toString();
}

/** A WebSocket upstream that tells what it saw in its 101 and echoes each frame back. */
async function startWebSocketUpstream(): Promise<{ server: Server; url: string; upgrades: number }> {
  const state = { upgrades: 0 };
  const server = createServer((_req, res) => res.writeHead(426).end());
  server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    state.upgrades++;
    const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}${wsGuid}`).digest('base64');
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${accept}\r\nX-Seen-Path: ${req.url}\r\n` +
        `X-Seen-Consumer: ${req.headers['tollgate-consumer'] ?? 'none'}\r\n` +
        `X-Seen-Api-Key: ${req.headers['x-api-key'] ?? 'none'}\r\n\r\n`,
    );
    socket.on('data', (data: Buffer) => socket.write(frame(`echo:${readFrame(data)}`, false)));
    socket.on('error', () => socket.destroy());
    // Upgraded sockets are not the server's any more: close them with the other side.
    socket.on('end', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    server,
    url,
    get upgrades() {
      return state.upgrades;
    },
  };
}

type UpgradeResult =
  | { upgraded: true; headers: IncomingMessage['headers']; socket: Duplex }
  | { upgraded: false; status: number; code: string };

function openWebSocket(url: string, headers: Record<string, string>): Promise<UpgradeResult> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-key': randomBytes(16).toString('base64'),
        'sec-websocket-version': '13',
        ...headers,
      },
    });
    req.on('upgrade', (res, socket) => resolve({ upgraded: true, headers: res.headers, socket }));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const code = (JSON.parse(Buffer.concat(chunks).toString()) as { code: string }).code;
        resolve({ upgraded: false, status: res.statusCode ?? 0, code });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

function nextMessage(socket: Duplex): Promise<string> {
  return new Promise((resolve) => socket.once('data', (data: Buffer) => resolve(readFrame(data))));
}

describe('WebSocket upgrades through the gateway', () => {
  let stack: TestStack;
  let upstream: Awaited<ReturnType<typeof startWebSocketUpstream>>;
  let gw: TestGateway<'live'>;
  let baseUrl: string;
  let slug: string;
  let liveKey: string;

  beforeAll(async () => {
    stack = await createTestStack();
    upstream = await startWebSocketUpstream();
    slug = stack.tenant.slug;
    gw = await startTestGateway({
      db: stack.db,
      redisPrefix: stack.redisPrefix,
      snapshot: echoSnapshot(stack.tenant, `${upstream.url}/base`, {
        api: {
          basePath: '/live',
          routes: [
            { id: 'rte_socket', method: 'GET', pathTemplate: '/socket', policies: { websocket: true } },
            { id: 'rte_other', method: 'ANY', pathTemplate: '/*' },
          ],
        },
      }),
      keys: { live: { consumerId: 'con_ws' } },
    });
    baseUrl = gw.url;
    liveKey = gw.keys.live.key;
  });

  afterAll(async () => {
    await gw?.close();
    if (upstream !== undefined) {
      upstream.server.closeAllConnections();
      await new Promise((resolve) => upstream.server.close(resolve));
    }
    await stack?.close();
  });

  it('upgrades with a valid key, relays frames both ways, and meters the connection as one call', async () => {
    const result = await openWebSocket(`${baseUrl}/t/${slug}/live/socket?room=1`, { 'x-api-key': liveKey });
    if (!result.upgraded) throw new Error(`not upgraded: ${result.status} ${result.code}`);
    expect(result.headers['x-seen-path']).toBe('/base/socket?room=1');
    expect(result.headers['x-seen-consumer']).toBe('con_ws');
    expect(result.headers['x-seen-api-key']).toBe('none');
    const requestId = result.headers['x-request-id'];
    expect(requestId).toMatch(/^req_/);
    for (const text of ['hello', 'again']) {
      const reply = nextMessage(result.socket);
      result.socket.write(frame(text, true));
      expect(await reply).toBe(`echo:${text}`);
    }
    result.socket.destroy();

    const mine = await eventually(async () => {
      const events = (await gw.usageEvents()).filter((event) => event.requestId === requestId);
      return events.length > 0 ? events : undefined;
    });
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ routeId: 'rte_socket', status: 101, denyCode: null });
  });

  it('refuses the upgrade without a valid key: 401 invalid_key, the upstream never sees it', async () => {
    const before = upstream.upgrades;
    const result = await openWebSocket(`${baseUrl}/t/${slug}/live/socket`, { 'x-api-key': 'tg_live_nope' });
    expect(result).toMatchObject({ upgraded: false, status: 401, code: 'invalid_key' });
    expect(upstream.upgrades).toBe(before);
  });

  it('refuses an upgrade on a route that does not allow WebSockets: 400 websocket_not_allowed', async () => {
    const before = upstream.upgrades;
    const result = await openWebSocket(`${baseUrl}/t/${slug}/live/other`, { 'x-api-key': liveKey });
    expect(result).toMatchObject({ upgraded: false, status: 400, code: 'websocket_not_allowed' });
    expect(upstream.upgrades).toBe(before);
  });
});
