import { pipelineStages } from '@tollgate/contracts';
import { z } from 'zod';

const isoTime = z.iso.datetime({ offset: true });
const id = z.string().min(1).max(64);

/** `GET /denials`: a time range (default the last 24 h, at most 31 days) and optional filters. */
export const denialsQuerySchema = z.strictObject({
  from: isoTime.optional(),
  to: isoTime.optional(),
  code: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}$/)
    .optional(),
  consumerId: id.optional(),
  routeId: id.optional(),
  /** Groups returned, newest denial first. */
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type DenialsQuery = z.output<typeof denialsQuerySchema>;

/** `GET /requests`: recent request ids matching the filters (samples behind usage figures). */
export const requestsQuerySchema = z.strictObject({
  from: isoTime.optional(),
  to: isoTime.optional(),
  keyId: id.optional(),
  routeId: id.optional(),
  consumerId: id.optional(),
  status: z.coerce.number().int().min(100).max(599).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type RequestsQuery = z.output<typeof requestsQuerySchema>;

/** `:requestId`: what the gateway returns in `X-Request-Id` and every problem body. */
export const requestIdParamSchema = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/);

/** A request id behind a usage figure (`GET /requests`). */
export const requestSampleOutputSchema = z
  .object({
    requestId: z.string(),
    at: z.iso.datetime(),
    status: z.int(),
    denyCode: z.string().nullable(),
    keyId: z.string().nullable(),
    routeId: z.string().nullable(),
  })
  .meta({ id: 'RequestSample' });
export type RequestSampleOutput = z.infer<typeof requestSampleOutputSchema>;

/** What a consumer was told when refused: the catalog's plain words for the code. */
export const denialReasonSchema = z.object({
  code: z.string(),
  status: z.int(),
  title: z.string(),
  reason: z.string(),
  /** The gateway stage that refused it. */
  stage: z.enum(pipelineStages).nullable(),
});
export type DenialReason = z.infer<typeof denialReasonSchema>;

/** A route named in a result; `method` and `pathTemplate` are absent once the route is deleted. */
const namedRouteSchema = z.object({
  id: z.string(),
  method: z.string().optional(),
  pathTemplate: z.string().optional(),
});
/** A consumer named in a result; `name` is null once the consumer is deleted. */
const namedConsumerSchema = z.object({ id: z.string(), name: z.string().nullable() });

/** `GET /requests/:requestId`: the record, its way through the stages and, for a denial, the reason given. */
export const requestRecordOutputSchema = z
  .object({
    requestId: z.string(),
    at: z.iso.datetime(),
    method: z.string(),
    host: z.string().nullable(),
    path: z.string(),
    apiId: z.string().nullable(),
    apiVersion: z.string().nullable(),
    keyId: z.string().nullable(),
    subscriptionId: z.string().nullable(),
    environment: z.string().nullable(),
    clientIp: z.string().nullable(),
    status: z.int(),
    latencyMs: z.number(),
    route: namedRouteSchema.nullable(),
    consumer: namedConsumerSchema.nullable(),
    denial: denialReasonSchema.nullable(),
    stages: z.array(z.object({ stage: z.enum(pipelineStages), outcome: z.enum(['passed', 'denied']) })),
    /** `receive → resolve → authenticate ✗ invalid_key`, or `… → proxy ✓ 200`. */
    stagePath: z.string(),
  })
  .meta({ id: 'RequestRecord' });
export type RequestRecordOutput = z.infer<typeof requestRecordOutputSchema>;

/** `GET /denials`: denials by code × consumer × route in the range, newest first. */
export const denialReviewOutputSchema = z
  .object({
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    groups: z.array(
      denialReasonSchema.extend({
        consumer: namedConsumerSchema.nullable(),
        route: namedRouteSchema.nullable(),
        requests: z.int(),
        firstAt: z.iso.datetime(),
        lastAt: z.iso.datetime(),
        sampleRequestIds: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: 'DenialReview' });
export type DenialReviewOutput = z.infer<typeof denialReviewOutputSchema>;
