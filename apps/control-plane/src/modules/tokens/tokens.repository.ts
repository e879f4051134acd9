import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '@tollgate/db';
import { PRISMA } from '../../infra/tokens.js';

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
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  create(
    row: Omit<TokenRow, 'lastUsedAt' | 'revokedAt' | 'createdAt'> & { hash: string },
  ): Promise<TokenRow> {
    return this.prisma.personalAccessToken.create({ data: row, select: tokenFields });
  }

  listForUser(userId: string): Promise<TokenRow[]> {
    return this.prisma.personalAccessToken.findMany({
      where: { userId },
      orderBy: { createdAt: 'desc' },
      select: tokenFields,
    });
  }

  findByHash(hash: string): Promise<TokenWithUser | null> {
    return this.prisma.personalAccessToken.findUnique({
      where: { hash },
      select: { ...tokenFields, user: { select: { id: true, email: true, name: true } } },
    });
  }

  /** Revokes the user's token (idempotent); null when the user has no such token. */
  async revoke(userId: string, id: string, at: Date): Promise<TokenRow | null> {
    const found = await this.prisma.personalAccessToken.findFirst({
      where: { id, userId },
      select: { id: true },
    });
    if (!found) return null;
    await this.prisma.personalAccessToken.updateMany({
      where: { id, revokedAt: null },
      data: { revokedAt: at },
    });
    return this.prisma.personalAccessToken.findUnique({ where: { id }, select: tokenFields });
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.prisma.personalAccessToken.update({ where: { id }, data: { lastUsedAt: at } });
  }
}
