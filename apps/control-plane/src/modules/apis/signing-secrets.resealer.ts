import { Injectable, type OnModuleInit } from '@nestjs/common';
import { signingSecretContext } from '@tollgate/contracts';
import type { Prisma } from '@tollgate/db';
import type { SecretBox } from '@tollgate/secrets';
import { AuditLog } from '../audit/audit-log.js';
import { Transactions } from '../audit/transactions.js';
import { ResealRegistry, type ResealResult } from '../secrets/reseal-registry.js';
import { swapResealed } from '../secrets/swap-resealed.js';
import { readSigningSecrets } from './api-config/stored-secrets.js';
import { ApisRepository } from './apis.repository.js';

/** Upstream signing secrets of APIs, as one kind of secret `secrets:reseal` rotates. */
@Injectable()
export class SigningSecretsResealer implements OnModuleInit {
  readonly kind = 'api_signing_secret';

  constructor(
    private readonly registry: ResealRegistry,
    private readonly apis: ApisRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async reseal(box: SecretBox): Promise<ResealResult> {
    const rows = await this.apis.withSigningSecrets();
    const tenantIds = new Set<string>();
    let checked = 0;
    let resealed = 0;
    for (const row of rows) {
      const secrets = readSigningSecrets(row.signingSecrets);
      checked += secrets.length;
      const context = signingSecretContext(row.tenantId, row.id);
      const next = secrets.map((s) => ({ ...s, sealed: box.reseal(s.sealed, context) }));
      const changed = next.filter((s, i) => s.sealed !== secrets[i]!.sealed).length;
      if (changed === 0) continue;
      const replaced = await swapResealed(
        this.transactions,
        this.audit,
        () =>
          this.apis.replaceSigningSecrets(
            row.id,
            row.signingSecrets as Prisma.InputJsonArray,
            next as unknown as Prisma.InputJsonArray,
          ),
        {
          tenantId: row.tenantId,
          action: 'api.signing_secrets_resealed',
          target: { type: 'api', id: row.id },
          before: { kids: secrets.map((s) => s.sealed.kid) },
          after: { kids: next.map((s) => s.sealed.kid) },
        },
      );
      if (!replaced) continue;
      resealed += changed;
      tenantIds.add(row.tenantId);
    }
    return { checked, resealed, tenantIds: [...tenantIds] };
  }
}
