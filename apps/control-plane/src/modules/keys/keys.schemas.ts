import { keyRecordSchema, keyStatusSchema } from '@tollgate/contracts';
import { z } from 'zod';

export const issueKeyInputSchema = z.strictObject({
  subscriptionId: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(100),
  environment: keyRecordSchema.shape.environment.default('live'),
});
export type IssueKeyInput = z.output<typeof issueKeyInputSchema>;

/** A key as listed: never the key itself nor its hash. */
export const keyOutputSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  environment: keyRecordSchema.shape.environment,
  status: keyStatusSchema,
  consumerId: z.string(),
  subscriptionId: z.string(),
  createdAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
});
export type KeyOutput = z.infer<typeof keyOutputSchema>;

/** `POST /keys` → 201: the plaintext key, shown this once. */
export const issuedKeyOutputSchema = z.object({ key: z.string(), data: keyOutputSchema });
export type IssuedKeyOutput = z.infer<typeof issuedKeyOutputSchema>;
