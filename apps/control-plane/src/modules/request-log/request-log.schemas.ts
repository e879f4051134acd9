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
