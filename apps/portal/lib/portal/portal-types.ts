/**
 * Shapes of the control plane's developer-portal answers (`/v1/portal/:tenantSlug/...` and
 * `/v1/me/...`), as its schemas (consumer-accounts, me, keys, usage, alerts) state them.
 */
import type { KeyEnvironment } from '../api-types';

/** `GET /v1/me` and the answer of sign-in: the account, the consumer it acts as, its tenant. */
export interface PortalSession {
  account: { id: string; email: string; name: string; createdAt: string };
  consumer: { id: string; name: string; email: string };
  tenant: { id: string; slug: string; name: string };
}

export type SubscriptionStatus = 'trialing' | 'active' | 'past_due' | 'canceled' | 'incomplete';

export interface PlanTerms {
  version: number;
  rateLimit: { limit: number; windowSeconds: number; burst: number } | null;
  monthlyQuota: number | null;
  apiIds: string[];
  pricing: {
    currency: string;
    baseFeeCents: number;
    includedCalls: number;
    overageTiers: { upTo: number | null; unitAmountCents: number }[];
  };
  trialDays: number;
}

/** `GET /v1/portal/:tenantSlug/plans`: a public plan, its current terms and the APIs they cover. */
export interface PortalPlan {
  id: string;
  name: string;
  terms: PlanTerms;
  apis: { id: string; name: string; basePath: string }[];
}

export interface Quota {
  limit: number;
  used: number;
  periodStart: string;
  periodEnd: string;
}

/** `GET /v1/me/subscription`: null data when the developer has none. */
export interface PortalSubscription {
  id: string;
  planId: string;
  status: SubscriptionStatus;
  currentPeriodStart: string;
  currentPeriodEnd: string;
  plan: { id: string; name: string };
  terms: PlanTerms;
  /** Null when the plan has no monthly quota (or its counter could not be read). */
  quota: Quota | null;
}

export interface PortalKey {
  id: string;
  name: string;
  prefix: string;
  environment: KeyEnvironment;
  status: string;
  subscriptionId: string;
  expiresAt: string | null;
  /** Set on a key replaced by rotation: valid until then, refused after. */
  graceEndsAt: string | null;
  rotatedFromId: string | null;
  createdAt: string;
  revokedAt: string | null;
}

/** `POST /v1/me/keys` → 201: the plaintext key, shown this once. */
export interface IssuedPortalKey {
  key: string;
  data: PortalKey;
}

/** `POST /v1/me/keys/:keyId/rotate` → 201: the new key (shown once) and the old one with its grace. */
export interface RotatedPortalKey extends IssuedPortalKey {
  previous: PortalKey;
}

export type UsageGranularity = 'hour' | 'day';

export interface UsageLatency {
  avgMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

/** One bucket of `GET /v1/me/usage` (ungrouped: every step of the range, empty ones included). */
export interface UsageBucket {
  start: string;
  calls: number;
  deniedCalls: number;
  callsByStatusClass: Partial<Record<'1xx' | '2xx' | '3xx' | '4xx' | '5xx', number>>;
  latency: UsageLatency;
}

export interface UsageResult {
  granularity: UsageGranularity;
  from: string;
  to: string;
  data: UsageBucket[];
}
