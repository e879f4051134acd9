import { Injectable } from '@nestjs/common';
import { Transactions } from '../audit/transactions.js';

export interface TokenRow {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  scopes: string[];
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

export interface TokenWithUser extends TokenRow {
  user: { id: string; email: string; name: string };
}

const tokenFields = {
  id: true,
  userId: true,
  name: true,
  prefix: true,
  scopes: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdAt: true,
} as const;

@Injectable()
export class TokensRepository {
  constructor(private readonly transactions: Transactions) {}

  /** The caller's transaction when there is one (so its audit event commits with the change). */
  private get db() {
    return this.transactions.client;
  }

  create(
    row: Omit<TokenRow, 'lastUsedAt' | 'revokedAt' | 'createdAt'> & { hash: string },
  ): Promise<TokenRow> {
    return this.db.personalAccessToken.create({ data: row, select: tokenFields });
  }

  listForUser(userId: string): Promise<TokenRow[]> {
    return this.db.personalAccessToken.findMany({
      where: { userId },
      orderBy: { createdAt: 'desc' },
      select: tokenFields,
    });
  }

  findByHash(hash: string): Promise<TokenWithUser | null> {
    return this.db.personalAccessToken.findUnique({
      where: { hash },
      select: { ...tokenFields, user: { select: { id: true, email: true, name: true } } },
    });
  }

  /**
   * Revokes the user's token (idempotent); null when the user has no such token. `revoked` is
   * false when it was already revoked (nothing changed).
   */
  async revoke(userId: string, id: string, at: Date): Promise<{ row: TokenRow; revoked: boolean } | null> {
    return this.transactions.run(async (tx) => {
      const found = await tx.personalAccessToken.findFirst({ where: { id, userId }, select: { id: true } });
      if (!found) return null;
      const { count } = await tx.personalAccessToken.updateMany({
        where: { id, revokedAt: null },
        data: { revokedAt: at },
      });
      const row = await tx.personalAccessToken.findUniqueOrThrow({ where: { id }, select: tokenFields });
      return { row, revoked: count === 1 };
    });
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.db.personalAccessToken.update({ where: { id }, data: { lastUsedAt: at } });
  }
}
