import { jwtSettingsSchema, oauth2SettingsSchema } from '@tollgate/contracts';
import { z } from 'zod';

/** JWT bearer tokens verified against the JWKS at `jwksUrl` (issuer, audiences, consumer claim…). */
export const jwtProviderInputSchema = jwtSettingsSchema.strict();

/**
 * RFC 7662 introspection. `clientSecret` in plain text, stored sealed and never shown again;
 * left out, the secret already set is kept (send a new one to rotate it).
 */
export const oauth2ProviderInputSchema = oauth2SettingsSchema
  .omit({ clientSecret: true })
  .extend({ clientSecret: z.string().min(1).max(1024).optional() })
  .strict();
export type OAuth2ProviderInput = z.output<typeof oauth2ProviderInputSchema>;

/** Absent: kept; null: removed (refused while an API or route uses that mode). */
export const updateIdentityProvidersInputSchema = z.strictObject({
  jwt: jwtProviderInputSchema.nullable().optional(),
  oauth2: oauth2ProviderInputSchema.nullable().optional(),
});
export type UpdateIdentityProvidersInput = z.output<typeof updateIdentityProvidersInputSchema>;

export const identityProvidersOutputSchema = z
  .object({
    jwt: jwtSettingsSchema.nullable(),
    oauth2: oauth2SettingsSchema
      .omit({ clientSecret: true })
      .extend({ clientSecretSet: z.literal(true), clientSecretLast4: z.string() })
      .nullable(),
  })
  .meta({ id: 'IdentityProviders' });
export type IdentityProvidersOutput = z.infer<typeof identityProvidersOutputSchema>;
