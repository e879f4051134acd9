import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createTestDatabase, createTestRedisPrefix } from '@tollgate/testing';
// The same launcher and seed as `npm run dx`, so the journeys drive the stack a newcomer gets.
import { seedDemo } from '../../scripts/lib/demo-seed.mjs';
import { freePort } from '../../scripts/lib/ports.mjs';
import { startStack } from '../../scripts/lib/stack.mjs';
import { demoStackEnvName } from './stack-env.js';

const root = join(import.meta.dirname, '..', '..');

export default async function globalSetup() {
  const database = await createTestDatabase();
  const redis = await createTestRedisPrefix();
  const ports = {
    portal: await freePort(),
    controlPlane: await freePort(),
    worker: await freePort(),
    upstream: await freePort(),
    gateway: await freePort(),
    mailSmtp: await freePort(),
    mailHttp: await freePort(),
  };
  const logDir = join(root, 'e2e', 'test-results', 'stack-logs');
  const stack = await startStack({
    root,
    ports,
    logDir,
    env: {
      DATABASE_URL: database.url,
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: redis.prefix,
      KEY_PEPPER: randomBytes(32).toString('base64url'),
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      MASTER_KEY: randomBytes(32).toString('base64'),
      COOKIE_SECURE: 'false',
      SNAPSHOT_DIR: join(logDir, 'snapshots'),
      GATEWAY_SPOOL_DIR: join(logDir, 'spool'),
      GATEWAY_ALLOW_PRIVATE_UPSTREAMS: '*',
      ALLOWED_PRIVATE_UPSTREAM_TENANTS: '*',
      LOG_LEVEL: 'info',
    },
  });
  const seeded = await seedDemo({
    controlPlaneUrl: stack.urls.controlPlaneUrl,
    upstreamUrl: stack.urls.upstreamUrl,
  });
  process.env[demoStackEnvName] = JSON.stringify({ ...stack.urls, ...seeded });

  return async () => {
    await stack.stop();
    await redis.cleanup();
    await database.drop();
  };
}
