import { z } from 'zod';
import { httpUrl } from '../apis/api-config/http-url.js';

const weight = z.int().min(1).max(1_000);

export const createUpstreamTargetInputSchema = z.strictObject({
  /** Give every target the upstream URL's path: the signature covers the path of the first one. */
  url: httpUrl,
  /** Share of live traffic relative to the other targets. */
  weight: weight.default(100),
});
export type CreateUpstreamTargetInput = z.output<typeof createUpstreamTargetInputSchema>;

export const updateUpstreamTargetInputSchema = z.strictObject({
  url: httpUrl.optional(),
  weight: weight.optional(),
});
export type UpdateUpstreamTargetInput = z.output<typeof updateUpstreamTargetInputSchema>;

export const upstreamTargetOutputSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    weight: z.int(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'UpstreamTarget' });
export type UpstreamTargetOutput = z.infer<typeof upstreamTargetOutputSchema>;
