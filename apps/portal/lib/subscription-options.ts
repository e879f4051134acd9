import type { ApiKey, Consumer, SubscriptionSummary } from './api-types';

export interface SubscriptionOption {
  id: string;
  label: string;
}

/**
 * The contract has no "list subscriptions" call: use `GET …/consumers/:id/subscriptions` when
 * the control plane has it, `subscriptions` on the consumer list when present, and the
 * consumer's existing keys; the form asks for an id when all three are empty.
 */
export function subscriptionOptions(
  consumer: Consumer | undefined,
  listed: SubscriptionSummary[] | null,
  keys: ApiKey[],
): SubscriptionOption[] {
  if (!consumer) return [];
  const options = new Map<string, SubscriptionOption>();
  for (const subscription of [...(listed ?? []), ...(consumer.subscriptions ?? [])]) {
    if (options.has(subscription.id)) continue;
    const plan = subscription.planName ?? subscription.planId;
    const status = subscription.status ? ` (${subscription.status})` : '';
    options.set(subscription.id, {
      id: subscription.id,
      label: `${plan ? `${plan} · ` : ''}${subscription.id}${status}`,
    });
  }
  for (const key of keys) {
    if (key.consumerId === consumer.id && !options.has(key.subscriptionId)) {
      options.set(key.subscriptionId, { id: key.subscriptionId, label: key.subscriptionId });
    }
  }
  return [...options.values()];
}
