/** Shapes of the control plane's REST answers, as the brief's contract states them. */

export interface Membership {
  tenantId: string;
  tenantSlug: string;
  tenantName: string;
  role: 'owner' | 'admin' | 'developer' | 'finance' | 'viewer';
}

export interface Session {
  user: { id: string; email: string; name: string };
  memberships: Membership[];
}

export type KeyEnvironment = 'live' | 'test';

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  environment: KeyEnvironment;
  status: string;
  consumerId: string;
  subscriptionId: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface CreatedKey {
  /** The full key: the only time anyone sees it. */
  key: string;
  data: ApiKey;
}

/** Not in the contract: a consumer list that carries subscriptions lets the form offer them. */
export interface SubscriptionSummary {
  id: string;
  planId?: string;
  planName?: string;
  status?: string;
}

export interface Consumer {
  id: string;
  name: string;
  email: string;
  externalId?: string | null;
  subscriptions?: SubscriptionSummary[];
}

export interface TenantApi {
  id: string;
  name: string;
  basePath: string;
}

export interface UsagePoint {
  start: string;
  calls: number;
  errors: number;
}

/**
 * An unresolved usage alert (a quota threshold a subscription reached this period), as the
 * control plane's `Alert` schema states it: the console lists the tenant's, the developer
 * portal shows the signed-in consumer's.
 */
export interface UsageAlert {
  id: string;
  kind: string;
  subscriptionId: string;
  consumerId: string;
  planId: string;
  thresholdPercent: number;
  quota: number;
  usedCalls: number;
  periodStart: string;
  periodEnd: string;
  firedAt: string;
  resolvedAt: string | null;
  resolvedReason: string | null;
}

export interface ListOf<T> {
  data: T[];
}

export interface One<T> {
  data: T;
}

/** RFC 9457 problem details as the control plane sends them (fields may be missing on odd answers). */
export interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  requestId?: string;
}
