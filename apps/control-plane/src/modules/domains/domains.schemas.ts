import { z } from 'zod';

export const createDomainInputSchema = z.strictObject({
  /** Checked further by the service (IP addresses, the platform's domain, syntax). */
  hostname: z
    .string()
    .trim()
    .min(1)
    .max(254)
    .describe('Host name to serve the tenant at, e.g. api.example.com'),
});
export type CreateDomainInput = z.output<typeof createDomainInputSchema>;

export const uploadCertificateInputSchema = z.strictObject({
  certificatePem: z
    .string()
    .max(64 * 1024)
    .includes('-----BEGIN CERTIFICATE-----', { message: 'Must be PEM (BEGIN CERTIFICATE)' })
    .describe('PEM certificate chain, leaf first'),
  privateKeyPem: z
    .string()
    .max(16 * 1024)
    .regex(/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'Must be a PEM private key')
    .describe('Unencrypted PEM private key of the leaf certificate; stored sealed, never returned'),
});
export type UploadCertificateInput = z.output<typeof uploadCertificateInputSchema>;

export const certificateOutputSchema = z
  .object({
    subject: z.string(),
    subjectAltNames: z.array(z.string()),
    notBefore: z.iso.datetime(),
    notAfter: z.iso.datetime(),
    fingerprintSha256: z.string(),
    uploadedAt: z.iso.datetime(),
  })
  .meta({ id: 'Certificate' });
export type CertificateOutput = z.infer<typeof certificateOutputSchema>;

export const domainOutputSchema = z
  .object({
    id: z.string(),
    hostname: z.string(),
    status: z.enum(['pending', 'verified']),
    /** The TXT record to create; kept after verification (re-checks use it). */
    verification: z.object({ type: z.literal('TXT'), name: z.string(), value: z.string() }),
    verifiedAt: z.iso.datetime().nullable(),
    certificate: certificateOutputSchema.nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Domain' });
export type DomainOutput = z.infer<typeof domainOutputSchema>;
