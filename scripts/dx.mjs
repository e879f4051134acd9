// `npm run dx`: from a fresh clone to the whole platform running with a seeded demo.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demo, seedDemo } from './lib/demo-seed.mjs';
import { devSecrets, services, waitForDemoCall } from './lib/dev-env.mjs';
import { buildAll, ensureDependencies } from './lib/install.mjs';
import { bold, cyan, dim, fail, green, step } from './lib/log.mjs';
import { ensureServices } from './lib/services.mjs';
import { startStack } from './lib/stack.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const databaseUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tollgate';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ports = {
  portal: 3000,
  controlPlane: 3001,
  worker: 3002,
  upstream: 4010,
  gateway: 8080,
  gatewayAdmin: 9080,
  mailSmtp: 1025,
  mailHttp: 1080,
};

async function main() {
  await ensureDependencies(root);
  step('Checking PostgreSQL and Redis');
  await ensureServices(services);
  await buildAll(root);
  step('Applying database migrations');
  const { applyMigrations } = await import('@tollgate/db');
  await applyMigrations(databaseUrl);

  step('Starting upstream, control plane, gateway, worker and portal');
  const stack = await startStack({
    root,
    ports,
    logDir: join(root, '.tollgate', 'logs'),
    env: {
      ...devSecrets(root),
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: 'tg:',
      COOKIE_SECURE: 'false',
      SNAPSHOT_DIR: join(root, '.tollgate', 'snapshots'),
      GATEWAY_SPOOL_DIR: join(root, '.tollgate', 'spool'),
      // The demo upstream runs on loopback, which the gateway refuses for tenants by default.
      GATEWAY_ALLOW_PRIVATE_UPSTREAMS: '*',
      ALLOWED_PRIVATE_UPSTREAM_TENANTS: '*',
      // The portal forwards the browser's calls from loopback: believe its X-Forwarded-For.
      CONTROL_PLANE_TRUSTED_PROXIES: '127.0.0.1,::1',
    },
  });
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  step('Seeding the demo tenant, plan, consumer and key');
  const seeded = await seedDemo({
    controlPlaneUrl: stack.urls.controlPlaneUrl,
    upstreamUrl: stack.urls.upstreamUrl,
  });
  const callUrl = `${stack.urls.gatewayUrl}/t/${seeded.tenant}${seeded.apiBasePath}/hello`;
  await waitForDemoCall(callUrl, seeded.key);

  const { workerHealthUrl: _, ...urls } = stack.urls;
  const demoFile = join(root, '.tollgate', 'demo.json');
  writeFileSync(demoFile, `${JSON.stringify({ ...urls, ...seeded }, null, 2)}\n`, { mode: 0o600 });

  console.log(`
${green(bold('Tollgate is running.'))}

  Portal         ${cyan(stack.urls.portalUrl)}   sign in as ${bold(demo.providerEmail)} / ${bold(demo.providerPassword)}
  Gateway        ${cyan(stack.urls.gatewayUrl)}   metrics: ${cyan(`http://127.0.0.1:${ports.gatewayAdmin}/metrics`)}
  Control plane  ${cyan(stack.urls.controlPlaneUrl)}
  Demo upstream  ${cyan(stack.urls.upstreamUrl)}
  Mail inbox     ${cyan(stack.urls.mailUrl)}   (password resets land here)

  Demo key (shown once; also in .tollgate/demo.json):
    ${seeded.key}

  Try it:
    curl -i -H "Authorization: Bearer ${seeded.key}" ${callUrl}

  ${dim(`Logs in .tollgate/logs/. Press Ctrl-C to stop everything.`)}
`);
}

main().catch((error) => fail(error instanceof Error ? error.message : String(error)));
