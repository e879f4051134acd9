import { z } from 'zod';

export const releaseInputSchema = z.strictObject({
  /** Why: shown in the release list and the audit log. */
  reason: z.string().trim().min(1).max(500),
});
export type ReleaseInput = z.output<typeof releaseInputSchema>;

/** `:version` of a release. */
export const versionParamSchema = z.coerce.number().int().positive().max(2_147_483_647);

/** `POST /releases/dry-run`: the recorded window to replay (default the last 24 h, at most 31 days). */
export const dryRunInputSchema = z.strictObject({
  window: z
    .strictObject({
      from: z.iso.datetime({ offset: true }).optional(),
      to: z.iso.datetime({ offset: true }).optional(),
    })
    .default({}),
});
export type DryRunInput = z.output<typeof dryRunInputSchema>;
