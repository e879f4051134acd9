import { Injectable, type OnModuleInit } from '@nestjs/common';
import { oauth2SecretContext } from '@tollgate/contracts';
import type { SecretBox } from '@tollgate/secrets';
import { readOAuth2 } from '../apis/api-config/stored-secrets.js';
import { AuditLog } from '../audit/audit-log.js';
import { Transactions } from '../audit/transactions.js';
import { ResealRegistry, type ResealResult } from '../secrets/reseal-registry.js';
import { swapResealed } from '../secrets/swap-resealed.js';
import { IdentityProvidersRepository } from './identity-providers.repository.js';

/** OAuth2 introspection client secrets, as one kind of secret `secrets:reseal` rotates. */
@Injectable()
export class OAuth2SecretResealer implements OnModuleInit {
  readonly kind = 'oauth2_client_secret';

  constructor(
    private readonly registry: ResealRegistry,
    private readonly providers: IdentityProvidersRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async reseal(box: SecretBox): Promise<ResealResult> {
    const rows = await this.providers.withOAuth2();
    const tenantIds: string[] = [];
    for (const row of rows) {
      const oauth2 = readOAuth2(row.oauth2);
      if (oauth2 === null) continue;
      const sealed = box.reseal(oauth2.clientSecret, oauth2SecretContext(row.tenantId));
      if (sealed === oauth2.clientSecret) continue;
      const replaced = await swapResealed(
        this.transactions,
        this.audit,
        () => this.providers.replaceOAuth2(row.tenantId, row.oauth2, { ...oauth2, clientSecret: sealed }),
        {
          tenantId: row.tenantId,
          action: 'identity_providers.secret_resealed',
          target: { type: 'tenant', id: row.tenantId },
          before: { kid: oauth2.clientSecret.kid },
          after: { kid: sealed.kid },
        },
      );
      if (replaced) tenantIds.push(row.tenantId);
    }
    return { checked: rows.length, resealed: tenantIds.length, tenantIds };
  }
}
