import { ipRulesSchema, keyRecordSchema, keyStatusSchema } from '@tollgate/contracts';
import { z } from 'zod';

/** An IPv4/IPv6 address or CIDR range, as the gateway reads them. */
const ipOrCidrSchema = ipRulesSchema.shape.allow.unwrap().element;

/**
 * Client IPs a key may be used from: a `deny` match is refused (`ip_not_allowed`); a non-empty
 * `allow` list admits only its matches. Null (or both lists empty): anywhere.
 */
export const keyIpRulesSchema = z.strictObject({
  allow: z.array(ipOrCidrSchema).max(100).default([]),
  deny: z.array(ipOrCidrSchema).max(100).default([]),
});
export type KeyIpRules = z.output<typeof keyIpRulesSchema>;

const keyNameSchema = z.string().trim().min(1).max(100);
/** After this instant the gateway refuses the key (`key_expired`); null: never. */
const keyExpiresAtSchema = z.iso.datetime({ offset: true }).nullable();
/** API ids of the subscription's plan the key may call; empty: all of them. */
const keyScopesSchema = z
  .array(z.string().min(1).max(64))
  .max(100)
  .transform((ids) => [...new Set(ids)]);

export const issueKeyInputSchema = z.strictObject({
  subscriptionId: z.string().min(1).max(64),
  name: keyNameSchema,
  environment: keyRecordSchema.shape.environment.default('live'),
  /** Left out: never expires. */
  expiresAt: keyExpiresAtSchema.default(null),
  /** Left out: every API of the plan. */
  scopes: keyScopesSchema.default([]),
  /** Left out: usable from anywhere. */
  ipRules: keyIpRulesSchema.nullable().default(null),
});
export type IssueKeyInput = z.output<typeof issueKeyInputSchema>;

/** `PATCH /keys/:keyId`: the fields given change at once in the gateways (the key itself stays). */
export const updateKeyInputSchema = z
  .strictObject({
    name: keyNameSchema.optional(),
    expiresAt: keyExpiresAtSchema.optional(),
    scopes: keyScopesSchema.optional(),
    ipRules: keyIpRulesSchema.nullable().optional(),
  })
  .refine((input) => Object.keys(input).length > 0, 'Give at least one field to change');
export type UpdateKeyInput = z.output<typeof updateKeyInputSchema>;

/** `GET /keys?prefix=&consumerId=`: keys whose display prefix starts with `prefix` (e.g. `tg_live_AbC`), of one consumer. */
export const listKeysQuerySchema = z.strictObject({
  prefix: z.string().min(1).max(64).optional(),
  consumerId: z.string().min(1).max(64).optional(),
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
export const keyOutputSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    environment: keyRecordSchema.shape.environment,
    status: keyStatusSchema,
    consumerId: z.string(),
    subscriptionId: z.string(),
    scopes: z.array(z.string()),
    expiresAt: z.iso.datetime().nullable(),
    /** Client IPs the key may be used from; null: anywhere. */
    ipRules: z.object({ allow: z.array(z.string()), deny: z.array(z.string()) }).nullable(),
    /** Set on a key replaced by rotation: valid until then, refused after. */
    graceEndsAt: z.iso.datetime().nullable(),
    /** The key this one replaced by rotation. */
    rotatedFromId: z.string().nullable(),
    createdAt: z.iso.datetime(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Key' });
export type KeyOutput = z.infer<typeof keyOutputSchema>;

/** `POST /keys` → 201: the plaintext key, shown this once. */
export const issuedKeyOutputSchema = z
  .object({ key: z.string(), data: keyOutputSchema })
  .meta({ id: 'IssuedKey' });
export type IssuedKeyOutput = z.infer<typeof issuedKeyOutputSchema>;

/** `POST /keys/:keyId/rotate` → 201: the new key (shown this once) and the old one with its grace. */
export const rotatedKeyOutputSchema = z
  .object({
    key: z.string(),
    data: keyOutputSchema,
    previous: keyOutputSchema,
  })
  .meta({ id: 'RotatedKey' });
export type RotatedKeyOutput = z.infer<typeof rotatedKeyOutputSchema>;
