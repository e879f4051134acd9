import { sessionCaller } from '../api-client';
import type { KeyEnvironment, UsageAlert } from '../api-types';
import type {
  IssuedPortalKey,
  PortalKey,
  PortalPlan,
  PortalSession,
  PortalSubscription,
  RotatedPortalKey,
  UsageGranularity,
  UsageResult,
} from './portal-types';

const portalPath = (
  slug: string,
  action: 'signup' | 'login' | 'logout' | 'plans' | 'password-reset' | 'password-reset/confirm',
) => `/v1/portal/${encodeURIComponent(slug)}/${action}`;

/** Sign-up, sign-in and password reset act on the credentials (or token) in the body; sign-out ends the session. */
const signsIn = /^\/v1\/portal\/[^/]+\/(signup|login|password-reset|password-reset\/confirm)$/;
const signsOut = /^\/v1\/portal\/[^/]+\/logout$/;

/** A developer-portal session's calls: its CSRF token comes from `/v1/me/csrf`. */
const call = sessionCaller({
  tokenPath: '/v1/me/csrf',
  isExempt: (path) => signsIn.test(path),
  changesSession: (path) => signsIn.test(path) || signsOut.test(path),
});

export interface UsageQuery {
  granularity: UsageGranularity;
  from: string;
  to: string;
}

/** `/api/v1/me/usage?…&format=csv`: a plain link, so the browser downloads the file with the session cookie. */
export function usageCsvHref(query: UsageQuery): string {
  return `/api/v1/me/usage?${new URLSearchParams({ ...query, format: 'csv' })}`;
}

const keyPath = (keyId: string) => `/v1/me/keys/${encodeURIComponent(keyId)}`;

export const portalApi = {
  signup: (slug: string, input: { name: string; email: string; password: string }) =>
    call<PortalSession>('POST', portalPath(slug, 'signup'), input),
  login: (slug: string, input: { email: string; password: string }) =>
    call<PortalSession>('POST', portalPath(slug, 'login'), input),
  logout: (slug: string) => call<void>('POST', portalPath(slug, 'logout')),
  /** 202 whether or not the email has an account on this portal. */
  requestPasswordReset: (slug: string, email: string) =>
    call<void>('POST', portalPath(slug, 'password-reset'), { email }),
  confirmPasswordReset: (slug: string, token: string, password: string) =>
    call<void>('POST', portalPath(slug, 'password-reset/confirm'), { token, password }),
  me: () => call<PortalSession>('GET', '/v1/me'),
  /** The portal's public plans (no session needed). */
  plans: async (slug: string) => (await call<{ data: PortalPlan[] }>('GET', portalPath(slug, 'plans'))).data,

  subscription: async () =>
    (await call<{ data: PortalSubscription | null }>('GET', '/v1/me/subscription')).data,
  /** Moves the developer's current subscription to another public plan; answers it as it now is. */
  changePlan: async (planId: string) =>
    (await call<{ data: PortalSubscription }>('POST', '/v1/me/subscription/plan', { planId })).data,
  alerts: async () => (await call<{ data: UsageAlert[] }>('GET', '/v1/me/alerts')).data,

  listKeys: async () => (await call<{ data: PortalKey[] }>('GET', '/v1/me/keys')).data,
  /** On the developer's current subscription. */
  createKey: (input: { name: string; environment: KeyEnvironment }) =>
    call<IssuedPortalKey>('POST', '/v1/me/keys', input),
  rotateKey: (keyId: string, graceSeconds: number) =>
    call<RotatedPortalKey>('POST', `${keyPath(keyId)}/rotate`, { graceSeconds }),
  revokeKey: async (keyId: string) => (await call<{ data: PortalKey }>('DELETE', keyPath(keyId))).data,

  usage: (query: UsageQuery) =>
    call<UsageResult>('GET', `/v1/me/usage?${new URLSearchParams({ ...query, format: 'json' })}`),
};
