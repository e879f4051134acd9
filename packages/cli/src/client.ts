import type { Connection } from './args.js';

/** A problem+json answer of the control plane (or a failure to reach it): exit code 1. */
export class ProblemError extends Error {
  constructor(
    readonly code: string,
    detail: string,
    readonly status: number,
    /** With `validation_failed`: each field and what is wrong with it. */
    readonly errors: Array<{ path: string; message: string }> = [],
    /** With `invalid_release`: what the release checks found. */
    readonly problems: Array<{ path?: string; message: string; severity?: string }> = [],
  ) {
    super(detail);
  }
}

interface Problem {
  code?: string;
  detail?: string;
  errors?: ProblemError['errors'];
  problems?: ProblemError['problems'];
}

/** The control plane's JSON API, authenticated with a personal access token. */
export class ControlPlaneClient {
  constructor(private readonly connection: Connection) {}

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.connection.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.connection.token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      const cause =
        error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw new ProblemError('unreachable', `Cannot reach ${this.connection.url}: ${cause}`, 0);
    }
    const text = await response.text();
    const json = text === '' ? undefined : (JSON.parse(text) as unknown);
    if (!response.ok) {
      const problem = (json ?? {}) as Problem;
      throw new ProblemError(
        problem.code ?? `http_${response.status}`,
        problem.detail ?? response.statusText,
        response.status,
        problem.errors,
        problem.problems,
      );
    }
    return json as T;
  }
}

/** `tnt_…` is an id; anything else a slug, looked up among the token user's memberships. */
export async function resolveTenant(client: ControlPlaneClient, tenant: string): Promise<string> {
  if (tenant.startsWith('tnt_')) return tenant;
  const me = await client.get<{ memberships: Array<{ tenantId: string; tenantSlug: string }> }>(
    '/v1/auth/me',
  );
  const found = me.memberships.find((m) => m.tenantSlug === tenant);
  if (!found)
    throw new ProblemError('not_found', `You are not a member of a tenant with slug ${tenant}.`, 404);
  return found.tenantId;
}
