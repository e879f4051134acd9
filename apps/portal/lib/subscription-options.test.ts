import { describe, expect, it } from 'vitest';
import type { ApiKey, Consumer } from './api-types';
import { subscriptionOptions } from './subscription-options';

const consumer: Consumer = { id: 'con_1', name: 'Dev', email: 'dev@example.test' };
const key = (consumerId: string, subscriptionId: string) => ({ consumerId, subscriptionId }) as ApiKey;

describe('subscriptionOptions', () => {
  it('options.listed: the listed subscriptions come first, with plan and status', () => {
    const options = subscriptionOptions(
      consumer,
      [{ id: 'sub_1', planId: 'pln_1', status: 'active' }],
      [key('con_1', 'sub_2')],
    );
    expect(options).toEqual([
      { id: 'sub_1', label: 'pln_1 · sub_1 (active)' },
      { id: 'sub_2', label: 'sub_2' },
    ]);
  });

  it('options.from-keys: only the chosen consumer’s keys count, each subscription once', () => {
    const options = subscriptionOptions(consumer, null, [
      key('con_1', 'sub_2'),
      key('con_1', 'sub_2'),
      key('con_9', 'sub_9'),
    ]);
    expect(options.map((option) => option.id)).toEqual(['sub_2']);
  });

  it('options.none: no consumer, no options', () => {
    expect(subscriptionOptions(undefined, null, [key('con_1', 'sub_2')])).toEqual([]);
  });
});
