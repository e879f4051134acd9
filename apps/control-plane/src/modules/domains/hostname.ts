import { isIP } from 'node:net';
import { TollgateError } from '@tollgate/errors';
import { validationFailed } from '../../common/validation.js';

/** The snapshot's own rule for a custom domain (`edgeTenantPolicies.customDomains`), so a verified one always compiles. */
const hostnamePattern = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Where the tenant proves control: a TXT record at this name holds the domain's token. */
export const challengeRecordName = (hostname: string) => `_tollgate-challenge.${hostname}`;

/** The TXT record value, as the tenant creates it. */
export const challengeRecordValue = (token: string) => `tollgate-verification=${token}`;

/** Lower case, without a trailing dot (`API.Acme.com.` → `api.acme.com`). */
export function normaliseHostname(input: string): string {
  return input.trim().toLowerCase().replace(/\.$/, '');
}

/**
 * Refuses what cannot be a tenant's domain: an IP address or the gateways' own domain (or a name
 * below it, which would take another tenant's `{slug}.<domain>`) → 422 `domain_not_allowed`;
 * anything that is not a host name (port, path, wildcard, single label) → 422 `validation_failed`.
 */
export function checkHostname(hostname: string, gatewayDomain: string): void {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (isIP(bare) !== 0)
    throw new TollgateError(
      'domain_not_allowed',
      'An IP address cannot be a custom domain; use a host name.',
    );
  const platform = normaliseHostname(gatewayDomain);
  if (hostname === platform || hostname.endsWith(`.${platform}`))
    throw new TollgateError('domain_not_allowed', `Names under ${platform} belong to the platform.`);
  if (!hostnamePattern.test(hostname))
    throw validationFailed([
      { path: 'hostname', message: 'Must be a host name such as api.example.com (no port, path or *)' },
    ]);
}
