import { existsSync } from 'node:fs';
import { step } from './log.mjs';
import { run } from './run.mjs';

export const chromiumPath = '/usr/bin/chromium';

/** Browser tests drive Debian's Chromium; install it with apt-get when it is missing. */
export async function ensureChromium() {
  if (existsSync(chromiumPath)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `Chromium is missing at ${chromiumPath}: install it with "sudo apt-get install -y chromium"`,
    );
  }
  step('Installing Chromium from Debian for the browser tests');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update', '-qq'], { env });
  await run('apt-get', ['install', '-y', '-qq', 'chromium'], { env });
}
