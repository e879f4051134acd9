import type { PlanTerms, PortalPlan } from './portal-types';
import { formatCount } from './quota';

function money(cents: number, currency: string): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    // Per-call prices are often fractions of a cent.
    maximumFractionDigits: cents % 1 === 0 && cents % 100 === 0 ? 0 : 4,
  }).format(cents / 100);
}

function seconds(value: number): string {
  if (value === 1) return 'second';
  if (value === 60) return 'minute';
  if (value === 3_600) return 'hour';
  if (value === 86_400) return 'day';
  return `${formatCount(value)} seconds`;
}

/** `600 calls per minute (bursts of up to 50)`, or that there is none. */
export function rateLimitText(terms: PlanTerms): string {
  const limit = terms.rateLimit;
  if (!limit) return 'No rate limit';
  return `${formatCount(limit.limit)} calls per ${seconds(limit.windowSeconds)} (bursts of up to ${formatCount(limit.burst)})`;
}

export function quotaText(terms: PlanTerms): string {
  return terms.monthlyQuota === null
    ? 'No monthly quota'
    : `${formatCount(terms.monthlyQuota)} calls a month`;
}

/** `Free`, or the monthly fee, the calls it includes and the price of the calls beyond them. */
export function priceText(terms: PlanTerms): string {
  const { currency, baseFeeCents, includedCalls, overageTiers } = terms.pricing;
  if (baseFeeCents === 0 && overageTiers.every((tier) => tier.unitAmountCents === 0)) return 'Free';
  const parts = [baseFeeCents === 0 ? 'No monthly fee' : `${money(baseFeeCents, currency)} a month`];
  if (includedCalls > 0) parts.push(`${formatCount(includedCalls)} calls included`);
  const tiers = overageTiers.map((tier) => {
    const each = `${money(tier.unitAmountCents, currency)} per call`;
    return tier.upTo === null ? each : `${each} up to ${formatCount(tier.upTo)} calls`;
  });
  if (tiers.length > 0) parts.push(`then ${tiers.join(', ')}`);
  return parts.join(', ');
}

/** `14-day free trial`, or that there is none. */
export function trialText(terms: PlanTerms): string {
  if (terms.trialDays === 0) return 'No free trial';
  return terms.trialDays === 1 ? '1-day free trial' : `${formatCount(terms.trialDays)}-day free trial`;
}

/** `Weather (/weather), Maps (/maps)`: the APIs a plan's keys can call. */
export function apisText(apis: PortalPlan['apis']): string {
  if (apis.length === 0) return 'No APIs';
  return apis.map((api) => `${api.name} (${api.basePath})`).join(', ');
}

/** One line of a plan's terms: `Price` → `Free`. */
export interface TermFact {
  term: string;
  value: string;
}

/** Price, rate limit and quota: what every view of a plan shows first. */
export function termFacts(terms: PlanTerms): TermFact[] {
  return [
    { term: 'Price', value: priceText(terms) },
    { term: 'Rate limit', value: rateLimitText(terms) },
    { term: 'Quota', value: quotaText(terms) },
  ];
}
