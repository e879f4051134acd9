import { Injectable } from '@nestjs/common';
import { newId } from '@tollgate/contracts';
import { AuditLog } from '../audit/audit-log.js';
import { Transactions } from '../audit/transactions.js';
import { ConsumerIndexProjector } from '../projections/consumer-index.projector.js';
import type { TenantAccess } from '../tenancy/tenant-access.js';
import { type ConsumerRow, ConsumersRepository } from './consumers.repository.js';
import type { ConsumerOutput, CreateConsumerInput } from './consumers.schemas.js';

@Injectable()
export class ConsumersService {
  constructor(
    private readonly consumers: ConsumersRepository,
    private readonly consumerIndex: ConsumerIndexProjector,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
  ) {}

  async create(access: TenantAccess, input: CreateConsumerInput): Promise<ConsumerOutput> {
    const consumer = await this.transactions.run(async () => {
      const created = await this.consumers.create({
        id: newId('consumer'),
        tenantId: access.tenantId,
        name: input.name,
        email: input.email,
        externalId: input.externalId ?? null,
      });
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action: 'consumer.created',
        target: { type: 'consumer', id: created.id },
        after: { name: created.name, email: created.email, externalId: created.externalId },
      });
      return created;
    });
    // JWT/OAuth2 callers are found by external id in the gateway's consumer index.
    if (consumer.externalId !== null) await this.consumerIndex.projectConsumer(consumer.id);
    return consumerOutput(consumer);
  }

  async list(access: TenantAccess): Promise<ConsumerOutput[]> {
    return (await this.consumers.list(access.tenantId)).map(consumerOutput);
  }
}

function consumerOutput(c: ConsumerRow): ConsumerOutput {
  return {
    id: c.id,
    name: c.name,
    email: c.email,
    externalId: c.externalId,
    subscriptions: c.subscriptions.map((s) => ({
      id: s.id,
      planId: s.planId,
      planVersion: s.planVersion.version,
      status: s.status,
    })),
    createdAt: c.createdAt.toISOString(),
  };
}
