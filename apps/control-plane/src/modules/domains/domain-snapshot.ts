import { type SealedSecret, sealedSecretSchema, type TlsCertificate } from '@tollgate/contracts';

/** What a tenant's snapshot needs of its custom domains: the verified ones, and their certificates. */
export interface DomainSnapshotConfig {
  verified: Array<{ hostname: string; certPem: string | null; keySealed: SealedSecret | null }>;
}

/**
 * The tenant policies that come from custom domains: every verified host name (the gateways
 * resolve the tenant by it) and each certificate with its private key as stored, still sealed
 * (context `<tenantId>:tls:<hostname>`, opened by the gateways). Sorted, so equal configs compare equal.
 */
export function domainPolicies(config: DomainSnapshotConfig | undefined): {
  customDomains: string[];
  certificates: TlsCertificate[];
} {
  const verified = [...(config?.verified ?? [])].sort((a, b) => (a.hostname < b.hostname ? -1 : 1));
  return {
    customDomains: verified.map((d) => d.hostname),
    certificates: verified.flatMap((d) =>
      d.certPem !== null && d.keySealed !== null
        ? [{ domain: d.hostname, certPem: d.certPem, keyPem: d.keySealed }]
        : [],
    ),
  };
}

/** Reads the sealed key column (JSON) back; a row without a certificate has none. */
export function sealedKeyOf(value: unknown): SealedSecret | null {
  return value === null || value === undefined ? null : sealedSecretSchema.parse(value);
}
