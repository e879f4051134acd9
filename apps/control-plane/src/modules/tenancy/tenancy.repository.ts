import { Inject, Injectable } from '@nestjs/common';
import type { MembershipRole, PrismaClient } from '@tollgate/db';
import { PRISMA } from '../../infra/tokens.js';

@Injectable()
export class TenancyRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async findRole(userId: string, tenantId: string): Promise<MembershipRole | null> {
    const membership = await this.prisma.membership.findUnique({
      where: { userId_tenantId: { userId, tenantId } },
      select: { role: true },
    });
    return membership?.role ?? null;
  }
}
