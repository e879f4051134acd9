import { Inject, Injectable } from '@nestjs/common';
import type { Prisma, PrismaClient } from '@tollgate/db';
import { PRISMA } from '../../infra/tokens.js';

/** A session belongs to a provider user or to a developer-portal consumer account: one of the two is set. */
export interface StoredSession {
  id: string;
  userId: string | null;
  consumerAccountId: string | null;
  expiresAt: Date;
  data: Prisma.InputJsonObject;
}

/** The `Session` table behind the `tg_session` cookie. */
@Injectable()
export class SessionRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** The session's data, or null when it does not exist or has expired. */
  async findLive(id: string, now: Date): Promise<Prisma.JsonValue | null> {
    const row = await this.prisma.session.findFirst({
      where: { id, expiresAt: { gt: now } },
      select: { data: true },
    });
    return row?.data ?? null;
  }

  async save(session: StoredSession): Promise<void> {
    const { id, ...rest } = session;
    await this.prisma.session.upsert({
      where: { id },
      create: { id, ...rest },
      update: { ...rest, lastSeenAt: new Date() },
    });
  }

  async delete(id: string): Promise<void> {
    await this.prisma.session.deleteMany({ where: { id } });
  }
}
