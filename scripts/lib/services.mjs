import { execSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { step } from './log.mjs';

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitReachable(host, port, seconds) {
  for (let i = 0; i < seconds * 4; i++) {
    if (await reachable(host, port)) return true;
    await sleep(250);
  }
  return false;
}

// This machine kind runs both services locally; these are the commands that start them.
const localStarters = {
  postgres: () => {
    if (!existsSync('/etc/postgresql')) return false;
    const version = readdirSync('/etc/postgresql')[0];
    execSync(`pg_ctlcluster --skip-systemctl-redirect ${version} main start`, { stdio: 'inherit' });
    return true;
  },
  redis: () => {
    execSync(
      'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log',
      { stdio: 'inherit' },
    );
    return true;
  },
};

/**
 * Makes sure PostgreSQL and Redis answer, starting this machine's local ones when they are
 * down. On a laptop without them, infra/compose.yaml runs both.
 */
export async function ensureServices({ postgres, redis }) {
  for (const [name, { host, port }] of Object.entries({ postgres, redis })) {
    if (await reachable(host, port)) continue;
    step(`${name} is not answering on ${host}:${port}: starting the local one`);
    let started = false;
    try {
      started = localStarters[name]();
    } catch {
      started = false;
    }
    if (!started || !(await waitReachable(host, port, 20))) {
      throw new Error(
        `${name} is not reachable on ${host}:${port} and could not be started here.\n` +
          '  Start PostgreSQL and Redis with: docker compose -f infra/compose.yaml up -d',
      );
    }
  }
}
