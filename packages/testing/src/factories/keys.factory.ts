import { newId } from '@tollgate/contracts';
import type { ApiKey, KeyEnvironment, KeyStatus } from '@tollgate/db';
import { generateKey, hashKey } from '@tollgate/keys';
import type { FactoryDb } from './db-client.js';

/** A KEY_PEPPER for tests (32+ characters); pass the same to the gateway under test. */
export const testKeyPepper = 'tollgate-test-pepper-0123456789abcdef';

export interface KeyInput {
  subscriptionId: string;
  /** Default: {@link testKeyPepper}. */
  pepper?: string;
  name?: string;
  environment?: KeyEnvironment;
  status?: KeyStatus;
  scopes?: string[];
  expiresAt?: Date | null;
  graceEndsAt?: Date | null;
  revokedAt?: Date | null;
}

export interface CreatedKey {
  /** The plaintext key (`tg_live_…`), as shown once to its owner. */
  key: string;
  apiKey: ApiKey;
}

/** A real key (from @tollgate/keys) stored by hash on `subscriptionId`; tenant and consumer are the subscription's. */
export async function createKey(db: FactoryDb, input: KeyInput): Promise<CreatedKey> {
  const subscription = await db.subscription.findUniqueOrThrow({
    where: { id: input.subscriptionId },
    select: { tenantId: true, consumerId: true },
  });
  const environment = input.environment ?? 'live';
  const { key, prefix } = generateKey(environment);
  const status = input.status ?? 'active';
  const apiKey = await db.apiKey.create({
    data: {
      id: newId('key'),
      tenantId: subscription.tenantId,
      consumerId: subscription.consumerId,
      subscriptionId: input.subscriptionId,
      name: input.name ?? 'test key',
      hash: hashKey(key, input.pepper ?? testKeyPepper),
      prefix,
      environment,
      status,
      scopes: input.scopes ?? [],
      expiresAt: input.expiresAt ?? null,
      graceEndsAt: input.graceEndsAt ?? null,
      revokedAt: input.revokedAt ?? (status === 'revoked' ? new Date() : null),
    },
  });
  return { key, apiKey };
}
