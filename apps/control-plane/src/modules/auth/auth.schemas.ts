import { z } from 'zod';

const email = z.string().trim().toLowerCase().pipe(z.email().max(254));

/** DNS label: the slug is served as `{slug}.<gateway domain>`. */
export const tenantSlugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/, 'Use 3 to 40 lowercase letters, digits or "-"');

export const signupInputSchema = z.strictObject({
  email,
  password: z.string().min(8).max(256),
  name: z.string().trim().min(1).max(100),
  tenantName: z.string().trim().min(1).max(100),
  tenantSlug: tenantSlugSchema,
});
export type SignupInput = z.output<typeof signupInputSchema>;

export const loginInputSchema = z.strictObject({
  email,
  password: z.string().min(1).max(256),
});
export type LoginInput = z.output<typeof loginInputSchema>;

export const membershipRoleSchema = z.enum(['owner', 'admin', 'developer', 'finance', 'viewer']);

export const userOutputSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'User' });
export type UserOutput = z.infer<typeof userOutputSchema>;

export const tenantOutputSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Tenant' });
export type TenantOutput = z.infer<typeof tenantOutputSchema>;

export const membershipOutputSchema = z
  .object({
    tenantId: z.string(),
    tenantSlug: z.string(),
    tenantName: z.string(),
    role: membershipRoleSchema,
  })
  .meta({ id: 'Membership' });
export type MembershipOutput = z.infer<typeof membershipOutputSchema>;

/** `POST /v1/auth/signup` → 201. */
export const signupOutputSchema = z
  .object({ user: userOutputSchema, tenant: tenantOutputSchema })
  .meta({ id: 'Signup' });
export type SignupOutput = z.infer<typeof signupOutputSchema>;

/** `POST /v1/auth/login` and `GET /v1/auth/me`. */
export const sessionOutputSchema = z
  .object({
    user: userOutputSchema,
    memberships: z.array(membershipOutputSchema),
  })
  .meta({ id: 'Session' });
export type SessionOutput = z.infer<typeof sessionOutputSchema>;

/** `POST /v1/auth/password-reset` → 202, whether or not the email has an account. */
export const passwordResetRequestSchema = z.strictObject({ email });
export type PasswordResetRequest = z.output<typeof passwordResetRequestSchema>;

/** `POST /v1/auth/password-reset/confirm` → 204. */
export const passwordResetConfirmSchema = z.strictObject({
  token: z.string().min(1).max(512),
  password: z.string().min(8).max(256),
});
export type PasswordResetConfirm = z.output<typeof passwordResetConfirmSchema>;

/** `GET /v1/auth/csrf`: send `token` as `X-CSRF-Token` on every change made with this session. */
export const csrfOutputSchema = z.object({ token: z.string() }).meta({ id: 'CsrfToken' });
export type CsrfOutput = z.infer<typeof csrfOutputSchema>;
