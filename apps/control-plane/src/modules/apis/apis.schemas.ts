import { httpMethodSchema, snapshotApiSchema } from '@tollgate/contracts';
import { z } from 'zod';

const httpUrl = z.url({ protocol: /^https?$/, hostname: z.regexes.hostname }).max(2048);

export const createApiInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** Same rule as the snapshot's, so a created API always compiles. */
  basePath: snapshotApiSchema.shape.basePath
    .max(200)
    .refine((p) => !p.includes('//'), 'Must not contain "//"'),
  upstreamUrl: httpUrl,
  sandboxUpstreamUrl: httpUrl.nullish(),
});
export type CreateApiInput = z.output<typeof createApiInputSchema>;

export const routeOutputSchema = z.object({
  id: z.string(),
  method: httpMethodSchema,
  pathTemplate: z.string(),
});

export const apiOutputSchema = z.object({
  id: z.string(),
  name: z.string(),
  basePath: z.string(),
  upstreamUrl: z.string(),
  sandboxUpstreamUrl: z.string().nullable(),
  routes: z.array(routeOutputSchema),
  createdAt: z.iso.datetime(),
});
export type ApiOutput = z.infer<typeof apiOutputSchema>;
