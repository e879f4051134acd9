import { Inject, Injectable } from '@nestjs/common';
import { newId } from '@tollgate/contracts';
import { TollgateError } from '@tollgate/errors';
import { generateKey, hashKey } from '@tollgate/keys';
import { type FieldError, validationFailed } from '../../common/validation.js';
import type { Env } from '../../env.js';
import { ENV } from '../../infra/tokens.js';
import { AuditLog } from '../audit/audit-log.js';
import { Transactions } from '../audit/transactions.js';
import { KeyIndexProjector } from '../projections/key-index.projector.js';
import type { TenantScope } from '../tenancy/tenant-access.js';
import { type KeyChange, type KeyRow, KeysRepository } from './keys.repository.js';
import type {
  IssuedKeyOutput,
  IssueKeyInput,
  KeyIpRules,
  KeyOutput,
  ListKeysQuery,
  RotatedKeyOutput,
  RotateKeyInput,
  UpdateKeyInput,
} from './keys.schemas.js';

/**
 * Keys of a tenant's consumers. Every change runs in one transaction with its audit event,
 * and the key index (Redis) is written last before the commit: if Redis fails, nothing
 * changes; if the commit fails, the index holds a record that the next change or a rebuild
 * corrects (a hash nobody has the key for, for a new key).
 */
@Injectable()
export class KeysService {
  constructor(
    private readonly keys: KeysRepository,
    private readonly projector: KeyIndexProjector,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
    @Inject(ENV) private readonly env: Pick<Env, 'KEY_PEPPER'>,
  ) {}

  async list(access: TenantScope, query: ListKeysQuery = {}): Promise<KeyOutput[]> {
    return (await this.keys.list(access.tenantId, query)).map(keyOutput);
  }

  /** Issues a key on a subscription. Only its hash and display prefix are stored; the key is returned this once. */
  async issue(access: TenantScope, input: IssueKeyInput): Promise<IssuedKeyOutput> {
    const subscription = await this.keys.findSubscription(access.tenantId, input.subscriptionId);
    if (!subscription)
      throw validationFailed([{ path: 'subscriptionId', message: 'No such subscription in this tenant' }]);
    if (subscription.status === 'canceled')
      throw new TollgateError('conflict', 'The subscription is canceled.');
    const problems = termProblems(subscription.planVersion.apiIds, input);
    if (problems.length > 0) throw validationFailed(problems);

    const { key, prefix } = generateKey(input.environment);
    const row = await this.transactions.run(async () => {
      const created = await this.keys.create({
        id: newId('key'),
        tenantId: access.tenantId,
        consumerId: subscription.consumerId,
        subscriptionId: subscription.id,
        name: input.name,
        hash: hashKey(key, this.env.KEY_PEPPER),
        prefix,
        environment: input.environment,
        scopes: input.scopes,
        expiresAt: input.expiresAt === null ? null : new Date(input.expiresAt),
        ...ipColumns(input.ipRules),
      });
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action: 'key.issued',
        target: { type: 'key', id: created.id },
        after: keySummary(created),
      });
      await this.projector.project(created);
      return created;
    });
    return { key, data: keyOutput(row) };
  }

  /**
   * Changes a key's name, expiry, scopes or IP rules; the gateways apply them at once (the
   * key index entry is rewritten and invalidated). A revoked key cannot change (`conflict`).
   */
  async update(access: TenantScope, keyId: string, input: UpdateKeyInput): Promise<KeyOutput> {
    const row = await this.changeKey(access, keyId, 'key.updated', async (before) => {
      if (before.status === 'revoked') throw new TollgateError('conflict', 'The key is revoked.');
      if (input.scopes !== undefined || input.expiresAt !== undefined) {
        const subscription = await this.keys.findSubscription(access.tenantId, before.subscriptionId);
        const problems = termProblems(subscription?.planVersion.apiIds ?? [], input);
        if (problems.length > 0) throw validationFailed(problems);
      }
      return {
        ...(input.name === undefined ? {} : { name: input.name }),
        ...(input.scopes === undefined ? {} : { scopes: input.scopes }),
        ...(input.expiresAt === undefined
          ? {}
          : { expiresAt: input.expiresAt === null ? null : new Date(input.expiresAt) }),
        ...(input.ipRules === undefined ? {} : ipColumns(input.ipRules)),
      };
    });
    return keyOutput(row);
  }

  /**
   * Issues a successor of a key (same subscription, name, environment, scopes, expiry and IP
   * rules), shown this once, and lets the old key live `graceSeconds` more: the gateway
   * refuses it with `key_expired` after that. The old key is locked, so two rotations do not race.
   */
  async rotate(access: TenantScope, keyId: string, input: RotateKeyInput): Promise<RotatedKeyOutput> {
    const now = new Date();
    const graceEndsAt = new Date(now.getTime() + input.graceSeconds * 1000);
    let key = '';
    const rotated = await this.transactions.run(async () => {
      const current = await this.keys.lock(access.tenantId, keyId);
      if (!current) throw new TollgateError('not_found');
      if (current.status === 'revoked') throw new TollgateError('conflict', 'The key is revoked.');
      if (current.graceEndsAt !== null && current.graceEndsAt <= now)
        throw new TollgateError('conflict', 'The key was rotated and its grace period is over.');
      if (current.subscription.status === 'canceled')
        throw new TollgateError('conflict', 'The subscription is canceled.');
      const generated = generateKey(current.environment);
      key = generated.key;
      const created = await this.keys.create({
        id: newId('key'),
        tenantId: access.tenantId,
        consumerId: current.consumerId,
        subscriptionId: current.subscriptionId,
        name: current.name,
        hash: hashKey(generated.key, this.env.KEY_PEPPER),
        prefix: generated.prefix,
        environment: current.environment,
        scopes: current.scopes,
        expiresAt: current.expiresAt,
        ipAllow: current.ipAllow,
        ipDeny: current.ipDeny,
        rotatedFromId: current.id,
      });
      // An earlier end already set stays.
      const endsAt =
        current.graceEndsAt !== null && current.graceEndsAt < graceEndsAt ? current.graceEndsAt : graceEndsAt;
      const old = await this.keys.update(keyId, { graceEndsAt: endsAt });
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action: 'key.rotated',
        target: { type: 'key', id: keyId },
        before: keySummary(current),
        after: { ...keySummary(old), successorId: created.id, successor: keySummary(created) },
      });
      await this.projector.project(created);
      await this.projector.project(old);
      return { created, old };
    });
    return { key, data: keyOutput(rotated.created), previous: keyOutput(rotated.old) };
  }

  /** Revokes at once: the index entry turns `revoked` and every gateway drops its cached copy. Revoking again changes nothing. */
  async revoke(access: TenantScope, keyId: string): Promise<KeyOutput> {
    const row = await this.changeKey(access, keyId, 'key.revoked', (before) =>
      before.status === 'revoked' ? null : { status: 'revoked', revokedAt: new Date() },
    );
    return keyOutput(row);
  }

  /**
   * In one transaction: locks the tenant's key (`not_found` without one), applies what `change`
   * returns (null: nothing to change), records `action` and rewrites the key index entry.
   */
  private changeKey(
    access: TenantScope,
    keyId: string,
    action: 'key.updated' | 'key.revoked',
    change: (before: KeyRow) => KeyChange | null | Promise<KeyChange | null>,
  ): Promise<KeyRow> {
    return this.transactions.run(async () => {
      const before = await this.keys.lock(access.tenantId, keyId);
      if (!before) throw new TollgateError('not_found');
      const data = await change(before);
      if (data === null) return before;
      const after = await this.keys.update(keyId, data);
      await this.audit.record({
        tenantId: access.tenantId,
        actor: access.actor,
        action,
        target: { type: 'key', id: keyId },
        before: keySummary(before),
        after: keySummary(after),
      });
      await this.projector.project(after);
      return after;
    });
  }
}

/** Scopes outside the plan's APIs and an expiry in the past, as field errors. */
function termProblems(
  planApiIds: string[],
  input: { scopes?: string[]; expiresAt?: string | null },
): FieldError[] {
  const planApis = new Set(planApiIds);
  const problems = (input.scopes ?? []).flatMap((id, index) =>
    planApis.has(id) ? [] : [{ path: `scopes.${index}`, message: "Not an API of the subscription's plan" }],
  );
  if (input.expiresAt != null && new Date(input.expiresAt).getTime() <= Date.now())
    problems.push({ path: 'expiresAt', message: 'Must be in the future' });
  return problems;
}

function ipColumns(rules: KeyIpRules | null): { ipAllow: string[]; ipDeny: string[] } {
  return { ipAllow: [...new Set(rules?.allow ?? [])], ipDeny: [...new Set(rules?.deny ?? [])] };
}

function ipRulesOutput(k: KeyRow): KeyOutput['ipRules'] {
  return k.ipAllow.length + k.ipDeny.length === 0 ? null : { allow: k.ipAllow, deny: k.ipDeny };
}

/** What the audit log keeps of a key: never the key nor its hash. */
function keySummary(k: KeyRow) {
  return {
    name: k.name,
    prefix: k.prefix,
    environment: k.environment,
    status: k.status,
    subscriptionId: k.subscriptionId,
    scopes: k.scopes,
    expiresAt: k.expiresAt?.toISOString() ?? null,
    graceEndsAt: k.graceEndsAt?.toISOString() ?? null,
    ipRules: ipRulesOutput(k),
  };
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
    ipRules: ipRulesOutput(k),
    graceEndsAt: k.graceEndsAt?.toISOString() ?? null,
    rotatedFromId: k.rotatedFromId,
    createdAt: k.createdAt.toISOString(),
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}
