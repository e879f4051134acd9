import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { type DemoStack, demoStack } from '../support/stack-env.js';

/** The demo provider's control plane session: a cookie and its CSRF token, as the console holds them. */
async function providerSession(stack: DemoStack) {
  const login = await fetch(`${stack.controlPlaneUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: stack.providerEmail, password: stack.providerPassword }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const get = async (path: string) => {
    const response = await fetch(`${stack.controlPlaneUrl}${path}`, { headers: { cookie } });
    expect(response.status, path).toBe(200);
    return response.json();
  };
  const { token } = (await get('/v1/auth/csrf')) as { token: string };
  const post = (path: string, body: unknown) =>
    fetch(`${stack.controlPlaneUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': token },
      body: JSON.stringify(body),
    });
  return { get, post };
}

// The demo tenant offers "Starter" (the free plan sign-ups get); the provider adds a second
// public plan, then a new developer compares both on the portal's plans page, switches to the
// new one (confirmed inline) and the dashboard shows it.
test('a developer compares the public plans and switches to another one', async ({ page }) => {
  const stack = demoStack();
  const provider = await providerSession(stack);
  const { memberships } = (await provider.get('/v1/auth/me')) as {
    memberships: { tenantId: string; tenantSlug: string }[];
  };
  const tenantId = memberships.find((m) => m.tenantSlug === stack.tenant)?.tenantId;
  const apis = (await provider.get(`/v1/tenants/${tenantId}/apis`)) as {
    data: { id: string; basePath: string }[];
  };
  const api = apis.data.find((a) => a.basePath === stack.apiBasePath);
  const planName = `Growth ${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const created = await provider.post(`/v1/tenants/${tenantId}/plans`, {
    name: planName,
    apiIds: [api?.id],
    rateLimit: { limit: 1_200, windowSeconds: 60, burst: 100 },
    monthlyQuota: 500_000,
    pricing: { baseFeeCents: 2_900, includedCalls: 250_000 },
  });
  expect(created.status).toBe(201);

  const portal = `${stack.portalUrl}/portal/${stack.tenant}`;
  await page.goto(`${portal}/signup`);
  await page.getByLabel('Your name').fill('Plan Switcher');
  await page.getByLabel('Email').fill(`switcher-${Date.now()}@example.test`);
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/portal\/demo\/dashboard$/);
  await expect(page.getByTestId('plan-name')).toHaveText('Starter');

  // The subscription card links to the plans: both, with their terms, the current one marked.
  await page.getByRole('link', { name: 'Change plan' }).click();
  await expect(page).toHaveURL(/\/portal\/demo\/plans$/);
  const card = (name: string) => page.locator(`[data-testid="plan-card"][data-plan-name="${name}"]`);
  await expect(card('Starter').getByTestId('current-plan')).toBeVisible();
  await expect(card(planName)).toContainText('$29 a month, 250,000 calls included');
  await expect(card(planName)).toContainText('1,200 calls per minute (bursts of up to 100)');
  await expect(card(planName)).toContainText('500,000 calls a month');
  await expect(card(planName)).toContainText(`Echo API (${stack.apiBasePath})`);
  await expect(card(planName).getByTestId('current-plan')).toHaveCount(0);

  await card(planName).getByRole('button', { name: 'Switch to this plan' }).click();
  await card(planName).getByRole('button', { name: 'Confirm switch' }).click();
  await expect(page.getByRole('status')).toContainText(`now on ${planName}`);
  await expect(page.getByTestId('plan-name')).toHaveText(planName);
  await expect(card(planName).getByTestId('current-plan')).toBeVisible();
  await expect(card('Starter').getByTestId('current-plan')).toHaveCount(0);

  await page
    .getByRole('navigation', { name: 'Developer portal' })
    .getByRole('link', { name: 'Dashboard' })
    .click();
  await expect(page).toHaveURL(/\/portal\/demo\/dashboard$/);
  await expect(page.getByTestId('plan-name')).toHaveText(planName);
  await expect(page.getByTestId('quota-summary')).toContainText('of 500,000 calls used');
});
