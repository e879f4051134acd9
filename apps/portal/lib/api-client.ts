import type {
  ApiKey,
  Consumer,
  CreatedKey,
  KeyEnvironment,
  ListOf,
  One,
  ProblemBody,
  Session,
  SubscriptionSummary,
  TenantApi,
  UsagePoint,
} from './api-types';

/** A non-2xx answer; `problem` is the problem+json body when there was one. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemBody;

  constructor(status: number, problem: ProblemBody) {
    super(problem.detail ?? problem.title ?? `Request failed with status ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

export function isUnauthenticated(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

/**
 * How one kind of browser session (a provider's, or a developer-portal consumer's) gets its
 * CSRF token and which calls change the session, and with it the token.
 */
export interface SessionCsrf {
  /** GET path answering `{ token }` for the current session. */
  tokenPath: string;
  /** Changes that act on credentials in the body, not on a session: sent without a token. */
  isExempt: (path: string) => boolean;
  /** Calls after which the session id, and so its token, is new (sign-in, sign-out). */
  changesSession: (path: string) => boolean;
}

/** A JSON caller through the same-origin `/api` proxy that sends the session's CSRF token on changes. */
export function sessionCaller(csrf: SessionCsrf) {
  /** Fetched on the first change and again after sign-in or a refusal. */
  let csrfToken: Promise<string | null> | null = null;

  async function fetchCsrfToken(): Promise<string | null> {
    try {
      const response = await fetch(`/api${csrf.tokenPath}`, {
        credentials: 'same-origin',
        cache: 'no-store',
      });
      if (!response.ok) return null;
      return ((await response.json()) as { token: string }).token;
    } catch {
      return null;
    }
  }

  async function send(method: string, path: string, body: unknown): Promise<Response> {
    const headers: Record<string, string> =
      body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json' };
    if (method !== 'GET' && !csrf.isExempt(path)) {
      csrfToken ??= fetchCsrfToken();
      const token = await csrfToken;
      if (token) headers['x-csrf-token'] = token;
    }
    try {
      return await fetch(`/api${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, { title: 'Network error', detail: 'The portal could not be reached.' });
    }
  }

  return async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response = await send(method, path, body);
    if (response.status === 403) {
      const problem = (await response
        .clone()
        .json()
        .catch(() => ({}))) as ProblemBody;
      // The session changed since the token was fetched (another tab signed in again): refetch once.
      if (problem.code === 'csrf_failed') {
        csrfToken = null;
        response = await send(method, path, body);
      }
    }
    if (csrf.changesSession(path)) csrfToken = null;
    if (!response.ok) {
      const problem = (await response.json().catch(() => ({}))) as ProblemBody;
      throw new ApiError(response.status, problem);
    }
    // 204, and a 202 such as a password reset request, carry no body.
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

/** Changes the session's CSRF token does not cover: they act on credentials in the body, not on a session. */
const csrfExemptPaths = new Set([
  '/v1/auth/login',
  '/v1/auth/signup',
  '/v1/auth/password-reset',
  '/v1/auth/password-reset/confirm',
]);

/** The provider session's caller: every console call goes through it, so they share one CSRF token. */
export const call = sessionCaller({
  tokenPath: '/v1/auth/csrf',
  isExempt: (path) => csrfExemptPaths.has(path),
  changesSession: (path) => csrfExemptPaths.has(path) || path === '/v1/auth/logout',
});

export const tenantPath = (tenantId: string) => `/v1/tenants/${encodeURIComponent(tenantId)}`;

export const api = {
  login: (email: string, password: string) => call<Session>('POST', '/v1/auth/login', { email, password }),
  logout: () => call<void>('POST', '/v1/auth/logout'),
  me: () => call<Session>('GET', '/v1/auth/me'),

  listKeys: async (tenantId: string) =>
    (await call<ListOf<ApiKey>>('GET', `${tenantPath(tenantId)}/keys`)).data,
  createKey: (
    tenantId: string,
    input: { subscriptionId: string; name: string; environment: KeyEnvironment },
  ) => call<CreatedKey>('POST', `${tenantPath(tenantId)}/keys`, input),
  revokeKey: async (tenantId: string, keyId: string) =>
    (await call<One<ApiKey>>('POST', `${tenantPath(tenantId)}/keys/${encodeURIComponent(keyId)}/revoke`))
      .data,

  listConsumers: async (tenantId: string) =>
    (await call<ListOf<Consumer>>('GET', `${tenantPath(tenantId)}/consumers`)).data,
  /**
   * Not in the contract yet (the create-key form needs it): answers null while the control
   * plane has no such route, so the form falls back to other sources.
   */
  listSubscriptions: async (tenantId: string, consumerId: string) => {
    try {
      const path = `${tenantPath(tenantId)}/consumers/${encodeURIComponent(consumerId)}/subscriptions`;
      return (await call<ListOf<SubscriptionSummary>>('GET', path)).data;
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 405)) return null;
      throw error;
    }
  },
  listApis: async (tenantId: string) =>
    (await call<ListOf<TenantApi>>('GET', `${tenantPath(tenantId)}/apis`)).data,

  usageByMinute: async (tenantId: string, query: { apiId: string; from: string; to: string }) => {
    const search = new URLSearchParams({ granularity: 'minute', ...query });
    return (await call<ListOf<UsagePoint>>('GET', `${tenantPath(tenantId)}/usage?${search}`)).data;
  },
};
