import { newId } from '@tollgate/contracts';
import type { Consumer, Subscription, SubscriptionStatus } from '@tollgate/db';
import type { FactoryDb } from './db-client.js';
import { uniqueSuffix } from './unique.js';

export interface ConsumerInput {
  tenantId: string;
  name?: string;
  email?: string;
  externalId?: string | null;
}

export function createConsumer(db: FactoryDb, input: ConsumerInput): Promise<Consumer> {
  const suffix = uniqueSuffix();
  return db.consumer.create({
    data: {
      id: newId('consumer'),
      tenantId: input.tenantId,
      name: input.name ?? `Consumer ${suffix}`,
      email: input.email ?? `consumer-${suffix}@example.test`,
      externalId: input.externalId ?? null,
    },
  });
}

export interface SubscriptionInput {
  consumerId: string;
  planId: string;
  /** Default: the plan's current version. */
  planVersionId?: string;
  status?: SubscriptionStatus;
  /** Default: the start of the current UTC month. */
  currentPeriodStart?: Date;
  /** Default: the start of the next UTC month. */
  currentPeriodEnd?: Date;
}

/** A subscription of `consumerId` to `planId`; its tenant is the consumer's. */
export async function createSubscription(db: FactoryDb, input: SubscriptionInput): Promise<Subscription> {
  const consumer = await db.consumer.findUniqueOrThrow({
    where: { id: input.consumerId },
    select: { tenantId: true },
  });
  const planVersionId = input.planVersionId ?? (await currentPlanVersionId(db, input.planId));
  const now = new Date();
  return db.subscription.create({
    data: {
      id: newId('subscription'),
      tenantId: consumer.tenantId,
      consumerId: input.consumerId,
      planId: input.planId,
      planVersionId,
      status: input.status ?? 'active',
      currentPeriodStart:
        input.currentPeriodStart ?? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
      currentPeriodEnd:
        input.currentPeriodEnd ?? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)),
    },
  });
}

async function currentPlanVersionId(db: FactoryDb, planId: string): Promise<string> {
  const plan = await db.plan.findUniqueOrThrow({ where: { id: planId }, select: { currentVersion: true } });
  const version = await db.planVersion.findUniqueOrThrow({
    where: { planId_version: { planId, version: plan.currentVersion } },
    select: { id: true },
  });
  return version.id;
}
