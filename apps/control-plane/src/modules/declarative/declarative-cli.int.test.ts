import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/test-app.js';

/**
 * The built `tollgate` CLI (packages/cli) as a user runs it: a child process with a personal
 * access token, against this control plane listening on a port.
 */

const cli = fileURLToPath(new URL('../../../../../packages/cli/dist/main.js', import.meta.url));

let t: TestApp;
let tenantId: string;
let env: NodeJS.ProcessEnv;
let dir: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function tollgate(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

const versions = () => t.db.prisma.configVersion.count({ where: { tenantId } });

beforeAll(async () => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build @tollgate/cli first`);
  t = await startTestApp();
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  const owner = t.client();
  ({ tenantId } = await owner.signup('decl-cli'));
  const api = await owner.post(`/v1/tenants/${tenantId}/apis`, {
    name: 'Weather',
    basePath: '/weather',
    upstreamUrl: 'http://127.0.0.1:4010',
  });
  expect(api.statusCode).toBe(201);
  const plan = await owner.post(`/v1/tenants/${tenantId}/plans`, {
    name: 'Pro',
    rateLimit: { limit: 10, windowSeconds: 1, burst: 5 },
    apiIds: [api.json().data.id],
  });
  expect(plan.statusCode).toBe(201);
  const token = await owner.post('/v1/tokens', { name: 'ci', scopes: ['read', 'write'] });
  expect(token.statusCode).toBe(201);
  env = {
    PATH: process.env.PATH,
    TOLLGATE_URL: `http://127.0.0.1:${port}`,
    TOLLGATE_TOKEN: token.json().token,
  };
  dir = await mkdtemp(join(tmpdir(), 'tollgate-cli-'));
}, 60_000);

afterAll(async () => {
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('tollgate CLI', () => {
  it('cli.noop: export then apply of the same file says "No changes", exits 0 and publishes nothing', async () => {
    const file = join(dir, 'config.yaml');
    const exported = await tollgate('export', '--tenant', 'decl-cli', '-o', file);
    expect(exported).toMatchObject({ code: 0, stderr: '' });
    const yaml = await readFile(file, 'utf8');
    expect(yaml).toMatch(/^apiVersion: tollgate\/v1\nkind: TenantConfig\nmetadata:\n {2}tenant: decl-cli\n/);
    expect(yaml).toContain('basePath: /weather');
    expect(yaml).not.toMatch(/api_|pln_|tnt_/);
    // The same bytes on stdout, and by tenant id as by slug.
    const again = await tollgate('export', '--tenant', tenantId);
    expect(`${again.stdout}`).toBe(yaml);

    const before = await versions();
    const applied = await tollgate('apply', '-f', file, '--yes');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('No changes');
    expect(await versions()).toBe(before);
  });

  it('cli.apply: an edited limit shows in the plan in words, then applies as one new release', async () => {
    const file = join(dir, 'config.yaml');
    const yaml = await readFile(file, 'utf8');
    expect(yaml).toContain('limit: 10\n');
    await writeFile(file, yaml.replace('limit: 10\n', 'limit: 25\n'));

    const plan = await tollgate('plan', '-f', file);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('~ Update plan Pro: rateLimit');
    expect(plan.stdout).toContain('Rate limit of plan Pro: 10 per 1s (burst 5) → 25 per 1s (burst 5)');

    // Nobody at a terminal to say yes: nothing is applied.
    const before = await versions();
    const unconfirmed = await tollgate('apply', '-f', file);
    expect(unconfirmed.code).toBe(1);
    expect(await versions()).toBe(before);

    const applied = await tollgate('apply', '-f', file, '--yes', '--reason', 'raise Pro to 25/s');
    expect(applied.code).toBe(0);
    const latest = await t.db.prisma.configVersion.findFirstOrThrow({
      where: { tenantId },
      orderBy: { version: 'desc' },
    });
    expect(await versions()).toBe(before + 1);
    expect(applied.stdout).toContain(`release version ${latest.version} is live`);
    expect(latest).toMatchObject({ kind: 'manual', reason: 'raise Pro to 25/s' });
    const event = await t.db.prisma.auditEvent.findFirstOrThrow({
      where: { tenantId, action: 'release.published' },
      orderBy: { createdAt: 'desc' },
    });
    expect(event.tokenId).not.toBeNull();

    const noop = await tollgate('apply', '-f', file, '--yes');
    expect([noop.code, noop.stdout.includes('No changes')]).toEqual([0, true]);
    expect(await versions()).toBe(before + 1);
  });

  it('cli.errors: a refused document exits 1 with the problem code and fields; a bad call exits 2', async () => {
    const file = join(dir, 'broken.yaml');
    const yaml = await readFile(join(dir, 'config.yaml'), 'utf8');
    await writeFile(file, yaml.replace('basePath: /weather', 'basePath: weather'));
    const refused = await tollgate('plan', '-f', file);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('validation_failed');
    expect(refused.stderr).toContain('document.apis.0.basePath');

    expect((await tollgate('apply')).code).toBe(2);
    expect((await tollgate('deploy', '-f', file)).code).toBe(2);
    const wrongToken = await tollgate('export', '--tenant', 'decl-cli', '--token', 'tgp_nope');
    expect(wrongToken.code).toBe(1);
    expect(wrongToken.stderr).toContain('unauthenticated');
  });
});
