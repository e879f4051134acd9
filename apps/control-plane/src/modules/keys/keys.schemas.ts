import { keyRecordSchema, keyStatusSchema } from '@tollgate/contracts';
import { z } from 'zod';

export const issueKeyInputSchema = z.strictObject({
  subscriptionId: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(100),
  environment: keyRecordSchema.shape.environment.default('live'),
  /** After this instant the gateway refuses the key (`key_expired`); null or left out: never. */
  expiresAt: z.iso.datetime({ offset: true }).nullable().default(null),
  /** API ids of the subscription's plan this key may call; empty (or left out): all of them. */
  scopes: z
    .array(z.string().min(1).max(64))
    .max(100)
    .default([])
    .transform((ids) => [...new Set(ids)]),
});
export type IssueKeyInput = z.output<typeof issueKeyInputSchema>;

/** `GET /keys?prefix=`: keys whose display prefix starts with this (e.g. `tg_live_AbC`). */
export const listKeysQuerySchema = z.strictObject({
  prefix: z.string().min(1).max(64).optional(),
});
export type ListKeysQuery = z.output<typeof listKeysQuerySchema>;

/** Longest grace a rotation may give the old key: 30 days. */
export const maxGraceSeconds = 30 * 24 * 60 * 60;

/** `POST /keys/:keyId/rotate`: a new key now; the old one stays valid `graceSeconds` more. */
export const rotateKeyInputSchema = z.strictObject({
  graceSeconds: z.int().nonnegative().max(maxGraceSeconds),
});
export type RotateKeyInput = z.output<typeof rotateKeyInputSchema>;

/** A key as listed: never the key itself nor its hash. */
export const keyOutputSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  environment: keyRecordSchema.shape.environment,
  status: keyStatusSchema,
  consumerId: z.string(),
  subscriptionId: z.string(),
  scopes: z.array(z.string()),
  expiresAt: z.iso.datetime().nullable(),
  /** Set on a key replaced by rotation: valid until then, refused after. */
  graceEndsAt: z.iso.datetime().nullable(),
  /** The key this one replaced by rotation. */
  rotatedFromId: z.string().nullable(),
  createdAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
});
export type KeyOutput = z.infer<typeof keyOutputSchema>;

/** `POST /keys` → 201: the plaintext key, shown this once. */
export const issuedKeyOutputSchema = z.object({ key: z.string(), data: keyOutputSchema });
export type IssuedKeyOutput = z.infer<typeof issuedKeyOutputSchema>;

/** `POST /keys/:keyId/rotate` → 201: the new key (shown this once) and the old one with its grace. */
export const rotatedKeyOutputSchema = z.object({
  key: z.string(),
  data: keyOutputSchema,
  previous: keyOutputSchema,
});
export type RotatedKeyOutput = z.infer<typeof rotatedKeyOutputSchema>;
