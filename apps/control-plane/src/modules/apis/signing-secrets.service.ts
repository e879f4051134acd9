import { Injectable } from '@nestjs/common';
import { newId, signingSecretContext } from '@tollgate/contracts';
import type { Prisma } from '@tollgate/db';
import { TollgateError } from '@tollgate/errors';
import { SecretBox } from '@tollgate/secrets';
import { AuditLog } from '../audit/audit-log.js';
import type { TenantAccess } from '../tenancy/tenant-access.js';
import { ConfigChanges } from './api-config/config-changes.js';
import { last4, readSigningSecrets, type StoredSigningSecret } from './api-config/stored-secrets.js';
import { ApisRepository } from './apis.repository.js';
import type { SigningSecretOutput } from './apis.schemas.js';

/** The gateway sends one `v1=` per secret; two cover a rotation (old and new), never more. */
const maxSecrets = 2;

const shown = ({ id, last4, createdAt }: StoredSigningSecret): SigningSecretOutput => ({
  id,
  last4,
  createdAt,
});

/**
 * Upstream signing secrets of an API (`Tollgate-Signature`, docs/upstream-identity.md): taken in
 * plain text, sealed with the master key for this API alone, never shown again. Rotation: add
 * the new one (both sign while both exist), deploy it upstream, delete the old one.
 */
@Injectable()
export class SigningSecretsService {
  constructor(
    private readonly apis: ApisRepository,
    private readonly box: SecretBox,
    private readonly changes: ConfigChanges,
    private readonly audit: AuditLog,
  ) {}

  async add(access: TenantAccess, apiId: string, secret: string): Promise<SigningSecretOutput> {
    const id = newId('signingSecret');
    return this.changes.apply(access, `api.signing_secret_added ${apiId}`, async () => {
      const secrets = await this.locked(access.tenantId, apiId);
      if (secrets.length >= maxSecrets)
        throw new TollgateError(
          'conflict',
          'This API already has two signing secrets: delete the old one before adding another.',
        );
      const added: StoredSigningSecret = {
        id,
        last4: last4(secret),
        createdAt: new Date().toISOString(),
        sealed: this.box.seal(secret, signingSecretContext(access.tenantId, apiId)),
      };
      await this.apis.setSigningSecrets(apiId, [...secrets, added] as unknown as Prisma.InputJsonArray);
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action: 'api.signing_secret_added',
        target: { type: 'api', id: apiId },
        before: { signingSecrets: secrets.map(shown) },
        after: { signingSecrets: [...secrets, added].map(shown) },
      });
      return shown(added);
    });
  }

  async remove(access: TenantAccess, apiId: string, secretId: string): Promise<void> {
    await this.changes.apply(access, `api.signing_secret_removed ${apiId}`, async () => {
      const secrets = await this.locked(access.tenantId, apiId);
      const kept = secrets.filter((s) => s.id !== secretId);
      if (kept.length === secrets.length)
        throw new TollgateError('not_found', 'No such signing secret on this API.');
      await this.apis.setSigningSecrets(apiId, kept as unknown as Prisma.InputJsonArray);
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action: 'api.signing_secret_removed',
        target: { type: 'api', id: apiId },
        before: { signingSecrets: secrets.map(shown) },
        after: { signingSecrets: kept.map(shown) },
      });
    });
  }

  private async locked(tenantId: string, apiId: string): Promise<StoredSigningSecret[]> {
    const stored = await this.apis.lockSigningSecrets(tenantId, apiId);
    if (stored === null) throw new TollgateError('not_found', 'No such API in this tenant.');
    return readSigningSecrets(stored);
  }
}
