import { Inject, Injectable } from '@nestjs/common';
import { newId } from '@tollgate/contracts';
import { TollgateError } from '@tollgate/errors';
import { generateKey, hashKey } from '@tollgate/keys';
import { validationFailed } from '../../common/validation.js';
import type { Env } from '../../env.js';
import { ENV } from '../../infra/tokens.js';
import { KeyIndexProjector } from '../projections/key-index.projector.js';
import type { TenantAccess } from '../tenancy/tenant-access.js';
import { type KeyRow, KeysRepository } from './keys.repository.js';
import type { IssuedKeyOutput, IssueKeyInput, KeyOutput } from './keys.schemas.js';

@Injectable()
export class KeysService {
  constructor(
    private readonly keys: KeysRepository,
    private readonly projector: KeyIndexProjector,
    @Inject(ENV) private readonly env: Pick<Env, 'KEY_PEPPER'>,
  ) {}

  async list(access: TenantAccess): Promise<KeyOutput[]> {
    return (await this.keys.list(access.tenantId)).map(keyOutput);
  }

  /**
   * Issues a key on a subscription. Only its hash and display prefix are stored; the key is
   * returned this once. The key index is written before the row commits: if Redis fails, no
   * key exists; if the commit fails, the index holds a hash nobody has the key for.
   */
  async issue(access: TenantAccess, input: IssueKeyInput): Promise<IssuedKeyOutput> {
    const subscription = await this.keys.findSubscription(access.tenantId, input.subscriptionId);
    if (!subscription)
      throw validationFailed([{ path: 'subscriptionId', message: 'No such subscription in this tenant' }]);
    if (subscription.status === 'canceled')
      throw new TollgateError('conflict', 'The subscription is canceled.');

    const { key, prefix } = generateKey(input.environment);
    const row = await this.keys.create(
      {
        id: newId('key'),
        tenantId: access.tenantId,
        consumerId: subscription.consumerId,
        subscriptionId: subscription.id,
        name: input.name,
        hash: hashKey(key, this.env.KEY_PEPPER),
        prefix,
        environment: input.environment,
      },
      (created) => this.projector.project(created),
    );
    return { key, data: keyOutput(row) };
  }

  /** Revokes at once: the index entry turns `revoked` and every gateway drops its cached copy. */
  async revoke(access: TenantAccess, keyId: string): Promise<KeyOutput> {
    const row = await this.keys.revoke(access.tenantId, keyId, new Date(), (revoked) =>
      this.projector.project(revoked),
    );
    if (!row) throw new TollgateError('not_found');
    return keyOutput(row);
  }
}

function keyOutput(k: KeyRow): KeyOutput {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    environment: k.environment,
    status: k.status,
    consumerId: k.consumerId,
    subscriptionId: k.subscriptionId,
    createdAt: k.createdAt.toISOString(),
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}
