import { Inject, Injectable } from '@nestjs/common';
import type { KeyEnvironment, PrismaClient, SubscriptionStatus } from '@tollgate/db';
import { PRISMA } from '../../infra/tokens.js';
import { type KeyIndexRow, keyIndexSelect } from '../projections/key-index.repository.js';

export type KeyRow = KeyIndexRow & { name: string; createdAt: Date; revokedAt: Date | null };

const keyFields = { ...keyIndexSelect, name: true, createdAt: true, revokedAt: true } as const;

export interface NewKey {
  id: string;
  tenantId: string;
  consumerId: string;
  subscriptionId: string;
  name: string;
  hash: string;
  prefix: string;
  environment: KeyEnvironment;
}

/** Runs inside the key's transaction: if it throws, the key change is rolled back. */
export type BeforeCommit = (row: KeyRow) => Promise<void>;

@Injectable()
export class KeysRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  list(tenantId: string): Promise<KeyRow[]> {
    return this.prisma.apiKey.findMany({
      where: { tenantId },
      orderBy: { createdAt: 'asc' },
      select: keyFields,
    });
  }

  findSubscription(
    tenantId: string,
    subscriptionId: string,
  ): Promise<{ id: string; consumerId: string; status: SubscriptionStatus } | null> {
    return this.prisma.subscription.findFirst({
      where: { id: subscriptionId, tenantId },
      select: { id: true, consumerId: true, status: true },
    });
  }

  create(key: NewKey, beforeCommit: BeforeCommit): Promise<KeyRow> {
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.apiKey.create({ data: { ...key, status: 'active' }, select: keyFields });
      await beforeCommit(row);
      return row;
    });
  }

  /** Revokes the tenant's key (again, harmlessly, if already revoked); null when it has no such key. */
  revoke(tenantId: string, keyId: string, at: Date, beforeCommit: BeforeCommit): Promise<KeyRow | null> {
    return this.prisma.$transaction(async (tx) => {
      const found = await tx.apiKey.findFirst({
        where: { id: keyId, tenantId },
        select: { revokedAt: true },
      });
      if (!found) return null;
      const row = await tx.apiKey.update({
        where: { id: keyId },
        data: { status: 'revoked', revokedAt: found.revokedAt ?? at },
        select: keyFields,
      });
      await beforeCommit(row);
      return row;
    });
  }
}
