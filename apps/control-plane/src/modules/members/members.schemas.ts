import { z } from 'zod';

export const roleSchema = z.enum(['owner', 'admin', 'developer', 'finance', 'viewer']);

export const inviteInputSchema = z.strictObject({
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
  role: roleSchema,
});
export type InviteInput = z.output<typeof inviteInputSchema>;

export const changeRoleInputSchema = z.strictObject({ role: roleSchema });
export type ChangeRoleInput = z.output<typeof changeRoleInputSchema>;

export const acceptInvitationInputSchema = z.strictObject({ token: z.string().min(1).max(200) });
export type AcceptInvitationInput = z.output<typeof acceptInvitationInputSchema>;

export const memberOutputSchema = z
  .object({
    /** The membership id (`mem_…`), used in `/members/:memberId`. */
    id: z.string(),
    userId: z.string(),
    email: z.string(),
    name: z.string(),
    role: roleSchema,
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Member' });
export type MemberOutput = z.infer<typeof memberOutputSchema>;

/** A pending invitation; its token is only ever in the mail. */
export const invitationOutputSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: roleSchema,
    invitedBy: z.string(),
    expiresAt: z.iso.datetime(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Invitation' });
export type InvitationOutput = z.infer<typeof invitationOutputSchema>;

/** What accepting an invitation gives: the same shape as a login's `memberships` entry. */
export const acceptedMembershipOutputSchema = z
  .object({
    tenantId: z.string(),
    tenantSlug: z.string(),
    tenantName: z.string(),
    role: roleSchema,
  })
  .meta({ id: 'AcceptedMembership' });
export type AcceptedMembershipOutput = z.infer<typeof acceptedMembershipOutputSchema>;
