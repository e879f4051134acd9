import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';

/** One message the sink accepted: envelope, headers (lower-cased names) and the decoded text body. */
export interface SinkMessage {
  from: string;
  to: string[];
  subject: string;
  headers: Record<string, string>;
  text: string;
  receivedAt: Date;
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>`: give it to the app as `SMTP_URL`. */
  url: string;
  port: number;
  /** Every message accepted so far, oldest first. */
  messages: SinkMessage[];
  /** The first message (already here or still to come) that `match` accepts; rejects after `timeoutMs`. */
  waitFor(match: (message: SinkMessage) => boolean, timeoutMs?: number): Promise<SinkMessage>;
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
}

/**
 * A local SMTP server that accepts every message and keeps it in memory: what development and
 * tests point `SMTP_URL` at, so mail (password resets, invitations) can be read instead of sent.
 * Plain SMTP only (no TLS, no auth): never expose it beyond loopback.
 */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const waiters = new Set<(message: SinkMessage) => void>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveSession(socket, (message) => {
      messages.push(message);
      for (const waiter of waiters) waiter(message);
    });
  });
  server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('smtp sink: no TCP address');
  const host = options.host ?? '127.0.0.1';

  return {
    url: `smtp://${host}:${address.port}`,
    port: address.port,
    messages,
    waitFor(match, timeoutMs = 5000) {
      const found = messages.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`smtp sink: no matching message within ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = (message: SinkMessage) => {
          if (!match(message)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(message);
        };
        waiters.add(waiter);
      });
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** One SMTP conversation (RFC 5321 subset: HELO/EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT). */
function serveSession(socket: Socket, deliver: (message: SinkMessage) => void): void {
  let buffer = '';
  let from = '';
  let to: string[] = [];
  let data: string[] | null = null;
  const reply = (line: string) => socket.write(`${line}\r\n`);
  socket.setEncoding('utf8');
  socket.on('error', () => socket.destroy());
  reply('220 tollgate-smtp-sink ready');

  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\r\n'); end !== -1; end = buffer.indexOf('\r\n')) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (data !== null) {
        if (line === '.') {
          deliver(parseMessage(from, to, data));
          data = null;
          from = '';
          to = [];
          reply('250 OK queued');
        } else {
          // Dot-stuffing: a leading "." was doubled by the sender.
          data.push(line.startsWith('.') ? line.slice(1) : line);
        }
        continue;
      }
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO') {
        reply('250-tollgate-smtp-sink');
        reply('250-8BITMIME');
        reply('250 SMTPUTF8');
      } else if (verb === 'HELO') reply('250 tollgate-smtp-sink');
      else if (verb === 'MAIL') {
        from = addressIn(line);
        to = [];
        reply('250 OK');
      } else if (verb === 'RCPT') {
        to.push(addressIn(line));
        reply('250 OK');
      } else if (verb === 'DATA') {
        data = [];
        reply('354 End data with <CR><LF>.<CR><LF>');
      } else if (verb === 'RSET') {
        from = '';
        to = [];
        reply('250 OK');
      } else if (verb === 'NOOP') reply('250 OK');
      else if (verb === 'QUIT') {
        reply('221 Bye');
        socket.end();
      } else reply('502 Command not implemented');
    }
  });
}

function addressIn(line: string): string {
  const match = /<([^>]*)>/.exec(line);
  return match?.[1] ?? line.slice(line.indexOf(':') + 1).trim();
}

function parseMessage(from: string, to: string[], lines: string[]): SinkMessage {
  const blank = lines.indexOf('');
  const headerLines = blank === -1 ? lines : lines.slice(0, blank);
  const bodyLines = blank === -1 ? [] : lines.slice(blank + 1);
  const headers: Record<string, string> = {};
  let last = '';
  for (const line of headerLines) {
    if (/^[ \t]/.test(line) && last) {
      headers[last] += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    last = line.slice(0, colon).trim().toLowerCase();
    headers[last] = line.slice(colon + 1).trim();
  }
  const encoding = (headers['content-transfer-encoding'] ?? '').toLowerCase();
  const raw = bodyLines.join('\n');
  const text =
    encoding === 'quoted-printable'
      ? decodeQuotedPrintable(raw)
      : encoding === 'base64'
        ? Buffer.from(raw.replace(/\s+/g, ''), 'base64').toString('utf8')
        : raw;
  return { from, to, subject: headers.subject ?? '', headers, text, receivedAt: new Date() };
}

/** RFC 2045 quoted-printable: soft line breaks ("=" at the end) are removed, `=XX` become bytes. */
function decodeQuotedPrintable(value: string): string {
  const bytes = value
    .replace(/=\n/g, '')
    .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}
