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
  ip_not_allowed: {
    status: 403,
    title: 'Client address not allowed',
    layer: 'authorize',
    description: "The request's client IP address is not allowed for this API or key by its IP rules.",
  },
  subscription_inactive: {
    status: 403,
    title: 'Subscription not active',
    layer: 'authorize',
    description:
      "The key's subscription is canceled or not yet complete. Renew or finish it in the developer portal.",
  },
  key_not_allowed: {
    status: 403,
    title: 'Key not allowed for this API',
    layer: 'authorize',
    description: 'The API key is valid but its plan or scopes do not include this API.',
  },
  conflicting_credentials: {
    status: 400,
    title: 'Conflicting credentials',
    layer: 'authenticate',
    description:
      'The request carried two different credentials (for example an X-Api-Key and a different key in Authorization). Send exactly one.',
  },
  too_many_invalid_keys: {
    status: 429,
    title: 'Too many invalid credentials',
    layer: 'authenticate',
    description:
      'Too many requests from this client address carried unknown or malformed credentials. Retry after the time in Retry-After with a valid credential.',
  },
  invalid_token: {
    status: 401,
    title: 'Invalid access token',
    layer: 'authenticate',
    description:
      'The request carried no access token, or one that is malformed, not signed by a trusted key, issued by someone else, for another audience, not yet valid, or no longer active.',
  },
  token_expired: {
    status: 401,
    title: 'Access token expired',
    layer: 'authenticate',
    description: 'The access token has passed its expiry time. Get a new token from your identity provider.',
  },
  unknown_consumer: {
    status: 401,
    title: 'Unknown consumer',
    layer: 'authenticate',
    description:
      'The access token is valid, but the consumer it names is not registered with this API provider.',
  },
  consumer_not_subscribed: {
    status: 403,
    title: 'No subscription for this API',
    layer: 'authenticate',
    description:
      "The access token's consumer has no active subscription to a plan that includes this API. Subscribe in the developer portal.",
  },
  token_check_unavailable: {
    status: 503,
    title: 'Token check unavailable',
    layer: 'authenticate',
    description:
      "The gateway could not check the access token just now (the provider's key set or introspection endpoint did not answer). Retry shortly; nothing was forwarded.",
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
  request_header_too_large: {
    status: 431,
    title: 'Request headers too large',
    layer: 'receive',
    description:
      'The request line and headers together exceed the size the gateway accepts. Send fewer or shorter headers.',
  },
  request_body_too_large: {
    status: 413,
    title: 'Request body too large',
    layer: 'receive',
    description:
      "The request body exceeds this API's size limit (declared in Content-Length, or counted while it streamed). Nothing complete was forwarded.",
  },
  version_not_found: {
    status: 404,
    title: 'Unknown API version',
    layer: 'resolve',
    description:
      'The API exists at this path but not in the version asked for (path segment or Api-Version header), and no default version applies.',
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
  api_rate_limited: {
    status: 429,
    title: 'API-wide rate limit exceeded',
    layer: 'limit',
    description:
      "The API's overall limit, shared by all of its callers to protect the provider's service, is reached. Retry after the time in Retry-After.",
  },
  limits_unavailable: {
    status: 503,
    title: 'Limits unavailable',
    layer: 'limit',
    description:
      "The gateway could not check this API's rate limit or quota just now, and the provider chose to refuse calls rather than let them through unchecked. Retry shortly; nothing was forwarded or counted.",
  },
  capacity_unavailable: {
    status: 503,
    title: 'Provider capacity in use',
    layer: 'limit',
    description:
      "This API provider's calls in progress on this gateway reached their share, so that no provider's traffic can crowd out another's. Retry after the time in Retry-After; nothing was forwarded or counted.",
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
  cors_preflight_rejected: {
    status: 403,
    title: 'CORS preflight refused',
    layer: 'transform',
    description:
      "The browser asked (OPTIONS preflight) to call this route from an origin, with a method or with headers that the API's CORS settings do not allow. The gateway answers preflights itself; no key is needed and nothing is billed.",
  },
  upstream_forbidden: {
    status: 502,
    title: 'Upstream address refused',
    layer: 'proxy',
    description:
      "The API's upstream points at a loopback, private, link-local or metadata address, which this tenant may not use. The provider must change the upstream URL.",
  },
  websocket_not_allowed: {
    status: 400,
    title: 'WebSocket not allowed on this route',
    layer: 'proxy',
    description: 'The request asked for a WebSocket upgrade on a route that does not accept WebSockets.',
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
  csrf_failed: {
    status: 403,
    title: 'CSRF token missing or wrong',
    layer: 'control-plane',
    description:
      'A change made with a session cookie must carry the X-CSRF-Token header from GET /v1/auth/csrf for the same session. Fetch a fresh token and retry.',
  },
  too_many_login_attempts: {
    status: 429,
    title: 'Too many sign-in attempts',
    layer: 'control-plane',
    description:
      'Too many wrong passwords for this account or from this address. Wait for the time in Retry-After, or reset the password.',
  },
  reset_token_invalid: {
    status: 400,
    title: 'Password reset link invalid',
    layer: 'control-plane',
    description: 'The password reset link has expired, was already used, or is not valid. Request a new one.',
  },
  last_owner: {
    status: 409,
    title: 'Last owner',
    layer: 'control-plane',
    description:
      'A tenant always keeps at least one owner: its last owner cannot leave, be removed or take another role. Make another member owner first.',
  },
  invitation_invalid: {
    status: 400,
    title: 'Invitation not valid',
    layer: 'control-plane',
    description:
      'The invitation is unknown, expired, revoked or already used, or was sent to another email address than the signed-in account. Ask for a new invitation.',
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
  invalid_release: {
    status: 422,
    title: 'Invalid release',
    layer: 'control-plane',
    description:
      'The compiled configuration failed a release check, so it was not published and the live version is unchanged; `problems` lists each one.',
  },
  plan_unavailable: {
    status: 422,
    title: 'Plan not available',
    layer: 'control-plane',
    description:
      "The plan cannot be chosen for this subscription: it is archived (it takes no new subscribers), or, on the developer portal, it is not a public plan or the provider's configuration cannot be published right now. Choose one of the plans offered, or try again later.",
  },
  live_version_changed: {
    status: 409,
    title: 'Live config changed',
    layer: 'control-plane',
    description:
      'The live config version is no longer the one the plan was made against (`expectedLiveVersion`): someone published since. Nothing was applied; plan again and review the new diff.',
  },
  domain_not_allowed: {
    status: 422,
    title: 'Domain not allowed',
    layer: 'control-plane',
    description:
      "The host name cannot be a tenant's custom domain: it is an IP address, or the platform's own gateway domain or one below it.",
  },
  domain_verification_failed: {
    status: 422,
    title: 'Domain verification failed',
    layer: 'control-plane',
    description:
      'The DNS TXT record that proves control of the domain was not found, or holds another value. Create the record the domain shows (name and value), wait for DNS to update, and verify again.',
  },
  domain_not_verified: {
    status: 422,
    title: 'Domain not verified',
    layer: 'control-plane',
    description:
      'The domain must be verified (its DNS TXT record checked) before a certificate is uploaded for it.',
  },
  certificate_invalid: {
    status: 422,
    title: 'Certificate unreadable',
    layer: 'control-plane',
    description:
      'The certificate chain or private key is not valid PEM, the key is passphrase-protected, the chain is out of order, or the certificate is not valid yet. Upload an unencrypted PEM key and the chain leaf first.',
  },
  certificate_key_mismatch: {
    status: 422,
    title: 'Private key does not match the certificate',
    layer: 'control-plane',
    description:
      "The private key uploaded is not the key of the certificate's public key. Upload the pair that belongs together.",
  },
  certificate_hostname_mismatch: {
    status: 422,
    title: 'Certificate does not cover the domain',
    layer: 'control-plane',
    description:
      "Neither the certificate's subject alternative names nor its common name cover the domain's host name.",
  },
  certificate_expired: {
    status: 422,
    title: 'Certificate expired',
    layer: 'control-plane',
    description: 'The certificate is past its expiry date (notAfter). Upload a current one.',
  },
  // anywhere
  bad_request: {
    status: 400,
    title: 'Bad request',
    layer: 'platform',
    description: 'The request could not be understood (malformed JSON, wrong content type…).',
  },
  queue_unavailable: {
    status: 503,
    title: 'Queue unavailable',
    layer: 'platform',
    description:
      'The job queue (Redis) cannot be reached right now, so its figures cannot be read. Try again shortly.',
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
