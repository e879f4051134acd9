import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const allParts = ['upstream', 'mail', 'control-plane', 'gateway', 'worker', 'portal'];
const portOf = {
  upstream: 'upstream',
  mail: 'mailHttp',
  'control-plane': 'controlPlane',
  gateway: 'gateway',
  worker: 'worker',
  portal: 'portal',
};

/**
 * Starts the whole platform (or the named `parts` of it) from the built workspaces: echo upstream, control plane,
 * gateway, worker and portal, each as its own process with its log in `logDir`.
 * Used by `npm run dx` and by the end-to-end tests, so both run the same stack.
 */
export async function startStack({ root, env, ports, logDir, parts = allParts }) {
  mkdirSync(logDir, { recursive: true });
  const urls = {
    upstreamUrl: `http://127.0.0.1:${ports.upstream}`,
    controlPlaneUrl: `http://127.0.0.1:${ports.controlPlane}`,
    gatewayUrl: `http://127.0.0.1:${ports.gateway}`,
    workerHealthUrl: `http://127.0.0.1:${ports.worker}/healthz`,
    portalUrl: `http://127.0.0.1:${ports.portal}`,
    mailUrl: `http://127.0.0.1:${ports.mailHttp}`,
  };
  const shared = {
    ...process.env,
    ...env,
    NODE_ENV: env.NODE_ENV ?? 'production',
    UPSTREAM_PORT: String(ports.upstream),
    CONTROL_PLANE_PORT: String(ports.controlPlane),
    GATEWAY_PORT: String(ports.gateway),
    // 0 picks a free port, so several stacks (dx, e2e, a benchmark) can run side by side.
    GATEWAY_ADMIN_PORT: String(ports.gatewayAdmin ?? 0),
    WORKER_HEALTH_PORT: String(ports.worker),
    PORTAL_PORT: String(ports.portal),
    CONTROL_PLANE_URL: urls.controlPlaneUrl,
    // Mail (password resets, alerts) goes to the local sink; its inbox is JSON at mailUrl.
    SMTP_SINK_PORT: String(ports.mailSmtp),
    SMTP_SINK_HTTP_PORT: String(ports.mailHttp),
    SMTP_URL: `smtp://127.0.0.1:${ports.mailSmtp}`,
    PORTAL_PUBLIC_URL: urls.portalUrl,
    NEXT_TELEMETRY_DISABLED: '1',
  };
  const node = process.execPath;
  const specs = [
    {
      name: 'upstream',
      cwd: root,
      args: [join(root, 'packages/testing/dist/echo-upstream-main.js')],
      probe: urls.upstreamUrl,
    },
    {
      name: 'mail',
      cwd: root,
      args: [join(root, 'packages/testing/dist/smtp-sink-main.js')],
      probe: urls.mailUrl,
    },
    {
      name: 'control-plane',
      cwd: join(root, 'apps/control-plane'),
      args: ['dist/main.js'],
      probe: `${urls.controlPlaneUrl}/v1/auth/me`,
    },
    {
      name: 'gateway',
      cwd: join(root, 'apps/gateway'),
      args: ['dist/main.js'],
      probe: `${urls.gatewayUrl}/_tollgate/healthz`,
    },
    { name: 'worker', cwd: join(root, 'apps/worker'), args: ['dist/main.js'], probe: urls.workerHealthUrl },
    {
      name: 'portal',
      cwd: join(root, 'apps/portal'),
      args: [
        join(root, 'node_modules/next/dist/bin/next'),
        'start',
        '-p',
        String(ports.portal),
        '-H',
        '127.0.0.1',
      ],
      probe: `${urls.portalUrl}/login`,
    },
  ];

  const children = [];
  const wanted = specs.filter((spec) => parts.includes(spec.name));
  let stopping = false;
  const stop = async () => {
    stopping = true;
    await Promise.all(children.map(({ child }) => stopChild(child)));
  };

  try {
    for (const spec of wanted) {
      const logFile = join(logDir, `${spec.name}-${ports[portOf[spec.name]]}.log`);
      const out = createWriteStream(logFile);
      const child = spawn(node, spec.args, { cwd: spec.cwd, env: shared, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.pipe(out);
      child.stderr.pipe(out);
      children.push({ child, spec, logFile });
      child.on('exit', (code, signal) => {
        if (!stopping) console.error(`${spec.name} exited (${signal ?? code}); its log: ${logFile}`);
      });
    }
    await Promise.all(children.map(({ child, spec, logFile }) => waitForHttp(spec, child, logFile)));
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls, stop, children };
}

async function waitForHttp(spec, child, logFile, seconds = 60) {
  for (let i = 0; i < seconds * 5; i++) {
    if (child.exitCode !== null) break;
    try {
      await fetch(spec.probe, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await sleep(200);
    }
  }
  const tail = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
  throw new Error(`${spec.name} did not start (probe ${spec.probe}). Last log lines:\n${tail}`);
}

function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
