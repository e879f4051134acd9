import { z } from 'zod';

export const addSigningSecretInputSchema = z.strictObject({
  /** The HMAC key the upstream verifies `Tollgate-Signature` with; stored sealed, never shown again. */
  secret: z.string().min(16).max(512),
});
export type AddSigningSecretInput = z.output<typeof addSigningSecretInputSchema>;
