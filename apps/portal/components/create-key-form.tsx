'use client';

import { type FormEvent, useEffect, useState } from 'react';
import { api } from '@/lib/api-client';
import type { ApiKey, Consumer, CreatedKey, KeyEnvironment, SubscriptionSummary } from '@/lib/api-types';
import { subscriptionOptions } from '@/lib/subscription-options';
import { ProblemAlert } from './problem-alert';
import { useSession } from './session-provider';

const fieldClass = 'mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 shadow-sm';
const labelClass = 'block text-sm font-medium text-slate-700';

interface Props {
  keys: ApiKey[];
  onCreated: (created: CreatedKey) => void;
  onCancel: () => void;
}

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

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const environment: KeyEnvironment = form.get('environment') === 'test' ? 'test' : 'live';
    setPending(true);
    setError(null);
    try {
      onCreated(
        await api.createKey(tenant.tenantId, {
          name: String(form.get('name') ?? ''),
          subscriptionId: String(form.get('subscriptionId') ?? ''),
          environment,
        }),
      );
    } catch (failure) {
      onUnauthenticated(failure);
      setError(failure);
      setPending(false);
    }
  }

  return (
    <form
      onSubmit={onSubmit}
      aria-labelledby="create-key-title"
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-5"
    >
      <h2 id="create-key-title" className="text-lg font-semibold">
        Create a key
      </h2>
      <ProblemAlert error={error} />
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor="key-name" className={labelClass}>
            Key name
          </label>
          <input id="key-name" name="name" required maxLength={100} className={fieldClass} />
        </div>
        <div>
          <label htmlFor="key-environment" className={labelClass}>
            Environment
          </label>
          <select id="key-environment" name="environment" defaultValue="live" className={fieldClass}>
            <option value="live">live</option>
            <option value="test">test</option>
          </select>
        </div>
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
            <input
              id="key-subscription"
              name="subscriptionId"
              required
              placeholder="sub_…"
              aria-describedby="key-subscription-hint"
              className={`${fieldClass} font-mono`}
            />
          )}
          {options.length > 0 ? null : (
            <p id="key-subscription-hint" className="mt-1 text-xs text-slate-500">
              No subscription is listed for this consumer: paste its subscription id.
            </p>
          )}
        </div>
      </div>
      <div className="flex gap-3">
        <button
          type="submit"
          disabled={pending || !optionsReady}
          className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
        >
          Create key
        </button>
        <button type="button" onClick={onCancel} className="rounded-md border border-slate-300 px-4 py-2">
          Cancel
        </button>
      </div>
    </form>
  );
}
