import { expect, test } from '@playwright/test';
import { demoStack } from '../support/stack-env.js';

// The walking skeleton's journey: a provider signs in, creates a key, the key works
// through the gateway, the call shows in the usage chart, and once revoked it is refused.
test('a provider creates a key, uses it, sees the call in usage, revokes it and gets 401', async ({
  page,
}) => {
  const stack = demoStack();

  await page.goto(`${stack.portalUrl}/login`);
  await page.getByLabel('Email').fill(stack.providerEmail);
  await page.getByLabel('Password').fill(stack.providerPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/keys$/);

  // The same button opens the form and submits it.
  await page.getByRole('button', { name: 'Create key' }).click();
  await page.getByLabel('Key name').fill('journey key');
  await page.getByRole('button', { name: 'Create key' }).click();
  const key = (await page.getByTestId('new-key').textContent())?.trim() ?? '';
  expect(key).toMatch(/^tg_live_/);

  const callUrl = `${stack.gatewayUrl}/t/${stack.tenant}${stack.apiBasePath}/journey`;
  const call = () => fetch(callUrl, { headers: { authorization: `Bearer ${key}` } });
  await expect.poll(async () => (await call()).status).toBe(200);

  await page.goto(`${stack.portalUrl}/usage`);
  await expect
    .poll(
      async () => {
        await page.getByRole('button', { name: 'Refresh' }).click();
        return Number(await page.getByTestId('usage-total').textContent());
      },
      { timeout: 20_000 },
    )
    .toBeGreaterThanOrEqual(1);

  await page.goto(`${stack.portalUrl}/keys`);
  const row = page.getByTestId('key-row').filter({ hasText: 'journey key' });
  await row.getByRole('button', { name: 'Revoke' }).click();
  await row.getByRole('button', { name: 'Confirm revoke' }).click();
  await expect(row.getByTestId('key-status')).toHaveText(/revoked/i);

  const refused = await call();
  expect(refused.status).toBe(401);
  expect(refused.headers.get('content-type')).toContain('application/problem+json');
  const problem = (await refused.json()) as { code: string; requestId: string };
  expect(problem.code).toBe('key_revoked');
  expect(problem.requestId).toMatch(/^req_/);
});
