/** Shapes of the control plane answers behind the console's members, tokens, audit and releases pages. */
import type { Membership } from './api-types';

export type Role = Membership['role'];

export const roles: readonly Role[] = ['owner', 'admin', 'developer', 'finance', 'viewer'];

export interface Member {
  /** The membership id (`mem_…`). */
  id: string;
  userId: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  invitedBy: string;
  expiresAt: string;
  createdAt: string;
}

export type TokenScope = 'read' | 'write';

export interface AccessToken {
  id: string;
  name: string;
  prefix: string;
  scopes: TokenScope[];
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

export interface CreatedAccessToken {
  /** The token itself: the only time anyone sees it. */
  token: string;
  data: AccessToken;
}

export interface AuditEvent {
  id: string;
  createdAt: string;
  action: string;
  actor: { type: string; id: string | null; tokenId: string | null };
  target: { type: string; id: string };
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
}

export interface AuditEventPage {
  data: AuditEvent[];
  nextCursor: string | null;
}

export interface ReleaseChange {
  kind: string;
  summary: string;
  api?: string;
  route?: string;
  plan?: string;
  policy?: string;
}

export interface ReleaseProblem {
  check: string;
  severity: 'error' | 'warning';
  path: string;
  message: string;
}

export interface DryRunAnswer {
  status: number | null;
  code: string | null;
}

export interface DryRunChange {
  from: DryRunAnswer;
  to: DryRunAnswer;
  requests: number;
  consumers: number;
  summary: string;
  sampleRequestIds: string[];
}

export interface DryRunReport {
  window: { from: string; to: string };
  liveVersion: number | null;
  candidateVersion: number;
  replayed: number;
  changed: number;
  truncated: boolean;
  changes: DryRunChange[];
  routesNowNotFound: {
    routeId: string;
    method: string | null;
    pathTemplate: string | null;
    requests: number;
    summary: string;
  }[];
  summary: string[];
}

export interface ReleasePreview {
  liveVersion: number | null;
  changes: ReleaseChange[];
  problems: ReleaseProblem[];
  publishable: boolean;
  dryRun: DryRunReport | null;
}

export interface PublishedRelease {
  version: number;
  changes: ReleaseChange[];
  problems: ReleaseProblem[];
  dryRun: DryRunReport | null;
}

export interface Release {
  version: number;
  kind: 'auto' | 'manual' | 'rollback';
  live: boolean;
  publishedBy: { id: string; name: string };
  reason: string;
  rollbackOf: number | null;
  createdAt: string;
  changes: ReleaseChange[];
}

export interface GatewayServing {
  gatewayId: string;
  version: number | null;
  seenAt: string;
}
