import type { RateLimit } from '@tollgate/contracts';

/**
 * Policies in words a provider reads, for the release diff: each policy's name, and its value
 * (absent included: what applies then) at the API, route or tenant level. Secrets never appear:
 * signing secrets are counted, sealed values are replaced.
 */
export type PolicyLevel = 'api' | 'route' | 'tenant';

type Value = unknown;
type Obj = Record<string, unknown>;

const labels: Record<string, string> = {
  version: 'API version',
  maxBodyBytes: 'Body size limit',
  ipRules: 'IP rules',
  auth: 'Auth mode',
  apiRateLimit: 'API-wide rate limit',
  rateLimit: 'Rate limit',
  limitFailModes: 'Limits when Redis is unreachable',
  requestHeaders: 'Request headers',
  responseHeaders: 'Response headers',
  cors: 'CORS',
  signingSecrets: 'Upstream signing secrets',
  targets: 'Upstream targets',
  healthCheck: 'Health checks',
  retries: 'Retries',
  circuitBreaker: 'Circuit breaker',
  responseTimeoutMs: 'Response timeout',
  idleTimeoutMs: 'Idle timeout',
  compress: 'Compression',
  websocket: 'WebSocket',
  rewrite: 'Path rewrite',
  cache: 'Response cache',
  customDomains: 'Custom domains',
  maxConcurrentRequests: 'Concurrent calls cap',
  upgradeUrl: 'Upgrade URL',
  allowPrivateUpstreams: 'Private upstreams',
  certificates: 'TLS certificates',
};

/** Limits read as `limit.changed`; everything else as `policy.changed`. */
const limitPolicies = new Set(['rateLimit', 'apiRateLimit', 'limitFailModes', 'maxConcurrentRequests']);

export function policyLabel(name: string, level: PolicyLevel): string {
  if (name === 'auth' && level === 'tenant') return 'Identity providers';
  return labels[name] ?? name;
}

export function isLimitPolicy(name: string): boolean {
  return limitPolicies.has(name);
}

export function describeRateLimit(limit: RateLimit | null): string {
  if (limit === null) return 'no rate limit';
  return `${limit.limit} per ${limit.windowSeconds}s (burst ${limit.burst})`;
}

const authModes: Record<string, string> = {
  key: 'API key',
  jwt: 'JWT',
  oauth2: 'OAuth2 introspection',
  anonymous: 'anonymous (no credential, limited per client IP)',
};

const list = (items: unknown, empty: string) =>
  Array.isArray(items) && items.length > 0 ? items.join(', ') : empty;

function headers(value: Obj): string {
  const set = Object.keys((value.set as Obj | undefined) ?? {});
  const remove = (value.remove as string[] | undefined) ?? [];
  return `set ${list(set, 'none')}; remove ${list(remove, 'none')}`;
}

function tenantAuth(value: Obj): string {
  const jwt = value.jwt as Obj | undefined;
  const oauth2 = value.oauth2 as Obj | undefined;
  const parts = [
    jwt
      ? `JWT from ${jwt.issuer} (JWKS ${jwt.jwksUrl}, audiences ${list(jwt.audiences, 'none')}, consumer claim ${jwt.consumerClaim ?? 'sub'})`
      : 'no JWT',
    oauth2 ? `OAuth2 introspection at ${oauth2.introspectionUrl} (client ${oauth2.clientId})` : 'no OAuth2',
  ];
  return parts.join('; ');
}

/** What applies when the policy is absent. */
function absent(name: string, level: PolicyLevel): string {
  if (level === 'route')
    return name === 'rateLimit' ? "the plan's" : name === 'cache' || name === 'rewrite' ? 'off' : "the API's";
  const defaults: Record<string, string> = {
    version: 'unversioned',
    ipRules: 'no IP rules',
    auth: level === 'tenant' ? 'none' : 'API key',
    apiRateLimit: 'none',
    cors: 'off (the upstream answers CORS)',
    signingSecrets: 'none (requests are not signed)',
    targets: 'the upstream URL alone',
    healthCheck: 'none',
  };
  return defaults[name] ?? 'the default';
}

/** One policy value in words. */
export function describePolicy(name: string, value: Value, level: PolicyLevel): string {
  if (value === undefined) return absent(name, level);
  const v = value as Obj;
  switch (name) {
    case 'version':
      return `${v.name} (by ${v.by === 'header' ? 'Api-Version header' : 'path segment'}${v.default ? ', default' : ''})`;
    case 'maxBodyBytes':
      return `${value} bytes`;
    case 'ipRules':
      return `allow ${list(v.allow, 'any')}; deny ${list(v.deny, 'none')}`;
    case 'auth':
      return level === 'tenant' ? tenantAuth(v) : (authModes[String(v.mode)] ?? absent(name, level));
    case 'apiRateLimit':
    case 'rateLimit':
      return value === null && name === 'rateLimit'
        ? 'no per-caller rate limit'
        : describeRateLimit(value as RateLimit | null);
    case 'limitFailModes':
      return `rate ${v.rate ?? 'open'}, quota ${v.quota ?? 'open'}, API-wide ${v.api ?? 'open'}`;
    case 'requestHeaders':
    case 'responseHeaders':
      return headers(v);
    case 'cors':
      return value === null
        ? 'off'
        : `origins ${list(v.allowedOrigins, 'none')}${v.allowCredentials ? ' with credentials' : ''}`;
    case 'signingSecrets':
      return `${(value as unknown[]).length} secret(s)`;
    case 'targets':
      return (value as Obj[]).map((t) => `${t.url} (weight ${t.weight})`).join(', ');
    case 'healthCheck':
      return `GET ${v.path} every ${v.intervalMs} ms`;
    case 'circuitBreaker':
      return `opens after ${v.failureThreshold} failures, ${v.coolDownMs} ms cool-down`;
    case 'responseTimeoutMs':
    case 'idleTimeoutMs':
      return `${value} ms`;
    case 'compress':
    case 'websocket':
    case 'allowPrivateUpstreams':
      return value ? 'on' : 'off';
    case 'rewrite':
      return `${v.from} → ${v.to}`;
    case 'cache':
      return `${v.ttlSeconds}s, ${v.scope === 'shared' ? 'shared' : 'per consumer'}`;
    case 'customDomains':
      return list(value, 'none');
    case 'certificates':
      return list(
        (value as Obj[]).map((c) => c.domain),
        'none',
      );
    default:
      return JSON.stringify(value);
  }
}

const sealedShown = '(sealed)';

/** The value as the diff stores it: secrets counted or replaced, never carried. */
export function redactPolicy(name: string, value: Value, level: PolicyLevel): Value {
  if (value === undefined || value === null) return value;
  if (name === 'signingSecrets') return { count: (value as unknown[]).length };
  if (name === 'certificates') return (value as Obj[]).map((c) => ({ ...c, keyPem: sealedShown }));
  if (name === 'auth' && level === 'tenant') {
    const oauth2 = (value as Obj).oauth2 as Obj | undefined;
    return oauth2 ? { ...(value as Obj), oauth2: { ...oauth2, clientSecret: sealedShown } } : value;
  }
  return value;
}

/** Policies worth naming when a route or API appears: what a caller notices first. */
const highlighted = ['version', 'auth', 'rateLimit', 'apiRateLimit', 'cors', 'cache', 'ipRules', 'rewrite'];

export function policyHighlights(policies: Obj, level: PolicyLevel): string {
  const parts = highlighted
    .filter(
      (name) =>
        policies[name] !== undefined && !(name === 'auth' && (policies.auth as Obj)?.mode === undefined),
    )
    .map(
      (name) => `${policyLabel(name, level).toLowerCase()} ${describePolicy(name, policies[name], level)}`,
    );
  return parts.length === 0 ? '' : ` (${parts.join('; ')})`;
}
