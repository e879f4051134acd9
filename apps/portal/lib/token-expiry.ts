import type { AccessToken } from './console-types';

export const dayMs = 24 * 60 * 60 * 1000;

/** The create-token form's expiry choices; `custom` asks for a date. */
export const expiryChoices = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'never', label: 'No expiry' },
  { value: 'custom', label: 'On a date…' },
] as const;

export type ExpiryChoice = (typeof expiryChoices)[number]['value'];

/**
 * The `expiresAt` to send: a number of days from `now`, the end of a chosen day (local time),
 * or undefined for a token that never expires. Null when the custom date is missing or unreadable.
 */
export function expiresAtFor(choice: string, customDate: string, now: Date): string | undefined | null {
  if (choice === 'never') return undefined;
  if (choice === 'custom') {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(customDate);
    if (!match) return null;
    const end = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59);
    return Number.isNaN(end.getTime()) ? null : end.toISOString();
  }
  const days = Number(choice);
  return Number.isInteger(days) && days > 0 ? new Date(now.getTime() + days * dayMs).toISOString() : null;
}

export type TokenState = 'active' | 'expired' | 'revoked';

export function tokenState(token: Pick<AccessToken, 'revokedAt' | 'expiresAt'>, now: Date): TokenState {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && Date.parse(token.expiresAt) <= now.getTime()) return 'expired';
  return 'active';
}
