import { createServer } from 'node:http';
import { parseEnv } from '@tollgate/config';
import { z } from 'zod';
import { startSmtpSink } from './smtp-sink.js';

// The local mail sink for `npm run dx`: SMTP in (point SMTP_URL at it), the messages out as JSON over HTTP.
const port = (fallback: number) =>
  z
    .string()
    .regex(/^\d{1,5}$/, 'must be a port number')
    .default(String(fallback))
    .transform(Number)
    .pipe(z.int().max(65535));
const env = parseEnv(
  z.object({
    SMTP_SINK_PORT: port(1025),
    SMTP_SINK_HTTP_PORT: port(1080),
    SMTP_SINK_HOST: z.string().min(1).default('127.0.0.1'),
  }),
);

const sink = await startSmtpSink({ port: env.SMTP_SINK_PORT, host: env.SMTP_SINK_HOST });
// GET / (or /messages): every message received since start, newest first.
const http = createServer((_request, response) => {
  response.setHeader('content-type', 'application/json');
  response.end(JSON.stringify({ data: [...sink.messages].reverse() }, null, 2));
});
http.listen(env.SMTP_SINK_HTTP_PORT, env.SMTP_SINK_HOST);
console.log(
  JSON.stringify({
    level: 30,
    time: Date.now(),
    service: 'smtp-sink',
    msg: `SMTP on ${sink.url}, messages at http://${env.SMTP_SINK_HOST}:${env.SMTP_SINK_HTTP_PORT}/`,
  }),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    http.close();
    void sink.close().then(() => process.exit(0));
  });
}
