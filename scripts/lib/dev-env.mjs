import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const services = {
  postgres: { host: '127.0.0.1', port: 5432 },
  redis: { host: '127.0.0.1', port: 6379 },
};

/**
 * Development secrets, made once per checkout and kept in the git-ignored .tollgate/ so
 * key hashes (which depend on the pepper) stay valid across restarts.
 */
export function devSecrets(root) {
  const file = join(root, '.tollgate', 'dev-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  mkdirSync(join(root, '.tollgate'), { recursive: true });
  const secrets = {
    KEY_PEPPER: randomBytes(32).toString('base64url'),
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    MASTER_KEY: randomBytes(32).toString('base64'),
  };
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}

/** Polls the gateway with the demo key until it answers 200 (config and key reach it over pub/sub). */
export async function waitForDemoCall(url, key, seconds = 15) {
  let last = 0;
  for (let i = 0; i < seconds * 4; i++) {
    const response = await fetch(url, { headers: { authorization: `Bearer ${key}` } }).catch(() => null);
    last = response?.status ?? 0;
    await response?.body?.cancel();
    if (last === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the demo call ${url} answered ${last}, not 200`);
}
