import { z } from 'zod';

/**
 * A secret inside a config snapshot (signing secret, TLS private key, client secret):
 * AES-256-GCM under a master key named by `kid`, so rows and disk copies never hold it in
 * plain text and the master key can rotate. `@tollgate/secrets` seals and opens it.
 */
export const sealedSecretSchema = z.object({
  kid: z.string().min(1),
  /** base64 */
  iv: z.string().min(1),
  /** base64 */
  tag: z.string().min(1),
  /** base64 */
  ciphertext: z.string().min(1),
});
export type SealedSecret = z.infer<typeof sealedSecretSchema>;
