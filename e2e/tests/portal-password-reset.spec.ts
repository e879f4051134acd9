import { expect, test } from '@playwright/test';
import { mailedLink } from '../support/mailbox.js';
import { demoStack } from '../support/stack-env.js';

// A developer who forgot their portal password follows "Forgot password?" from the portal's
// sign-in page, gets the mail, sets a new password, signs in with it; the link then no longer works.
test('a developer resets a forgotten portal password from the mail and signs in with the new one', async ({
  page,
}) => {
  const stack = demoStack();
  const portal = `${stack.portalUrl}/portal/${stack.tenant}`;
  const email = `forgetful-${Date.now()}@example.test`;
  const firstPassword = 'the first password';
  const newPassword = 'a brand new password';
  const signup = await fetch(`${stack.controlPlaneUrl}/v1/portal/${stack.tenant}/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: firstPassword, name: 'Forgetful Developer' }),
  });
  expect(signup.status).toBe(201);

  await page.goto(`${portal}/login`);
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page).toHaveURL(/\/portal\/demo\/forgot-password$/);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('status')).toContainText(email);

  const resetLink = await mailedLink(stack, email, `/portal/${stack.tenant}/reset-password`);
  expect(resetLink.startsWith(`${portal}/reset-password?token=`)).toBe(true);
  await page.goto(resetLink);
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByLabel('Confirm new password').fill(newPassword);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page).toHaveURL(/\/portal\/demo\/login\?reset=1$/);
  await expect(page.getByRole('status')).toContainText('Your password was changed');

  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(newPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/portal\/demo\/dashboard$/);

  // Single use: the same link again is refused, and offers a new one on this portal.
  await page.goto(resetLink);
  await page.getByLabel('New password', { exact: true }).fill('yet another password');
  await page.getByLabel('Confirm new password').fill('yet another password');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('link', { name: 'Ask for a new reset link' })).toHaveAttribute(
    'href',
    `/portal/${stack.tenant}/forgot-password`,
  );
});
