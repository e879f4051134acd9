import { Inject, Injectable } from '@nestjs/common';
import type { KeyEnvironment, PrismaClient, SubscriptionStatus } from '@tollgate/db';
import { PRISMA } from '../../infra/tokens.js';
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
  rotatedFromId?: string;
}

/** Runs inside the key's transaction: if it throws, the key change is rolled back. */
export type BeforeCommit = (row: KeyRow) => Promise<void>;

@Injectable()
export class KeysRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  list(tenantId: string, prefix?: string): Promise<KeyRow[]> {
    return this.prisma.apiKey.findMany({
      where: { tenantId, ...(prefix === undefined ? {} : { prefix: { startsWith: prefix } }) },
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
    return this.prisma.subscription.findFirst({
      where: { id: subscriptionId, tenantId },
      select: { id: true, consumerId: true, status: true, planVersion: { select: { apiIds: true } } },
    });
  }

  create(key: NewKey, beforeCommit: BeforeCommit): Promise<KeyRow> {
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.apiKey.create({ data: { ...key, status: 'active' }, select: keyFields });
      await beforeCommit(row);
      return row;
    });
  }

  /**
   * Rotates the tenant's key: `successor` builds the new key from the old one (locked, so two
   * rotations do not race), and the old key's grace ends at `graceEndsAt` (an earlier end
   * already set stays). Both rows go to `beforeCommit`. Null when the tenant has no such key.
   */
  rotate(
    tenantId: string,
    keyId: string,
    graceEndsAt: Date,
    successor: (old: KeyRow) => NewKey,
    beforeCommit: (created: KeyRow, old: KeyRow) => Promise<void>,
  ): Promise<{ created: KeyRow; old: KeyRow } | null> {
    return this.prisma.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM api_keys WHERE id = ${keyId} AND tenant_id = ${tenantId} FOR UPDATE`;
      if (locked.length === 0) return null;
      const current = await tx.apiKey.findUniqueOrThrow({ where: { id: keyId }, select: keyFields });
      const created = await tx.apiKey.create({
        data: { ...successor(current), status: 'active' },
        select: keyFields,
      });
      const endsAt =
        current.graceEndsAt !== null && current.graceEndsAt < graceEndsAt ? current.graceEndsAt : graceEndsAt;
      const old = await tx.apiKey.update({
        where: { id: keyId },
        data: { graceEndsAt: endsAt },
        select: keyFields,
      });
      await beforeCommit(created, old);
      return { created, old };
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
