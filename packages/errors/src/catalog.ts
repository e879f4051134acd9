/**
 * The error catalog: every error a user can see, in every app, comes from here.
 * Codes are snake_case and never reused. `layer` says who owns the failure (the gateway
 * stage, or the part of the platform), so support can answer "why was I blocked?".
 */
export type ErrorLayer =
  | 'receive'
  | 'resolve'
  | 'authenticate'
  | 'authorize'
  | 'limit'
  | 'transform'
  | 'proxy'
  | 'control-plane'
  | 'platform';

export interface CatalogEntry {
  status: number;
  title: string;
  layer: ErrorLayer;
  /** Plain-language explanation for the docs page and the default `detail`. */
  description: string;
}

export const catalog = {
  // gateway
  invalid_key: {
    status: 401,
    title: 'Invalid API key',
    layer: 'authenticate',
    description: 'The request carried no API key, or one that is malformed, unknown or mistyped.',
  },
  key_revoked: {
    status: 401,
    title: 'API key revoked',
    layer: 'authorize',
    description: 'The API key was revoked by its owner or the provider. Create a new key in the portal.',
  },
  key_lookup_unavailable: {
    status: 503,
    title: 'Key check unavailable',
    layer: 'authenticate',
    description: 'The gateway could not check the API key just now. Retry shortly; nothing was forwarded.',
  },
  key_expired: {
    status: 401,
    title: 'API key expired',
    layer: 'authorize',
    description: 'The API key has passed its expiry date. Create a new key in the portal.',
  },
  key_not_allowed: {
    status: 403,
    title: 'Key not allowed for this API',
    layer: 'authorize',
    description: 'The API key is valid but its plan or scopes do not include this API.',
  },
  tenant_not_found: {
    status: 404,
    title: 'Unknown tenant',
    layer: 'resolve',
    description: 'No tenant is served at this host or path prefix.',
  },
  route_not_found: {
    status: 404,
    title: 'No such route',
    layer: 'resolve',
    description: 'No API or route of this tenant matches the method and path.',
  },
  bad_path: {
    status: 400,
    title: 'Malformed path',
    layer: 'receive',
    description: 'The request path has an ambiguous or invalid encoding.',
  },
  rate_limited: {
    status: 429,
    title: 'Rate limit exceeded',
    layer: 'limit',
    description: 'Too many requests in a short time for this key. Retry after the time in Retry-After.',
  },
  quota_exceeded: {
    status: 429,
    title: 'Monthly quota exhausted',
    layer: 'limit',
    description:
      "The subscription's calls for this billing period are used up. Upgrade the plan or wait for the next period.",
  },
  upstream_timeout: {
    status: 504,
    title: 'Upstream timed out',
    layer: 'proxy',
    description: "The provider's service did not answer in time.",
  },
  upstream_unavailable: {
    status: 503,
    title: 'Upstream unavailable',
    layer: 'proxy',
    description: "The provider's service could not be reached.",
  },
  // control plane
  unauthenticated: {
    status: 401,
    title: 'Not signed in',
    layer: 'control-plane',
    description: 'This call needs a signed-in session or a valid access token.',
  },
  invalid_credentials: {
    status: 401,
    title: 'Wrong email or password',
    layer: 'control-plane',
    description: 'The email and password do not match an account.',
  },
  forbidden: {
    status: 403,
    title: 'Not allowed',
    layer: 'control-plane',
    description: 'Your role in this tenant does not allow this action.',
  },
  not_found: {
    status: 404,
    title: 'Not found',
    layer: 'control-plane',
    description: 'The object does not exist, or is not visible to you.',
  },
  conflict: {
    status: 409,
    title: 'Conflict',
    layer: 'control-plane',
    description: 'The change conflicts with the current state, for example a name that is already taken.',
  },
  validation_failed: {
    status: 422,
    title: 'Invalid input',
    layer: 'control-plane',
    description: 'Some fields of the request are missing or invalid; `errors` lists each one.',
  },
  // anywhere
  bad_request: {
    status: 400,
    title: 'Bad request',
    layer: 'platform',
    description: 'The request could not be understood (malformed JSON, wrong content type…).',
  },
  internal_error: {
    status: 500,
    title: 'Internal error',
    layer: 'platform',
    description: 'Something went wrong on our side. The request id lets support find out what.',
  },
} as const satisfies Record<string, CatalogEntry>;

export type ErrorCode = keyof typeof catalog;

export const errorCodes = Object.keys(catalog) as ErrorCode[];
