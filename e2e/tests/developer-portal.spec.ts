import { expect, type Page, test } from '@playwright/test';
import { demoStack } from '../support/stack-env.js';

/** The key's row on the keys page: the row whose display prefix begins the key. */
async function rowOf(page: Page, key: string) {
  await page.getByTestId('key-row').first().waitFor();
  const prefixes = await page
    .getByTestId('key-row')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-key-prefix') ?? ''));
  const prefix = prefixes.find((candidate) => candidate !== '' && key.startsWith(candidate));
  if (!prefix) throw new Error(`no row for a key starting ${key.slice(0, 14)}`);
  return page.locator(`[data-testid="key-row"][data-key-prefix="${prefix}"]`);
}

// A developer's journey on the demo tenant's portal: signs up (subscribed to the free public
// "Starter" plan), sees the subscription, makes a key, calls the API through the gateway, sees
// the calls in usage, rotates the key with a grace period, revokes both keys and is refused.
test('a developer signs up on the portal, uses a key, sees usage, rotates and revokes it', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const stack = demoStack();
  const portal = `${stack.portalUrl}/portal/${stack.tenant}`;
  const email = `developer-${Date.now()}@example.test`;
  const password = 'a long enough password';

  // The portal's address sends a visitor without a session to sign in, which links to sign-up.
  await page.goto(portal);
  await expect(page).toHaveURL(/\/portal\/demo\/login$/);
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByLabel('Your name').fill('Journey Developer');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page).toHaveURL(/\/portal\/demo\/dashboard$/);
  const nav = page.getByRole('navigation', { name: 'Developer portal' });
  await expect(page.getByTestId('plan-name')).toHaveText('Starter');
  await expect(page.getByTestId('subscription-status')).toHaveText('Active');
  await expect(page.getByTestId('quota-summary')).toContainText('0 of 100,000 calls used');
  await expect(page.getByTestId('usage-alert-banner')).toHaveCount(0);

  await nav.getByRole('link', { name: 'API keys' }).click();
  await expect(page).toHaveURL(/\/portal\/demo\/keys$/);
  await page.getByRole('button', { name: 'Create key' }).click();
  await page.getByLabel('Key name').fill('portal app key');
  await page.getByRole('button', { name: 'Create key' }).click();
  const key = (await page.getByTestId('new-key').textContent())?.trim() ?? '';
  expect(key).toMatch(/^tg_live_/);
  await page.getByRole('button', { name: 'I have stored the key' }).click();
  await expect(page.getByTestId('new-key')).toHaveCount(0);

  const callUrl = `${stack.gatewayUrl}/t/${stack.tenant}${stack.apiBasePath}/journey`;
  const call = (apiKey: string) => fetch(callUrl, { headers: { authorization: `Bearer ${apiKey}` } });
  await expect.poll(async () => (await call(key)).status).toBe(200);

  // The gateway counts the call against the quota at once; the usage rollup follows within seconds.
  await nav.getByRole('link', { name: 'Dashboard' }).click();
  await expect
    .poll(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      const summary = (await page.getByTestId('quota-summary').textContent()) ?? '';
      return Number(/^([\d,]+) of/.exec(summary)?.[1]?.replaceAll(',', ''));
    })
    .toBeGreaterThanOrEqual(1);

  await nav.getByRole('link', { name: 'Usage' }).click();
  await expect
    .poll(
      async () => {
        await page.getByRole('button', { name: 'Refresh' }).click();
        return Number(await page.getByTestId('usage-total').textContent());
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThanOrEqual(1);
  await page.getByText('By day').click();
  await expect(page.getByText('Calls, last 30 days')).toBeVisible();
  await expect
    .poll(async () => Number(await page.getByTestId('usage-total').textContent()))
    .toBeGreaterThanOrEqual(1);

  // The CSV link downloads the same series with the developer's session.
  const csvHref = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
  const csv = await page.request.get(`${stack.portalUrl}${csvHref}`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const [header, ...rows] = (await csv.text()).trim().split(/\r?\n/);
  expect(header).toContain('latencyP99Ms');
  expect(rows.map((row) => Number(row.split(',')[1])).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);

  // Rotation with a grace period: a new key now, and the old one keeps working meanwhile.
  await nav.getByRole('link', { name: 'API keys' }).click();
  const oldRow = await rowOf(page, key);
  await oldRow.getByRole('button', { name: 'Rotate portal app key' }).click();
  await oldRow.getByLabel('Old key keeps working for').selectOption({ label: '1 hour' });
  await oldRow.getByRole('button', { name: 'Confirm rotate' }).click();
  const rotated = (await page.getByTestId('new-key').textContent())?.trim() ?? '';
  expect(rotated).toMatch(/^tg_live_/);
  expect(rotated).not.toBe(key);
  await expect(oldRow.getByTestId('key-status')).toContainText('rotated, works until');
  await expect.poll(async () => (await call(rotated)).status).toBe(200);
  expect((await call(key)).status).toBe(200);

  // Revoking (confirmed inline) refuses each key at once.
  for (const revoked of [key, rotated]) {
    const row = await rowOf(page, revoked);
    await row.getByRole('button', { name: 'Revoke portal app key' }).click();
    await row.getByRole('button', { name: 'Confirm revoke' }).click();
    await expect(row.getByTestId('key-status')).toHaveText('revoked');
    await expect.poll(async () => (await call(revoked)).status).toBe(401);
    const problem = (await (await call(revoked)).json()) as { code: string };
    expect(problem.code).toBe('key_revoked');
  }

  // Signing out ends the session: the signed-in pages send the visitor back to sign in.
  await nav.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/portal\/demo\/login$/);
  await page.goto(`${portal}/keys`);
  await expect(page).toHaveURL(/\/portal\/demo\/login$/);

  // A wrong password reads as plain words, then the right one signs in again.
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('not the password');
  const refusedLogin = page.waitForResponse(
    (response) => response.url().endsWith('/v1/portal/demo/login') && response.request().method() === 'POST',
  );
  await page.getByRole('button', { name: 'Sign in' }).click();
  const refused = await refusedLogin;
  expect(refused.status()).toBe(401);
  expect(((await refused.json()) as { code: string }).code).toBe('invalid_credentials');
  await expect(page.getByTestId('problem-alert')).toContainText('Wrong email or password');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/portal\/demo\/dashboard$/);
  await expect(page.getByTestId('portal-account')).toHaveText(email);
});
