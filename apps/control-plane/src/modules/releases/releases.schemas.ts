import { z } from 'zod';

export const releaseInputSchema = z.strictObject({
  /** Why: shown in the release list and the audit log. */
  reason: z.string().trim().min(1).max(500),
});
export type ReleaseInput = z.output<typeof releaseInputSchema>;

/** `:version` of a release. */
export const versionParamSchema = z.coerce.number().int().positive().max(2_147_483_647);
