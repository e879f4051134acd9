import { createSecretKey, type KeyObject } from 'node:crypto';
import {
  type CorsPolicy,
  type HeaderChanges,
  type PathRewrite,
  type SnapshotApi,
  signingSecretContext,
} from '@tollgate/contracts';
import type { SecretBox } from '@tollgate/secrets';

/**
 * The transform policies of a route, merged with its API's and compiled once per snapshot:
 * the hot path only does set lookups, array pushes and one HMAC.
 */

export interface CompiledHeaderChanges {
  /** Lower-case names taken out: the removed ones and the ones `set` replaces. */
  drop: ReadonlySet<string>;
  /** `[name, value, …]` added after the drop. */
  set: readonly string[];
}

export interface CompiledCors {
  anyOrigin: boolean;
  origins: ReadonlySet<string>;
  methods: ReadonlySet<string>;
  anyHeader: boolean;
  /** Lower case. */
  headers: ReadonlySet<string>;
  /** Header values, joined once. */
  allowMethods: string;
  allowHeaders: string;
  exposeHeaders: string;
  credentials: boolean;
  maxAge: string;
}

/** One segment of a rewrite target: a literal, the value of a `from` parameter (its index), or the rest. */
export type RewritePart = { literal: string } | { param: number } | { rest: true };

export interface CompiledRewrite {
  /** `from` segments; null is a parameter. */
  from: (string | null)[];
  catchAll: boolean;
  to: RewritePart[];
}

export interface RouteTransform {
  rewrite: CompiledRewrite | null;
  request: CompiledHeaderChanges | null;
  response: CompiledHeaderChanges | null;
  cors: CompiledCors | null;
  /** The API's signing keys (current first; two while rotating), or null: no signature sent. */
  signingKeys: readonly KeyObject[] | null;
}

export const noTransform: RouteTransform = Object.freeze({
  rewrite: null,
  request: null,
  response: null,
  cors: null,
  signingKeys: null,
});

/** Always readable by browser scripts: the limit headers, Retry-After and the request id. */
export const alwaysExposedHeaders = ['RateLimit-Policy', 'RateLimit', 'Retry-After', 'X-Request-Id'];

/** Request headers a browser never needs permission for (CORS-safelisted names). */
const safelistedRequestHeaders = ['accept', 'accept-language', 'content-language'];

export function compileHeaderChanges(
  api: HeaderChanges | undefined,
  route: HeaderChanges | undefined,
): CompiledHeaderChanges | null {
  if (api === undefined && route === undefined) return null;
  const set = new Map<string, [string, string]>();
  for (const [name, value] of Object.entries(api?.set ?? {})) set.set(name.toLowerCase(), [name, value]);
  // Route wins: its removals drop the API's sets, its sets replace the API's.
  for (const name of route?.remove ?? []) set.delete(name.toLowerCase());
  for (const [name, value] of Object.entries(route?.set ?? {})) set.set(name.toLowerCase(), [name, value]);
  const drop = new Set<string>();
  for (const name of [...(api?.remove ?? []), ...(route?.remove ?? [])]) drop.add(name.toLowerCase());
  for (const lower of set.keys()) drop.add(lower);
  if (drop.size === 0) return null;
  return { drop, set: [...set.values()].flat() };
}

export function compileCors(policy: CorsPolicy | null | undefined): CompiledCors | null {
  if (policy === undefined || policy === null) return null;
  const anyHeader = policy.allowedHeaders.includes('*');
  const headers = new Set(policy.allowedHeaders.map((name) => name.toLowerCase()));
  for (const name of safelistedRequestHeaders) headers.add(name);
  const exposed = [...alwaysExposedHeaders];
  for (const name of policy.exposedHeaders) {
    if (!exposed.some((known) => known.toLowerCase() === name.toLowerCase())) exposed.push(name);
  }
  return {
    anyOrigin: policy.allowedOrigins.includes('*'),
    origins: new Set(policy.allowedOrigins.filter((origin) => origin !== '*')),
    methods: new Set(policy.allowedMethods),
    anyHeader,
    headers,
    allowMethods: policy.allowedMethods.join(', '),
    allowHeaders: anyHeader ? '*' : policy.allowedHeaders.join(', '),
    exposeHeaders: exposed.join(', '),
    credentials: policy.allowCredentials,
    maxAge: String(policy.maxAgeSeconds),
  };
}

function templateSegments(template: string): { segments: string[]; catchAll: boolean } {
  const segments = template === '/' ? [] : template.split('/').slice(1);
  const catchAll = segments[segments.length - 1] === '*';
  if (catchAll) segments.pop();
  return { segments, catchAll };
}

function paramName(segment: string): string | null {
  return segment.startsWith('{') && segment.endsWith('}') ? segment.slice(1, -1) : null;
}

/** The schema already checked that `to` only names `from`'s parameters and ends in `*` only if `from` does. */
export function compileRewrite(rewrite: PathRewrite | undefined): CompiledRewrite | null {
  if (rewrite === undefined) return null;
  const from = templateSegments(rewrite.from);
  const params = new Map<string, number>();
  const fromParts = from.segments.map((segment, index) => {
    const name = paramName(segment);
    if (name === null) return segment;
    params.set(name, index);
    return null;
  });
  const to = templateSegments(rewrite.to);
  const toParts: RewritePart[] = to.segments.map((segment) => {
    const name = paramName(segment);
    if (name === null) return { literal: segment };
    const index = params.get(name);
    if (index === undefined) throw new Error(`rewrite: {${name}} is not in ${rewrite.from}`);
    return { param: index };
  });
  if (to.catchAll) {
    if (!from.catchAll) throw new Error(`rewrite: ${rewrite.to} ends in /* but ${rewrite.from} does not`);
    toParts.push({ rest: true });
  }
  return { from: fromParts, catchAll: from.catchAll, to: toParts };
}

function openSigningKeys(
  api: SnapshotApi,
  tenantId: string,
  secrets: SecretBox | null,
): readonly KeyObject[] | null {
  const sealed = api.policies.signingSecrets;
  if (sealed === undefined || sealed.length === 0) return null;
  if (secrets === null) {
    throw new Error(`API ${api.id} has signing secrets but the gateway has no MASTER_KEY to open them`);
  }
  const context = signingSecretContext(tenantId, api.id);
  return Object.freeze(sealed.map((secret) => createSecretKey(secrets.open(secret, context))));
}

/** Sets `transform` on each compiled route of `api` (routes are matched by id). */
export function compileTransforms(
  compiled: { routes: { id: string; transform: RouteTransform }[] },
  api: SnapshotApi,
  tenantId: string,
  secrets: SecretBox | null,
): void {
  const signingKeys = openSigningKeys(api, tenantId, secrets);
  const policies = api.policies;
  const apiCors = compileCors(policies.cors);
  const byId = new Map(api.routes.map((route) => [route.id, route.policies]));
  for (const route of compiled.routes) {
    const own = byId.get(route.id);
    const transform: RouteTransform = {
      rewrite: compileRewrite(own?.rewrite),
      request: compileHeaderChanges(policies.requestHeaders, own?.requestHeaders),
      response: compileHeaderChanges(policies.responseHeaders, own?.responseHeaders),
      cors: own?.cors === undefined ? apiCors : compileCors(own.cors),
      signingKeys,
    };
    const nothing =
      transform.rewrite === null &&
      transform.request === null &&
      transform.response === null &&
      transform.cors === null &&
      signingKeys === null;
    route.transform = nothing ? noTransform : transform;
  }
}
