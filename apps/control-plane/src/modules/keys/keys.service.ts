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
import type {
  IssuedKeyOutput,
  IssueKeyInput,
  KeyOutput,
  ListKeysQuery,
  RotatedKeyOutput,
  RotateKeyInput,
} from './keys.schemas.js';

@Injectable()
export class KeysService {
  constructor(
    private readonly keys: KeysRepository,
    private readonly projector: KeyIndexProjector,
    @Inject(ENV) private readonly env: Pick<Env, 'KEY_PEPPER'>,
  ) {}

  async list(access: TenantAccess, query: ListKeysQuery = {}): Promise<KeyOutput[]> {
    return (await this.keys.list(access.tenantId, query.prefix)).map(keyOutput);
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
    const planApis = new Set(subscription.planVersion.apiIds);
    const outside = input.scopes.flatMap((id, index) =>
      planApis.has(id) ? [] : [{ path: `scopes.${index}`, message: "Not an API of the subscription's plan" }],
    );
    const expiresAt = input.expiresAt === null ? null : new Date(input.expiresAt);
    if (expiresAt !== null && expiresAt.getTime() <= Date.now())
      outside.push({ path: 'expiresAt', message: 'Must be in the future' });
    if (outside.length > 0) throw validationFailed(outside);

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
        scopes: input.scopes,
        expiresAt,
      },
      (created) => this.projector.project(created),
    );
    return { key, data: keyOutput(row) };
  }

  /**
   * Issues a successor of a key (same subscription, name, environment, scopes and expiry),
   * shown this once, and lets the old key live `graceSeconds` more: the gateway refuses it
   * with `key_expired` after that. Both records are projected before the change commits.
   */
  async rotate(access: TenantAccess, keyId: string, input: RotateKeyInput): Promise<RotatedKeyOutput> {
    const now = new Date();
    let key = '';
    const rotated = await this.keys.rotate(
      access.tenantId,
      keyId,
      new Date(now.getTime() + input.graceSeconds * 1000),
      (old) => {
        if (old.status === 'revoked') throw new TollgateError('conflict', 'The key is revoked.');
        if (old.graceEndsAt !== null && old.graceEndsAt <= now)
          throw new TollgateError('conflict', 'The key was rotated and its grace period is over.');
        if (old.subscription.status === 'canceled')
          throw new TollgateError('conflict', 'The subscription is canceled.');
        const generated = generateKey(old.environment);
        key = generated.key;
        return {
          id: newId('key'),
          tenantId: access.tenantId,
          consumerId: old.consumerId,
          subscriptionId: old.subscriptionId,
          name: old.name,
          hash: hashKey(generated.key, this.env.KEY_PEPPER),
          prefix: generated.prefix,
          environment: old.environment,
          scopes: old.scopes,
          expiresAt: old.expiresAt,
          rotatedFromId: old.id,
        };
      },
      async (created, old) => {
        await this.projector.project(created);
        await this.projector.project(old);
      },
    );
    if (!rotated) throw new TollgateError('not_found');
    return { key, data: keyOutput(rotated.created), previous: keyOutput(rotated.old) };
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
    scopes: k.scopes,
    expiresAt: k.expiresAt?.toISOString() ?? null,
    graceEndsAt: k.graceEndsAt?.toISOString() ?? null,
    rotatedFromId: k.rotatedFromId,
    createdAt: k.createdAt.toISOString(),
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}
