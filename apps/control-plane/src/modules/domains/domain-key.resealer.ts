import { Injectable, type OnModuleInit } from '@nestjs/common';
import { tlsKeyContext } from '@tollgate/contracts';
import type { SecretBox } from '@tollgate/secrets';
import { AuditLog } from '../audit/audit-log.js';
import { Transactions } from '../audit/transactions.js';
import type { ResealResult } from '../secrets/reseal-registry.js';
import { ResealRegistry } from '../secrets/reseal-registry.js';
import { swapResealed } from '../secrets/swap-resealed.js';
import { DomainsRepository } from './domains.repository.js';

/** TLS private keys of custom domains, as one kind of secret `secrets:reseal` rotates. */
@Injectable()
export class DomainKeyResealer implements OnModuleInit {
  readonly kind = 'tls_private_key';

  constructor(
    private readonly registry: ResealRegistry,
    private readonly domains: DomainsRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async reseal(box: SecretBox): Promise<ResealResult> {
    const rows = await this.domains.sealedKeys();
    const tenantIds = new Set<string>();
    let resealed = 0;
    for (const row of rows) {
      const sealed = box.reseal(row.keySealed, tlsKeyContext(row.tenantId, row.hostname));
      if (sealed === row.keySealed) continue;
      const replaced = await swapResealed(
        this.transactions,
        this.audit,
        () => this.domains.replaceSealedKey(row.id, row.keySealed, sealed),
        {
          tenantId: row.tenantId,
          action: 'domain.key_resealed',
          target: { type: 'custom_domain', id: row.id },
          before: { kid: row.keySealed.kid },
          after: { kid: sealed.kid },
        },
      );
      if (!replaced) continue;
      resealed += 1;
      tenantIds.add(row.tenantId);
    }
    return { checked: rows.length, resealed, tenantIds: [...tenantIds] };
  }
}
