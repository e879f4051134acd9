import { describe, expect, it } from 'vitest';
import { apisText, priceText, quotaText, rateLimitText, termFacts, trialText } from './plan-terms';
import type { PlanTerms } from './portal-types';

const terms = (fields: Partial<PlanTerms> = {}): PlanTerms => ({
  version: 1,
  rateLimit: { limit: 600, windowSeconds: 60, burst: 50 },
  monthlyQuota: 100_000,
  apiIds: [],
  pricing: { currency: 'usd', baseFeeCents: 0, includedCalls: 0, overageTiers: [] },
  trialDays: 0,
  ...fields,
});

describe('plan terms', () => {
  it('terms.limits: rate limit and quota in words, or that there are none', () => {
    expect(rateLimitText(terms())).toBe('600 calls per minute (bursts of up to 50)');
    expect(rateLimitText(terms({ rateLimit: { limit: 5, windowSeconds: 90, burst: 5 } }))).toBe(
      '5 calls per 90 seconds (bursts of up to 5)',
    );
    expect(rateLimitText(terms({ rateLimit: null }))).toBe('No rate limit');
    expect(quotaText(terms())).toBe('100,000 calls a month');
    expect(quotaText(terms({ monthlyQuota: null }))).toBe('No monthly quota');
  });

  it('price.free: no fee and no paid calls is Free', () => {
    expect(priceText(terms())).toBe('Free');
  });

  it('price.paid: fee, included calls and overage tiers, fractions of a cent kept', () => {
    expect(
      priceText(
        terms({
          pricing: {
            currency: 'usd',
            baseFeeCents: 4900,
            includedCalls: 10_000,
            overageTiers: [
              { upTo: 100_000, unitAmountCents: 0.1 },
              { upTo: null, unitAmountCents: 0.05 },
            ],
          },
        }),
      ),
    ).toBe('$49 a month, 10,000 calls included, then $0.001 per call up to 100,000 calls, $0.0005 per call');
  });

  it('terms.trial: days of free trial in words, or none', () => {
    expect(trialText(terms({ trialDays: 14 }))).toBe('14-day free trial');
    expect(trialText(terms({ trialDays: 1 }))).toBe('1-day free trial');
    expect(trialText(terms())).toBe('No free trial');
  });

  it('terms.apis: each API by name and base path, or none', () => {
    expect(
      apisText([
        { id: 'api_1', name: 'Weather', basePath: '/weather' },
        { id: 'api_2', name: 'Maps', basePath: '/maps' },
      ]),
    ).toBe('Weather (/weather), Maps (/maps)');
    expect(apisText([])).toBe('No APIs');
  });

  it('terms.facts: price, rate limit and quota, in that order', () => {
    expect(termFacts(terms())).toEqual([
      { term: 'Price', value: 'Free' },
      { term: 'Rate limit', value: '600 calls per minute (bursts of up to 50)' },
      { term: 'Quota', value: '100,000 calls a month' },
    ]);
  });
});
