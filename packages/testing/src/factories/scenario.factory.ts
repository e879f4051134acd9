import type { Api, Consumer, Subscription, Tenant } from '@tollgate/db';
import { createTenant } from './accounts.factory.js';
import { createApi } from './apis.factory.js';
import { createConsumer, createSubscription } from './consumers.factory.js';
import type { FactoryDb } from './db-client.js';
import { type CreatedKey, createKey } from './keys.factory.js';
import { createPlan, type PlanInput, type PlanWithVersion } from './plans.factory.js';

export interface ScenarioInput {
  upstreamUrl?: string;
  sandboxUpstreamUrl?: string | null;
  basePath?: string;
  plan?: Omit<PlanInput, 'tenantId' | 'apiIds'>;
  pepper?: string;
}

export interface Scenario {
  tenant: Tenant;
  api: Api;
  plan: PlanWithVersion;
  consumer: Consumer;
  subscription: Subscription;
  /** A live key on the subscription. */
  key: CreatedKey;
}

/** The usual chain in one call: tenant → API → plan covering it → consumer → subscription → live key. */
export async function createScenario(db: FactoryDb, input: ScenarioInput = {}): Promise<Scenario> {
  const tenant = await createTenant(db);
  const api = await createApi(db, {
    tenantId: tenant.id,
    ...(input.upstreamUrl === undefined ? {} : { upstreamUrl: input.upstreamUrl }),
    ...(input.sandboxUpstreamUrl === undefined ? {} : { sandboxUpstreamUrl: input.sandboxUpstreamUrl }),
    ...(input.basePath === undefined ? {} : { basePath: input.basePath }),
  });
  const plan = await createPlan(db, { ...input.plan, tenantId: tenant.id, apiIds: [api.id] });
  const consumer = await createConsumer(db, { tenantId: tenant.id });
  const subscription = await createSubscription(db, { consumerId: consumer.id, planId: plan.id });
  const key = await createKey(db, {
    subscriptionId: subscription.id,
    ...(input.pepper === undefined ? {} : { pepper: input.pepper }),
  });
  return { tenant, api, plan, consumer, subscription, key };
}
