import { z } from 'zod';

/** Percents of the period's quota; each fires once per period. `[]` turns the plan's alerts off. */
export const alertThresholdsInputSchema = z.strictObject({
  quotaPercents: z
    .array(z.int().min(1).max(1_000))
    .max(10)
    .transform((percents) => [...new Set(percents)].sort((a, b) => a - b)),
});
export type AlertThresholdsInput = z.output<typeof alertThresholdsInputSchema>;

export const alertThresholdsOutputSchema = z
  .object({
    planId: z.string(),
    quotaPercents: z.array(z.int()),
  })
  .meta({ id: 'AlertThresholds' });
export type AlertThresholdsOutput = z.infer<typeof alertThresholdsOutputSchema>;

export const listAlertsQuerySchema = z.strictObject({
  /** `active` (default): the banners; `all`: resolved ones too, newest first. */
  state: z.enum(['active', 'all']).default('active'),
  consumerId: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export type ListAlertsQuery = z.output<typeof listAlertsQuerySchema>;

/** One usage alert: a quota threshold a subscription reached in a period. Unresolved = show a banner. */
export const alertOutputSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    subscriptionId: z.string(),
    consumerId: z.string(),
    planId: z.string(),
    thresholdPercent: z.int(),
    quota: z.int(),
    usedCalls: z.int(),
    periodStart: z.iso.datetime(),
    periodEnd: z.iso.datetime(),
    firedAt: z.iso.datetime(),
    resolvedAt: z.iso.datetime().nullable(),
    resolvedReason: z.string().nullable(),
  })
  .meta({ id: 'Alert' });
export type AlertOutput = z.infer<typeof alertOutputSchema>;
