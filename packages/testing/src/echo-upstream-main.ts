import { parseEnv } from '@tollgate/config';
import { z } from 'zod';
import { startEchoUpstream } from './echo-upstream.js';

// The demo upstream for `npm run dx` and the benchmarks.
const env = parseEnv(
  z.object({
    // Digits only: an empty UPSTREAM_PORT must fail rather than coerce to 0 (a random port).
    UPSTREAM_PORT: z
      .string()
      .regex(/^\d{1,5}$/, 'must be a port number')
      .default('4010')
      .transform(Number)
      .pipe(z.int().max(65535)),
    UPSTREAM_HOST: z.string().min(1).default('127.0.0.1'),
  }),
);

const upstream = await startEchoUpstream({ port: env.UPSTREAM_PORT, host: env.UPSTREAM_HOST });
console.log(
  JSON.stringify({
    level: 30,
    time: Date.now(),
    service: 'echo-upstream',
    msg: `listening on ${upstream.url}`,
  }),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void upstream.close().then(() => process.exit(0));
  });
}
