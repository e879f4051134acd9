import { Injectable, type OnModuleInit } from '@nestjs/common';
import { sealedSecretSchema } from '@tollgate/contracts';
import type { SecretBox } from '@tollgate/secrets';
import { webhookSecretContext } from '@tollgate/webhooks';
import { AuditLog } from '../audit/audit-log.js';
import { Transactions } from '../audit/transactions.js';
import { ResealRegistry, type ResealResult } from '../secrets/reseal-registry.js';
import { swapResealed } from '../secrets/swap-resealed.js';
import { WebhooksRepository } from './webhooks.repository.js';

/** Webhook endpoints' signing secrets (current and previous), as one kind of secret `secrets:reseal` rotates. */
@Injectable()
export class WebhookSecretResealer implements OnModuleInit {
  readonly kind = 'webhook_signing_secret';

  constructor(
    private readonly registry: ResealRegistry,
    private readonly repository: WebhooksRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async reseal(box: SecretBox): Promise<ResealResult> {
    let checked = 0;
    let resealed = 0;
    for (const row of await this.repository.sealedSecrets()) {
      const context = webhookSecretContext(row.id);
      const again = (text: string | null) => {
        if (text === null) return null;
        checked += 1;
        const sealed = sealedSecretSchema.parse(JSON.parse(text));
        const next = box.reseal(sealed, context);
        return next === sealed ? text : JSON.stringify(next);
      };
      const after = {
        secretEncrypted: again(row.secretEncrypted) as string,
        previousSecretEncrypted: again(row.previousSecretEncrypted),
      };
      if (
        after.secretEncrypted === row.secretEncrypted &&
        after.previousSecretEncrypted === row.previousSecretEncrypted
      )
        continue;
      const replaced = await swapResealed(
        this.transactions,
        this.audit,
        () => this.repository.replaceSealedSecrets(row.id, row, after),
        {
          tenantId: row.tenantId,
          action: 'webhook_endpoint.secret_resealed',
          target: { type: 'webhook_endpoint', id: row.id },
        },
      );
      if (replaced) resealed += 1;
    }
    // Webhook secrets are not in config snapshots: nothing to republish.
    return { checked, resealed, tenantIds: [] };
  }
}
