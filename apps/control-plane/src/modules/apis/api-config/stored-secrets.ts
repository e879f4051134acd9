import { oauth2SettingsSchema, type SealedSecret, sealedSecretSchema } from '@tollgate/contracts';
import { z } from 'zod';

/**
 * How sealed secrets are stored in JSON columns: the sealed value the snapshot carries, plus
 * the last four characters of the plain text, the only part ever shown again.
 */

/** One entry of `apis.signing_secrets`. */
export const storedSigningSecretSchema = z.object({
  id: z.string(),
  last4: z.string(),
  createdAt: z.iso.datetime(),
  sealed: sealedSecretSchema,
});
export type StoredSigningSecret = z.infer<typeof storedSigningSecretSchema>;

export function readSigningSecrets(json: unknown): StoredSigningSecret[] {
  return z.array(storedSigningSecretSchema).parse(json ?? []);
}

/** `identity_providers.oauth2`: the settings with the client secret sealed. */
export const storedOAuth2Schema = oauth2SettingsSchema.extend({ clientSecretLast4: z.string() });
export type StoredOAuth2 = z.infer<typeof storedOAuth2Schema>;

export function readOAuth2(json: unknown): StoredOAuth2 | null {
  return json == null ? null : storedOAuth2Schema.parse(json);
}

/** The last four characters of a secret, the only part shown again (fewer for a short one). */
export function last4(secret: string): string {
  return secret.length >= 16 ? secret.slice(-4) : '';
}

export type { SealedSecret };
