import { z } from 'zod';

export const tokenScopeSchema = z.enum(['read', 'write']);
export type TokenScope = z.infer<typeof tokenScopeSchema>;

export const createTokenInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** `read`: GET only; `write`: every call the user may make (`write` implies nothing about reading: send both). */
  scopes: z
    .array(tokenScopeSchema)
    .min(1)
    .transform((scopes) => [...new Set(scopes)]),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});
export type CreateTokenInput = z.output<typeof createTokenInputSchema>;

export const tokenOutputSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(tokenScopeSchema),
    expiresAt: z.iso.datetime().nullable(),
    lastUsedAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Token' });
export type TokenOutput = z.infer<typeof tokenOutputSchema>;

/** `POST /v1/tokens` → 201: the token itself, shown this once. */
export const createdTokenOutputSchema = z
  .object({ token: z.string(), data: tokenOutputSchema })
  .meta({ id: 'CreatedToken' });
export type CreatedTokenOutput = z.infer<typeof createdTokenOutputSchema>;
