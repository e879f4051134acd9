import type { PortalKey } from './portal-types';

export type KeyState =
  | { kind: 'active' }
  | { kind: 'grace'; until: Date }
  | { kind: 'replaced' }
  | { kind: 'expired' }
  | { kind: 'revoked' };

/** Whether the gateways still take a key, from its status, its rotation grace and its expiry. */
export function keyState(key: PortalKey, now: Date): KeyState {
  if (key.status === 'revoked') return { kind: 'revoked' };
  if (key.expiresAt !== null && Date.parse(key.expiresAt) <= now.getTime()) return { kind: 'expired' };
  if (key.graceEndsAt !== null) {
    const until = new Date(key.graceEndsAt);
    return until.getTime() > now.getTime() ? { kind: 'grace', until } : { kind: 'replaced' };
  }
  return { kind: 'active' };
}

/** Grace choices when rotating: how long the old key keeps working beside the new one (API max: 30 days). */
export const graceOptions = [
  { seconds: 0, label: 'None: the old key stops at once' },
  { seconds: 3_600, label: '1 hour' },
  { seconds: 86_400, label: '24 hours' },
  { seconds: 7 * 86_400, label: '7 days' },
  { seconds: 30 * 86_400, label: '30 days' },
] as const;
