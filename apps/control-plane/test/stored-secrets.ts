import { createPrivateKey } from 'node:crypto';
import { selfSignedCertificate } from '@tollgate/testing';
import { expect } from 'vitest';
import type { TestApp, TestClient } from './test-app.js';

/** What a kind's `plant` gets: an app, a signed-in owner of a tenant that has one API. */
export interface PlantContext {
  t: TestApp;
  owner: TestClient;
  tenantId: string;
  apiId: string;
  subscriptionId: string;
  /** Makes the fake DNS answer `value` at `name` (domain verification). */
  setTxt(name: string, value: string): void;
}

/**
 * One kind of secret the platform receives or makes, planted through the public API. `plant`
 * returns the plain-text fragments that must never be found in a dump of the database.
 */
export interface StoredSecretKind {
  kind: string;
  plant(ctx: PlantContext): Promise<string[]>;
}

/** The base64 lines of a PEM body (each long enough to be unmistakable). */
function pemLines(pem: string): string[] {
  return pem.split('\n').filter((line) => line.length >= 40 && !line.startsWith('-----'));
}

/**
 * THE list of secret kinds that `secrets-at-rest.int.test.ts` checks. A module that starts
 * storing a new kind of secret adds an entry here.
 */
export const storedSecretKinds: StoredSecretKind[] = [
  {
    kind: 'account password',
    // `TestClient.signup` signs up with this password.
    plant: async () => ['correct horse battery'],
  },
  {
    kind: 'session id (tg_session cookie)',
    plant: async ({ owner }) => {
      const cookie = decodeURIComponent(owner.cookie ?? '');
      const sessionId = cookie.slice(0, cookie.lastIndexOf('.'));
      expect(sessionId.length).toBeGreaterThanOrEqual(20);
      return [sessionId, cookie];
    },
  },
  {
    kind: 'API key',
    plant: async ({ owner, tenantId, subscriptionId }) => {
      const response = await owner.post(`/v1/tenants/${tenantId}/keys`, { subscriptionId, name: 'dump' });
      expect(response.statusCode, response.body).toBe(201);
      return [response.json().key];
    },
  },
  {
    kind: 'personal access token',
    plant: async ({ owner }) => {
      const response = await owner.post('/v1/tokens', { name: 'dump', scopes: ['read'] });
      expect(response.statusCode, response.body).toBe(201);
      return [response.json().token];
    },
  },
  {
    kind: 'TLS private key of a custom domain',
    plant: async ({ owner, tenantId, setTxt }) => {
      const base = `/v1/tenants/${tenantId}/domains`;
      const domain = (await owner.post(base, { hostname: 'dump.acme.test' })).json().data;
      setTxt(domain.verification.name, domain.verification.value);
      expect((await owner.post(`${base}/${domain.id}/verify`)).statusCode).toBe(200);
      const pair = selfSignedCertificate(['dump.acme.test']);
      const uploaded = await owner.call('PUT', `${base}/${domain.id}/certificate`, {
        certificatePem: pair.certPem,
        privateKeyPem: pair.keyPem,
      });
      expect(uploaded.statusCode, uploaded.body).toBe(200);
      const pkcs8 = createPrivateKey(pair.keyPem).export({ type: 'pkcs8', format: 'pem' }).toString();
      return [...pemLines(pair.keyPem), ...pemLines(pkcs8)];
    },
  },
  {
    kind: 'upstream signing secret of an API',
    plant: async ({ owner, tenantId, apiId }) => {
      const secret = 'whsec_dump_test_signing_secret_0123456789';
      const response = await owner.post(`/v1/tenants/${tenantId}/apis/${apiId}/signing-secrets`, { secret });
      expect(response.statusCode, response.body).toBe(201);
      return [secret];
    },
  },
  {
    kind: 'webhook endpoint signing secret (current and, after a rotation, previous)',
    plant: async ({ owner, tenantId }) => {
      const base = `/v1/tenants/${tenantId}/webhook-endpoints`;
      const created = await owner.post(base, { url: 'http://127.0.0.1:9/dump' });
      expect(created.statusCode, created.body).toBe(201);
      const rotated = await owner.post(`${base}/${created.json().data.id}/rotate-secret`, {});
      expect(rotated.statusCode, rotated.body).toBe(200);
      return [created.json().secret, rotated.json().secret];
    },
  },
  {
    kind: 'OAuth2 introspection client secret',
    plant: async ({ owner, tenantId }) => {
      const clientSecret = 'oauth2_dump_test_client_secret_0123456789';
      const response = await owner.call('PATCH', `/v1/tenants/${tenantId}/identity-providers`, {
        oauth2: { introspectionUrl: 'http://127.0.0.1:4015/introspect', clientId: 'tollgate', clientSecret },
      });
      expect(response.statusCode, response.body).toBe(200);
      return [clientSecret];
    },
  },
  {
    kind: 'webhook signing secret',
    plant: async ({ owner, tenantId }) => {
      const response = await owner.post(`/v1/tenants/${tenantId}/webhook-endpoints`, {
        url: 'https://hooks.example.test/tollgate',
      });
      expect(response.statusCode, response.body).toBe(201);
      const rotated = await owner.post(
        `/v1/tenants/${tenantId}/webhook-endpoints/${response.json().data.id}/rotate-secret`,
        { graceSeconds: 60 },
      );
      expect(rotated.statusCode, rotated.body).toBe(200);
      return [response.json().secret, rotated.json().secret];
    },
  },
];
