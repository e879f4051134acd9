// `npm test`: the whole suite (lint, typecheck, unit and integration tests on real
// PostgreSQL and Redis, and the Playwright journeys in Chromium), from a fresh clone.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from './lib/chromium.mjs';
import { services } from './lib/dev-env.mjs';
import { buildAll, ensureDependencies } from './lib/install.mjs';
import { fail, step } from './lib/log.mjs';
import { run } from './lib/run.mjs';
import { ensureServices } from './lib/services.mjs';
import { clearReports, summarise, vitestReport } from './lib/test-report.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

async function main() {
  await ensureDependencies(root);
  step('Checking PostgreSQL and Redis');
  await ensureServices(services);
  await ensureChromium();
  await buildAll(root);
  clearReports(root);
  let failure = null;
  const stage = async (name, command, args, options) => {
    step(name);
    try {
      await run(command, args, { cwd: root, ...options });
    } catch (error) {
      failure ??= error;
    }
  };
  await stage('Lint', 'npx', ['biome', 'check', '.']);
  // `--only`: everything was built above. Without it turbo would run (and restore from its
  // cache) the builds again while other packages' tests import their output.
  await stage('Typecheck', 'npx', ['turbo', 'run', 'typecheck', '--only', '--output-logs=errors-only']);
  await stage('Unit and integration tests', 'npx', [
    'turbo',
    'run',
    'test',
    '--only',
    '--concurrency=2',
    '--continue',
    '--',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${vitestReport}`,
  ]);
  await stage('End-to-end tests (Playwright, Chromium)', 'npx', ['playwright', 'test'], {
    cwd: join(root, 'e2e'),
  });

  const { passed, failed, skipped } = summarise(root);
  console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  if (failure || failed > 0) process.exit(1);
}

main().catch((error) => fail(error instanceof Error ? error.message : String(error)));
