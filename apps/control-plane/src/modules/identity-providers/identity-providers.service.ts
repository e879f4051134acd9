import { Injectable } from '@nestjs/common';
import { type AuthMode, oauth2SecretContext } from '@tollgate/contracts';
import { TollgateError } from '@tollgate/errors';
import { SecretBox } from '@tollgate/secrets';
import { validationFailed } from '../../common/validation.js';
import { ConfigChanges } from '../apis/api-config/config-changes.js';
import { last4, readOAuth2, type StoredOAuth2 } from '../apis/api-config/stored-secrets.js';
import { UpstreamUrlCheck } from '../apis/api-config/upstream-url-check.js';
import { AuditLog } from '../audit/audit-log.js';
import type { TenantAccess } from '../tenancy/tenant-access.js';
import { IdentityProvidersRepository, type StoredProviders } from './identity-providers.repository.js';
import type {
  IdentityProvidersOutput,
  OAuth2ProviderInput,
  UpdateIdentityProvidersInput,
} from './identity-providers.schemas.js';

/** The providers as answered and audited: the client secret only as "set" and its last four characters. */
function providersOutput(stored: StoredProviders): IdentityProvidersOutput {
  const oauth2 = readOAuth2(stored.oauth2);
  if (oauth2 === null) return { jwt: stored.jwt as IdentityProvidersOutput['jwt'], oauth2: null };
  const { clientSecret: _sealed, ...settings } = oauth2;
  return {
    jwt: stored.jwt as IdentityProvidersOutput['jwt'],
    oauth2: { ...settings, clientSecretSet: true },
  };
}

/**
 * The tenant's JWT and OAuth2 introspection settings, used by every API and route in `jwt` or
 * `oauth2` auth mode (the snapshot carries one of each per tenant).
 */
@Injectable()
export class IdentityProvidersService {
  constructor(
    private readonly providers: IdentityProvidersRepository,
    private readonly urls: UpstreamUrlCheck,
    private readonly box: SecretBox,
    private readonly changes: ConfigChanges,
    private readonly audit: AuditLog,
  ) {}

  async get(access: TenantAccess): Promise<IdentityProvidersOutput> {
    return providersOutput(await this.providers.find(access.tenantId));
  }

  async update(access: TenantAccess, input: UpdateIdentityProvidersInput): Promise<IdentityProvidersOutput> {
    if (input.jwt === undefined && input.oauth2 === undefined) return this.get(access);
    const problems = await this.urls.problems(access.tenantId, {
      'jwt.jwksUrl': input.jwt?.jwksUrl,
      'oauth2.introspectionUrl': input.oauth2?.introspectionUrl,
    });
    if (problems.length > 0) throw validationFailed(problems);
    const saved = await this.changes.apply(access, 'identity_providers.updated', async () => {
      const before = await this.providers.lock(access.tenantId);
      if (input.jwt === null) await this.refuseInUse(access.tenantId, 'jwt');
      if (input.oauth2 === null) await this.refuseInUse(access.tenantId, 'oauth2');
      const after: StoredProviders = {
        jwt: input.jwt === undefined ? before.jwt : input.jwt,
        oauth2:
          input.oauth2 === undefined
            ? before.oauth2
            : input.oauth2 && this.sealed(access.tenantId, input.oauth2, readOAuth2(before.oauth2)),
      };
      await this.providers.save(access.tenantId, after);
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action: 'identity_providers.updated',
        target: { type: 'tenant', id: access.tenantId },
        before: providersOutput(before),
        after: { ...providersOutput(after), clientSecretChanged: input.oauth2?.clientSecret !== undefined },
      });
      return after;
    });
    return providersOutput(saved);
  }

  /** The stored OAuth2 settings: a new client secret sealed, or the one already set kept. */
  private sealed(tenantId: string, input: OAuth2ProviderInput, current: StoredOAuth2 | null): StoredOAuth2 {
    const { clientSecret, ...settings } = input;
    if (clientSecret !== undefined)
      return {
        ...settings,
        clientSecret: this.box.seal(clientSecret, oauth2SecretContext(tenantId)),
        clientSecretLast4: last4(clientSecret),
      };
    if (current === null)
      throw validationFailed([
        { path: 'oauth2.clientSecret', message: 'Required: no client secret is set yet' },
      ]);
    return { ...settings, clientSecret: current.clientSecret, clientSecretLast4: current.clientSecretLast4 };
  }

  private async refuseInUse(tenantId: string, mode: AuthMode): Promise<void> {
    const users = await this.providers.usersOf(tenantId, mode);
    if (users.length > 0)
      throw new TollgateError(
        'conflict',
        `Still in ${mode} mode: ${users.join(', ')}. Change their auth mode before removing the provider.`,
        { usedBy: users },
      );
  }
}
