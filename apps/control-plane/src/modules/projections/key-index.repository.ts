import { Inject, Injectable } from '@nestjs/common';
import type { KeyEnvironment, KeyStatus, PrismaClient, SubscriptionStatus } from '@tollgate/db';
import { PRISMA } from '../../infra/tokens.js';

/** The columns a `KeyRecord` is projected from. */
export const keyIndexSelect = {
  id: true,
  tenantId: true,
  consumerId: true,
  subscriptionId: true,
  hash: true,
  prefix: true,
  environment: true,
  status: true,
  scopes: true,
  expiresAt: true,
  graceEndsAt: true,
  ipAllow: true,
  ipDeny: true,
  subscription: {
    select: {
      planId: true,
      status: true,
      planVersion: { select: { version: true } },
      currentPeriodStart: true,
      currentPeriodEnd: true,
    },
  },
} as const;

export interface KeyIndexRow {
  id: string;
  tenantId: string;
  consumerId: string;
  subscriptionId: string;
  hash: string;
  prefix: string;
  environment: KeyEnvironment;
  status: KeyStatus;
  scopes: string[];
  expiresAt: Date | null;
  graceEndsAt: Date | null;
  ipAllow: string[];
  ipDeny: string[];
  subscription: {
    planId: string;
    status: SubscriptionStatus;
    planVersion: { version: number };
    currentPeriodStart: Date;
    currentPeriodEnd: Date;
  };
}

@Injectable()
export class KeyIndexRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  findKey(keyId: string): Promise<KeyIndexRow | null> {
    return this.prisma.apiKey.findUnique({ where: { id: keyId }, select: keyIndexSelect });
  }

  /** Every key of a subscription, as committed now. */
  subscriptionKeys(subscriptionId: string): Promise<KeyIndexRow[]> {
    return this.prisma.apiKey.findMany({ where: { subscriptionId }, select: keyIndexSelect });
  }

  /** One page of every key of every tenant, in id order, after `afterId`. */
  pageKeys(afterId: string | null, take: number): Promise<KeyIndexRow[]> {
    return this.prisma.apiKey.findMany({
      ...(afterId === null ? {} : { where: { id: { gt: afterId } } }),
      orderBy: { id: 'asc' },
      take,
      select: keyIndexSelect,
    });
  }
}
