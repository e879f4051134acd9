'use client';

import { useEffect, useState } from 'react';
import { api } from '@/lib/api-client';
import type { ApiKey, Consumer, CreatedKey, SubscriptionSummary } from '@/lib/api-types';
import { subscriptionOptions } from '@/lib/subscription-options';
import { fieldClass, hintClass, labelClass } from './form-styles';
import { KeyForm, type KeyInput } from './key-form';
import { ProblemAlert } from './problem-alert';
import { useSession } from './session-provider';

interface Props {
  keys: ApiKey[];
  onCreated: (created: CreatedKey) => void;
  onCancel: () => void;
}

/** A new key of the tenant: for a consumer's subscription (listed when the control plane can). */
export function CreateKeyForm({ keys, onCreated, onCancel }: Props) {
  const { tenant, onUnauthenticated } = useSession();
  const [consumers, setConsumers] = useState<Consumer[] | null>(null);
  const [consumerId, setConsumerId] = useState('');
  const [listed, setListed] = useState<SubscriptionSummary[] | null>(null);
  /** The consumer whose subscriptions have been asked for and answered (null is an answer too). */
  const [listedFor, setListedFor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    let live = true;
    api.listConsumers(tenant.tenantId).then(
      (list) => {
        if (!live) return;
        setConsumers(list);
        setConsumerId((current) => current || (list[0]?.id ?? ''));
      },
      (failure: unknown) => {
        onUnauthenticated(failure);
        if (live) setError(failure);
      },
    );
    return () => {
      live = false;
    };
  }, [tenant.tenantId, onUnauthenticated]);

  useEffect(() => {
    if (!consumerId) return;
    let live = true;
    setListed(null);
    api.listSubscriptions(tenant.tenantId, consumerId).then(
      (list) => {
        if (!live) return;
        setListed(list);
        setListedFor(consumerId);
      },
      (failure: unknown) => {
        onUnauthenticated(failure);
        if (!live) return;
        setError(failure);
        setListedFor(consumerId);
      },
    );
    return () => {
      live = false;
    };
  }, [tenant.tenantId, consumerId, onUnauthenticated]);

  const options = subscriptionOptions(
    consumers?.find((consumer) => consumer.id === consumerId),
    listed,
    keys,
  );

  // Until the options are in, the form would offer an empty id field: submitting then does nothing.
  const optionsReady = consumers !== null && (consumers.length === 0 || listedFor === consumerId);

  async function onSubmit(input: KeyInput, form: FormData) {
    setPending(true);
    setError(null);
    try {
      onCreated(
        await api.createKey(tenant.tenantId, {
          ...input,
          subscriptionId: String(form.get('subscriptionId') ?? ''),
        }),
      );
    } catch (failure) {
      onUnauthenticated(failure);
      setError(failure);
      setPending(false);
    }
  }

  return (
    <KeyForm
      alert={<ProblemAlert error={error} />}
      pending={pending}
      ready={optionsReady}
      onSubmit={(input, form) => void onSubmit(input, form)}
      onCancel={onCancel}
    >
      <div>
        <label htmlFor="key-consumer" className={labelClass}>
          Consumer
        </label>
        <select
          id="key-consumer"
          value={consumerId}
          onChange={(event) => setConsumerId(event.target.value)}
          disabled={!consumers || consumers.length === 0}
          className={fieldClass}
        >
          {consumers?.length === 0 ? <option value="">No consumers yet</option> : null}
          {consumers?.map((consumer) => (
            <option key={consumer.id} value={consumer.id}>
              {consumer.name} ({consumer.email})
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="key-subscription" className={labelClass}>
          Subscription
        </label>
        {options.length > 0 ? (
          <select
            key={consumerId}
            id="key-subscription"
            name="subscriptionId"
            required
            className={fieldClass}
          >
            {options.map((option) => (
              <option key={option.id} value={option.id}>
                {option.label}
              </option>
            ))}
          </select>
        ) : (
          <>
            <input
              id="key-subscription"
              name="subscriptionId"
              required
              placeholder="sub_…"
              aria-describedby="key-subscription-hint"
              className={`${fieldClass} font-mono`}
            />
            <p id="key-subscription-hint" className={hintClass}>
              No subscription is listed for this consumer: paste its subscription id.
            </p>
          </>
        )}
      </div>
    </KeyForm>
  );
}
