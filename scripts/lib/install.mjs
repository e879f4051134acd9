import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { step } from './log.mjs';
import { run } from './run.mjs';

/** Installs the workspace's dependencies when node_modules is missing or older than the lockfile. */
export async function ensureDependencies(root) {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  step('Installing dependencies');
  // `npm install` honours the lockfile's versions. Not `npm ci`: npm 11 here writes lockfiles
  // without other platforms' optional packages (turbo, swc, biome binaries), which `npm ci`
  // then refuses as out of sync.
  await run('npm', ['install', '--no-audit', '--no-fund'], { cwd: root });
}

/** Builds every workspace (turbo orders packages before the apps that use them). */
export async function buildAll(root) {
  step('Building packages and apps');
  await run('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], { cwd: root });
}
