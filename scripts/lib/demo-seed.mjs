/**
 * Seeds the demo through the control plane's public API (the same path a provider takes,
 * so the config snapshot and the key index are projected as they are in production).
 * Idempotent: it reuses the demo provider, API, plan, consumer and subscription, and
 * issues a fresh demo key each run (revoking the previous one), since keys are shown once.
 */
export const demo = {
  providerEmail: 'demo@tollgate.dev',
  providerPassword: 'tollgate-demo-password',
  providerName: 'Demo Provider',
  tenantName: 'Demo APIs',
  tenant: 'demo',
  apiName: 'Echo API',
  apiBasePath: '/echo',
  planName: 'Starter',
  consumerName: 'Demo Developer',
  consumerEmail: 'developer@demo.example',
  keyName: 'demo key',
};

class ControlPlaneClient {
  constructor(baseUrl) {
    this.baseUrl = baseUrl;
    this.cookie = '';
    this.csrfToken = '';
  }

  /** After sign-in: changes made with the session cookie carry its CSRF token. */
  async fetchCsrfToken() {
    this.csrfToken = (await this.call('GET', '/v1/auth/csrf')).body.token;
  }

  async call(method, path, body, { allow = [] } = {}) {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrfToken && method !== 'GET' ? { 'x-csrf-token': this.csrfToken } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const setCookie = response.headers.getSetCookie();
    if (setCookie.length > 0) this.cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
    const text = await response.text();
    const payload = text ? JSON.parse(text) : null;
    if (!response.ok && !allow.includes(response.status)) {
      throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    }
    return { status: response.status, body: payload };
  }
}

const demoPlanTerms = { rateLimit: { limit: 600, windowSeconds: 60, burst: 50 }, monthlyQuota: 100000 };

/** `planTerms` applies when the plan is created (a benchmark wants limits it never reaches). */
export async function seedDemo({ controlPlaneUrl, upstreamUrl, planTerms = demoPlanTerms }) {
  const cp = new ControlPlaneClient(controlPlaneUrl);
  const signup = await cp.call(
    'POST',
    '/v1/auth/signup',
    {
      email: demo.providerEmail,
      password: demo.providerPassword,
      name: demo.providerName,
      tenantName: demo.tenantName,
      tenantSlug: demo.tenant,
    },
    { allow: [409] },
  );
  if (signup.status === 409) {
    await cp.call('POST', '/v1/auth/login', { email: demo.providerEmail, password: demo.providerPassword });
  }
  await cp.fetchCsrfToken();
  const me = await cp.call('GET', '/v1/auth/me');
  const membership = me.body.memberships.find((m) => m.tenantSlug === demo.tenant);
  if (!membership) throw new Error(`the demo provider is not a member of tenant "${demo.tenant}"`);
  const t = `/v1/tenants/${membership.tenantId}`;

  const apis = (await cp.call('GET', `${t}/apis`)).body.data;
  const api =
    apis.find((a) => a.basePath === demo.apiBasePath) ??
    (await cp.call('POST', `${t}/apis`, { name: demo.apiName, basePath: demo.apiBasePath, upstreamUrl })).body
      .data;

  const plans = (await cp.call('GET', `${t}/plans`)).body.data;
  const plan =
    plans.find((p) => p.name === demo.planName) ??
    (
      await cp.call('POST', `${t}/plans`, {
        name: demo.planName,
        ...planTerms,
        apiIds: [api.id],
      })
    ).body.data;

  const consumers = (await cp.call('GET', `${t}/consumers`)).body.data;
  let consumer = consumers.find((c) => c.email === demo.consumerEmail);
  if (!consumer) {
    consumer = (
      await cp.call('POST', `${t}/consumers`, { name: demo.consumerName, email: demo.consumerEmail })
    ).body.data;
  }
  let subscriptionId = consumer.subscriptions?.find((s) => s.planId === plan.id && s.status === 'active')?.id;
  if (!subscriptionId) {
    subscriptionId = (
      await cp.call('POST', `${t}/consumers/${consumer.id}/subscriptions`, { planId: plan.id })
    ).body.data.id;
  }

  const keys = (await cp.call('GET', `${t}/keys`)).body.data;
  for (const old of keys.filter((k) => k.name === demo.keyName && k.status === 'active')) {
    await cp.call('POST', `${t}/keys/${old.id}/revoke`);
  }
  const issued = (
    await cp.call('POST', `${t}/keys`, { subscriptionId, name: demo.keyName, environment: 'live' })
  ).body;

  return {
    tenant: demo.tenant,
    tenantId: membership.tenantId,
    apiBasePath: demo.apiBasePath,
    key: issued.key,
    keyId: issued.data.id,
    providerEmail: demo.providerEmail,
    providerPassword: demo.providerPassword,
  };
}
