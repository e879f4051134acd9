import { randomBytes } from 'node:crypto';
import { expect, type Page, test } from '@playwright/test';
import { mailedLink } from '../support/mailbox.js';
import { type DemoStack, demoStack } from '../support/stack-env.js';

/** A fresh provider account with its own tenant (the demo account's password stays as other journeys expect). */
async function signUpProvider(stack: DemoStack, label: string, password: string) {
  const suffix = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const email = `${label}-${suffix}@example.test`;
  const response = await fetch(`${stack.controlPlaneUrl}/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email,
      password,
      name: `Journey ${label}`,
      tenantName: `Journey ${label} ${suffix}`,
      tenantSlug: `${label}-${suffix}`,
    }),
  });
  expect(response.status).toBe(201);
  const body = (await response.json()) as { tenant: { id: string; name: string } };
  return { email, tenantId: body.tenant.id, tenantName: body.tenant.name };
}

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

// A provider who forgot their password resets it from the mail, signs in, creates a personal
// access token (shown once) and changes the tenant with it, invites a teammate who accepts, and
// finds each of those changes, the token named, in the audit log and its export.
test('a provider resets a forgotten password, uses a new token, invites a teammate and audits it all', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const stack = demoStack();
  const firstPassword = 'the first password';
  const newPassword = 'a brand new password';
  const provider = await signUpProvider(stack, 'console', firstPassword);

  // Forgot password → the mail → reset → sign in with the new password.
  await page.goto(`${stack.portalUrl}/login`);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await page.getByLabel('Email').fill(provider.email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('status')).toContainText(provider.email);

  const resetLink = await mailedLink(stack, provider.email, '/reset-password');
  expect(resetLink.startsWith(`${stack.portalUrl}/reset-password?token=`)).toBe(true);
  await page.goto(resetLink);
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByLabel('Confirm new password').fill(newPassword);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page).toHaveURL(/\/login\?reset=1$/);
  await expect(page.getByRole('status')).toContainText('Your password was changed');

  const oldLogin = await fetch(`${stack.controlPlaneUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: provider.email, password: firstPassword }),
  });
  expect(oldLogin.status).toBe(401);
  expect(((await oldLogin.json()) as { code: string }).code).toBe('invalid_credentials');

  await signIn(page, provider.email, newPassword);
  await expect(page).toHaveURL(/\/keys$/);

  // A personal access token: shown once, then listed by name and prefix.
  await page.getByRole('link', { name: 'Tokens' }).click();
  await expect(page).toHaveURL(/\/tokens$/);
  await page.getByRole('button', { name: 'Create token' }).click();
  await page.getByLabel('Token name').fill('journey token');
  await page.getByRole('checkbox', { name: /^write/ }).check();
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.getByTestId('new-token').textContent())?.trim() ?? '';
  expect(token).toMatch(/^tgp_[A-Za-z0-9_-]{43}$/);
  await page.getByRole('button', { name: 'I have stored the token' }).click();
  await expect(page.getByTestId('new-token')).toHaveCount(0);
  const tokenRow = page.getByTestId('token-row').filter({ hasText: 'journey token' });
  await expect(tokenRow.getByTestId('token-status')).toHaveText('active');
  const prefix = (await tokenRow.getAttribute('data-token-prefix')) ?? '';
  expect(prefix.length).toBeGreaterThan(4);
  expect(token.startsWith(prefix)).toBe(true);
  await page.reload();
  await expect(page.getByTestId('token-row').filter({ hasText: 'journey token' })).toHaveCount(1);
  await expect(page.getByText(token)).toHaveCount(0);

  // The token changes the tenant (a script would): invite a viewer with it.
  const invitedByToken = `bot-${randomBytes(3).toString('hex')}@example.test`;
  const byToken = await fetch(`${stack.controlPlaneUrl}/v1/tenants/${provider.tenantId}/invitations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ email: invitedByToken, role: 'viewer' }),
  });
  expect(byToken.status).toBe(201);

  // The members page: invite a teammate as developer; both invitations are pending.
  const teammatePassword = 'teammate password';
  const teammate = await signUpProvider(stack, 'teammate', teammatePassword);
  await page.getByRole('link', { name: 'Members' }).click();
  await expect(page.getByTestId('member-row')).toHaveCount(1);
  await page.getByLabel('Email').fill(teammate.email);
  await page.getByLabel('Role', { exact: true }).selectOption('developer');
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByRole('status')).toContainText(`Invitation sent to ${teammate.email}`);
  await expect(page.getByTestId('invitation-row')).toHaveCount(2);

  // The teammate follows the mail's link in their own browser, signs in and joins.
  const inviteLink = await mailedLink(stack, teammate.email, '/invitations/accept');
  expect(inviteLink.startsWith(`${stack.portalUrl}/invitations/accept?token=`)).toBe(true);
  const teammateContext = await browser.newContext();
  const teammatePage = await teammateContext.newPage();
  await teammatePage.goto(inviteLink);
  await teammatePage.getByRole('link', { name: 'Sign in to accept' }).click();
  await signIn(teammatePage, teammate.email, teammatePassword);
  await expect(teammatePage).toHaveURL(/\/invitations\/accept\?token=/);
  await teammatePage.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(teammatePage.getByRole('status')).toContainText(
    `You joined ${provider.tenantName} as developer`,
  );
  // The console now opens on the joined tenant, where a developer sees no audit log.
  await teammatePage.getByRole('link', { name: 'Open the console' }).click();
  await expect(teammatePage.getByRole('combobox', { name: 'Tenant' })).toHaveValue(provider.tenantId);
  await expect(teammatePage.getByRole('link', { name: 'Audit log' })).toHaveCount(0);
  // Hidden actions are a courtesy: the audit page still asks, and the API's 403 is shown in words.
  const auditRefusal = teammatePage.waitForResponse((response) => response.url().includes('/audit-events?'));
  await teammatePage.goto(`${stack.portalUrl}/audit`);
  const refused = await auditRefusal;
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { code: string }).code).toBe('forbidden');
  await expect(teammatePage.getByTestId('problem-alert')).toContainText('Not allowed');
  await teammatePage.getByRole('link', { name: 'Members' }).click();
  await expect(teammatePage.getByTestId('member-row')).toHaveCount(2);
  await expect(teammatePage.getByRole('button', { name: 'Send invitation' })).toHaveCount(0);
  await teammateContext.close();

  await page.reload();
  await expect(page.getByTestId('member-row')).toHaveCount(2);
  await expect(page.getByTestId('invitation-row')).toHaveCount(1);

  // The audit log lists each change, the token's one named as such.
  await page.getByRole('link', { name: 'Audit log' }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.getByTestId('audit-row').filter({ hasText: 'member.joined' })).toHaveCount(1);
  await page.getByLabel('Action').fill('invitation.created');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  const rows = page.getByTestId('audit-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: 'via token “journey token”' })).toContainText(invitedByToken);
  await expect(rows.filter({ hasNotText: 'via token' })).toContainText(teammate.email);

  // The export link downloads the same events (the session cookie goes along).
  const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
  const exported = await page.request.get(`${stack.portalUrl}${href}`);
  expect(exported.status()).toBe(200);
  expect(exported.headers()['content-type']).toContain('text/csv');
  const csv = await exported.text();
  expect(csv.split('\n').filter((line) => line.includes('invitation.created'))).toHaveLength(2);
  expect(csv).not.toContain('member.joined');
});

// Releases: two config changes publish versions 1 and 2 on their own; the provider runs a dry
// run, rolls back to version 1 with a reason, sees the undone change pending in words, and
// publishes it again with a reason.
test('a provider dry-runs, rolls back a release with a reason and publishes the pending change', async ({
  page,
}) => {
  const stack = demoStack();
  const password = 'release journey password';
  const provider = await signUpProvider(stack, 'releases', password);
  await page.goto(`${stack.portalUrl}/login`);
  await signIn(page, provider.email, password);
  await expect(page).toHaveURL(/\/keys$/);

  // The console has no API editor yet: the APIs are made through the same session, as a script would.
  const csrf = (await (await page.request.get(`${stack.portalUrl}/api/v1/auth/csrf`)).json()) as {
    token: string;
  };
  for (const [name, basePath] of [
    ['One API', '/one'],
    ['Two API', '/two'],
  ]) {
    const created = await page.request.post(`${stack.portalUrl}/api/v1/tenants/${provider.tenantId}/apis`, {
      headers: { 'x-csrf-token': csrf.token },
      data: { name, basePath, upstreamUrl: stack.upstreamUrl },
    });
    expect(created.status()).toBe(201);
  }

  await page.getByRole('link', { name: 'Releases' }).click();
  await expect(page.getByTestId('release-row')).toHaveCount(2);
  await expect(page.getByTestId('live-version')).toContainText('Version 2');
  await expect(page.getByRole('region', { name: 'Pending changes' })).toContainText('No pending changes');
  await expect(page.getByRole('button', { name: 'Publish' })).toBeDisabled();

  const dryRun = page.getByRole('region', { name: 'Dry run' });
  await dryRun.getByRole('button', { name: 'Run dry run' }).click();
  await expect(dryRun.getByTestId('dry-run-report')).toContainText('replayed against version 3');

  await page.getByRole('button', { name: 'Roll back to version 1' }).click();
  await page.getByLabel('Reason for rolling back to version 1').fill('two was a mistake');
  await page.getByRole('button', { name: 'Confirm rollback' }).click();
  await expect(page.getByTestId('live-version')).toContainText('Version 3');
  await expect(page.getByTestId('live-version')).toContainText('two was a mistake');
  await expect(page.getByTestId('release-row').first()).toContainText('rollback of 1');

  const pending = page.getByRole('region', { name: 'Pending changes' });
  await expect(pending.getByTestId('release-changes')).toContainText('Two API');
  await page.getByLabel('Reason for this release').fill('bring two back');
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByTestId('live-version')).toContainText('Version 4');
  await expect(page.getByTestId('live-version')).toContainText('bring two back');
  await expect(pending).toContainText('No pending changes');
  await expect(page.getByTestId('release-row')).toHaveCount(4);
});
