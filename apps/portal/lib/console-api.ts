import { call, tenantPath } from './api-client';
import type { ListOf, Membership, One, UsageAlert } from './api-types';
import type {
  AccessToken,
  AuditEventPage,
  CreatedAccessToken,
  DryRunReport,
  GatewayServing,
  Invitation,
  Member,
  PublishedRelease,
  Release,
  ReleasePreview,
  Role,
  TokenScope,
} from './console-types';

const part = encodeURIComponent;

/** The provider console's calls beyond keys and usage: account recovery, members, tokens, audit, releases. */
export const consoleApi = {
  requestPasswordReset: (email: string) => call<void>('POST', '/v1/auth/password-reset', { email }),
  confirmPasswordReset: (token: string, password: string) =>
    call<void>('POST', '/v1/auth/password-reset/confirm', { token, password }),
  acceptInvitation: async (token: string) =>
    (await call<One<Membership>>('POST', '/v1/invitations/accept', { token })).data,

  listMembers: async (tenantId: string) =>
    (await call<ListOf<Member>>('GET', `${tenantPath(tenantId)}/members`)).data,
  changeRole: async (tenantId: string, memberId: string, role: Role) =>
    (await call<One<Member>>('PATCH', `${tenantPath(tenantId)}/members/${part(memberId)}`, { role })).data,
  removeMember: (tenantId: string, memberId: string) =>
    call<void>('DELETE', `${tenantPath(tenantId)}/members/${part(memberId)}`),
  listInvitations: async (tenantId: string) =>
    (await call<ListOf<Invitation>>('GET', `${tenantPath(tenantId)}/invitations`)).data,
  invite: async (tenantId: string, input: { email: string; role: Role }) =>
    (await call<One<Invitation>>('POST', `${tenantPath(tenantId)}/invitations`, input)).data,
  revokeInvitation: (tenantId: string, invitationId: string) =>
    call<void>('POST', `${tenantPath(tenantId)}/invitations/${part(invitationId)}/revoke`),

  listTokens: async () => (await call<ListOf<AccessToken>>('GET', '/v1/tokens')).data,
  createToken: (input: { name: string; scopes: TokenScope[]; expiresAt?: string }) =>
    call<CreatedAccessToken>('POST', '/v1/tokens', input),
  revokeToken: async (tokenId: string) =>
    (await call<One<AccessToken>>('POST', `/v1/tokens/${part(tokenId)}/revoke`)).data,

  /** `query`: the filter and paging parameters, already encoded (see `audit-query.ts`). */
  listAuditEvents: (tenantId: string, query: URLSearchParams) =>
    call<AuditEventPage>('GET', `${tenantPath(tenantId)}/audit-events?${query}`),

  listReleases: async (tenantId: string) =>
    (await call<ListOf<Release>>('GET', `${tenantPath(tenantId)}/releases`)).data,
  liveGateways: async (tenantId: string) =>
    (await call<ListOf<GatewayServing>>('GET', `${tenantPath(tenantId)}/releases/live`)).data,
  previewRelease: async (tenantId: string) =>
    (await call<One<ReleasePreview>>('POST', `${tenantPath(tenantId)}/releases/preview`)).data,
  dryRun: async (tenantId: string, window: { from?: string; to?: string }) =>
    (await call<One<DryRunReport>>('POST', `${tenantPath(tenantId)}/releases/dry-run`, { window })).data,
  publish: async (tenantId: string, reason: string) =>
    (await call<One<PublishedRelease>>('POST', `${tenantPath(tenantId)}/releases`, { reason })).data,
  rollback: async (tenantId: string, version: number, reason: string) =>
    (
      await call<One<PublishedRelease>>('POST', `${tenantPath(tenantId)}/releases/${version}/rollback`, {
        reason,
      })
    ).data,

  activeAlerts: async (tenantId: string) =>
    (await call<ListOf<UsageAlert>>('GET', `${tenantPath(tenantId)}/alerts?state=active`)).data,
};
