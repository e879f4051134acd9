import { httpMethodSchema, routePoliciesSchema } from '@tollgate/contracts';
import { z } from 'zod';
import { routeTemplateProblem } from '../releases/route-template.js';

/** The rule the release checks and the gateway's router use, so a stored route always matches. */
const pathTemplate = z
  .string()
  .max(500)
  .superRefine((template, ctx) => {
    const problem = routeTemplateProblem(template);
    if (problem) ctx.addIssue({ code: 'custom', message: `Template ${problem}` });
  });

/** Cache, transforms, CORS, limits override, auth mode… from the snapshot contract. */
export const routePoliciesInputSchema = routePoliciesSchema.strict();
export type RoutePoliciesInput = z.output<typeof routePoliciesInputSchema>;

const name = z.string().trim().min(1).max(100);

export const createRouteInputSchema = z.strictObject({
  /** `ANY` matches every method. */
  method: httpMethodSchema,
  /** Below the API's base path: `/forecast/{city}`, `/legacy/*`. */
  pathTemplate,
  name: name.nullish(),
  policies: routePoliciesInputSchema.optional(),
});
export type CreateRouteInput = z.output<typeof createRouteInputSchema>;

/** Absent fields are kept; `policies` replaces the route's policies as a whole. */
export const updateRouteInputSchema = z.strictObject({
  method: httpMethodSchema.optional(),
  pathTemplate: pathTemplate.optional(),
  name: name.nullable().optional(),
  policies: routePoliciesInputSchema.optional(),
});
export type UpdateRouteInput = z.output<typeof updateRouteInputSchema>;

export const routeOutputSchema = z
  .object({
    id: z.string(),
    method: httpMethodSchema,
    pathTemplate: z.string(),
    name: z.string().nullable(),
    policies: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'Route' });
export type RouteOutput = z.infer<typeof routeOutputSchema>;
