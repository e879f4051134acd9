import { z } from 'zod';
import { sealedSecretSchema } from './sealed-secret.js';

/**
 * Tenant-wide operational settings: TLS certificates, concurrency cap.
 * Every field is optional or defaulted, so snapshots written before it still parse.
 */
export const opsApiPolicies = z.object({});
export const opsRoutePolicies = z.object({});

/** A TLS certificate for one of the tenant's verified custom domains, served by SNI. */
export const tlsCertificateSchema = z.object({
  /** Host name the certificate is served for (lower case, no port), e.g. `api.acme.com`. */
  domain: z
    .string()
    .regex(/^[a-z0-9*]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/, 'a lower-case host name')
    .describe('Host name the certificate is served for (SNI), lower case, no port'),
  /** PEM certificate chain (leaf first). Public: stored in the clear. */
  certPem: z.string().min(1).describe('PEM certificate chain, leaf first'),
  /** PEM private key, sealed with the master key (context `<tenantId>:tls:<domain>`). */
  keyPem: sealedSecretSchema.describe('PEM private key, sealed with context `<tenantId>:tls:<domain>`'),
});
export type TlsCertificate = z.infer<typeof tlsCertificateSchema>;

export const opsTenantPolicies = z.object({
  certificates: z
    .array(tlsCertificateSchema)
    .default([])
    .describe('TLS certificates of verified custom domains, served by SNI on the HTTPS port'),
});

/** The sealing context of a certificate's private key: moved to another tenant or domain, it will not open. */
export const tlsKeyContext = (tenantId: string, domain: string) => `${tenantId}:tls:${domain}`;
