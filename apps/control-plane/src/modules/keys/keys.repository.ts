import { Injectable } from '@nestjs/common';
import type { KeyEnvironment, SubscriptionStatus } from '@tollgate/db';
import { Transactions } from '../audit/transactions.js';
import { type KeyIndexRow, keyIndexSelect } from '../projections/key-index.repository.js';

export type KeyRow = KeyIndexRow & {
  name: string;
  rotatedFromId: string | null;
  createdAt: Date;
  revokedAt: Date | null;
};

const keyFields = {
  ...keyIndexSelect,
  name: true,
  rotatedFromId: true,
  createdAt: true,
  revokedAt: true,
} as const;

export interface NewKey {
  id: string;
  tenantId: string;
  consumerId: string;
  subscriptionId: string;
  name: string;
  hash: string;
  prefix: string;
  environment: KeyEnvironment;
  scopes: string[];
  expiresAt: Date | null;
  ipAllow: string[];
  ipDeny: string[];
  rotatedFromId?: string;
}

/** What changes on an existing key: `PATCH /keys/:keyId`'s fields, a rotation's grace, a revocation. */
export type KeyChange = Partial<Pick<NewKey, 'name' | 'scopes' | 'expiresAt' | 'ipAllow' | 'ipDeny'>> & {
  graceEndsAt?: Date;
  status?: 'revoked';
  revokedAt?: Date;
};

/**
 * Key rows. Writes run in the caller's transaction (`Transactions.run`), so the service can
 * record the audit event and project the key index before the change commits.
 */
@Injectable()
export class KeysRepository {
  constructor(private readonly transactions: Transactions) {}

  private get db() {
    return this.transactions.client;
  }

  list(tenantId: string, filter: { prefix?: string; consumerId?: string } = {}): Promise<KeyRow[]> {
    const { prefix, consumerId } = filter;
    return this.db.apiKey.findMany({
      where: {
        tenantId,
        ...(prefix === undefined ? {} : { prefix: { startsWith: prefix } }),
        ...(consumerId === undefined ? {} : { consumerId }),
      },
      orderBy: { createdAt: 'asc' },
      select: keyFields,
    });
  }

  findSubscription(
    tenantId: string,
    subscriptionId: string,
  ): Promise<{
    id: string;
    consumerId: string;
    status: SubscriptionStatus;
    planVersion: { apiIds: string[] };
  } | null> {
    return this.db.subscription.findFirst({
      where: { id: subscriptionId, tenantId },
      select: { id: true, consumerId: true, status: true, planVersion: { select: { apiIds: true } } },
    });
  }

  create(key: NewKey): Promise<KeyRow> {
    return this.db.apiKey.create({ data: { ...key, status: 'active' }, select: keyFields });
  }

  /** The tenant's key, locked until the transaction ends (so concurrent changes take turns); null when none. */
  async lock(tenantId: string, keyId: string): Promise<KeyRow | null> {
    return this.transactions.run(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM api_keys WHERE id = ${keyId} AND tenant_id = ${tenantId} FOR UPDATE`;
      if (locked.length === 0) return null;
      return tx.apiKey.findUniqueOrThrow({ where: { id: keyId }, select: keyFields });
    });
  }

  update(keyId: string, change: KeyChange): Promise<KeyRow> {
    return this.db.apiKey.update({ where: { id: keyId }, data: change, select: keyFields });
  }
}
