import { execFileSync } from 'node:child_process';
import { type EchoUpstream, startEchoUpstream } from '@tollgate/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type PlantContext, storedSecretKinds } from '../../test/stored-secrets.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';
import { TxtResolver } from './domains/txt-resolver.js';

/**
 * Secrets at rest: after every kind of secret in `test/stored-secrets.ts` went in through the
 * API, a data-only dump of the whole database (every table, `pg_dump`) holds none of them in
 * plain text (nor base64 of it), and no PEM private key at all.
 */

let t: TestApp;
let upstream: EchoUpstream;
const dns = new Map<string, string[][]>();
const planted = new Map<string, string[]>();

beforeAll(async () => {
  upstream = await startEchoUpstream();
  t = await startTestApp();
  vi.spyOn(t.app.get(TxtResolver), 'resolveTxt').mockImplementation(async (name: string) => {
    const records = dns.get(name);
    if (records === undefined) throw Object.assign(new Error('ENODATA'), { code: 'ENODATA' });
    return records;
  });
  const owner = t.client();
  const { tenantId } = await owner.signup('at-rest');
  const base = `/v1/tenants/${tenantId}`;
  const api = await owner.post(`${base}/apis`, {
    name: 'Echo',
    basePath: '/echo',
    upstreamUrl: upstream.url,
  });
  const plan = await owner.post(`${base}/plans`, { name: 'Free', apiIds: [api.json().data.id] });
  const consumer = await owner.post(`${base}/consumers`, { name: 'Ada', email: 'ada@example.test' });
  const subscription = await owner.post(`${base}/consumers/${consumer.json().data.id}/subscriptions`, {
    planId: plan.json().data.id,
  });
  const ctx: PlantContext = {
    t,
    owner,
    tenantId,
    apiId: api.json().data.id,
    subscriptionId: subscription.json().data.id,
    setTxt: (name, value) => dns.set(name, [[value]]),
  };
  for (const kind of storedSecretKinds) planted.set(kind.kind, await kind.plant(ctx));
}, 60_000);
afterAll(async () => {
  await t?.close();
  await upstream?.close();
});

function dumpDatabase(url: string): string {
  return execFileSync('pg_dump', ['--data-only', '--no-owner', url], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
}

describe('secrets at rest', () => {
  it('at-rest.ok: a dump of every table holds no planted secret in plain text', () => {
    const dump = dumpDatabase(t.db.url);
    // The dump is real: it holds the tenant and its sealed TLS key (only sealed).
    expect(dump).toContain('at-rest');
    expect(dump).toContain('"ciphertext"');
    const found: string[] = [];
    for (const [kind, values] of planted) {
      expect(values.length, kind).toBeGreaterThan(0);
      for (const value of values) {
        const forms = [
          value,
          Buffer.from(value).toString('base64'),
          Buffer.from(value).toString('base64url'),
        ];
        if (forms.some((form) => dump.includes(form))) found.push(`${kind}: ${value.slice(0, 12)}…`);
      }
    }
    expect(found).toEqual([]);
    expect(dump).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
  });
});
