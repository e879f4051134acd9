import { Inject, Injectable, Logger } from '@nestjs/common';
import { TollgateError } from '@tollgate/errors';
import { hashKey } from '@tollgate/keys';
import { validationFailed } from '../../common/validation.js';
import type { Env } from '../../env.js';
import { ENV } from '../../infra/tokens.js';
import type { AuditActor } from '../audit/audit-actor.js';
import { AuditLog } from '../audit/audit-log.js';
import { Transactions } from '../audit/transactions.js';
import type { SessionUser } from '../auth/session-user.js';
import { generateAccessToken, isAccessToken, newAccessTokenId } from './access-token.js';
import { type TokenRow, TokensRepository } from './tokens.repository.js';
import type { CreatedTokenOutput, CreateTokenInput, TokenOutput, TokenScope } from './tokens.schemas.js';

/** Who a valid personal access token acts as, and what it may do. */
export interface TokenPrincipal {
  tokenId: string;
  user: SessionUser;
  scopes: TokenScope[];
}

/** `lastUsedAt` is refreshed at most this often, so token use does not write on every request. */
const touchIntervalMs = 60_000;

@Injectable()
export class TokensService {
  private readonly log = new Logger(TokensService.name);

  constructor(
    private readonly tokens: TokensRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
    @Inject(ENV) private readonly env: Pick<Env, 'KEY_PEPPER'>,
  ) {}

  /** Tokens belong to a user, not a tenant: their audit events have no tenant. */
  async create(
    userId: string,
    input: CreateTokenInput,
    actor: AuditActor,
    now = new Date(),
  ): Promise<CreatedTokenOutput> {
    const expiresAt = input.expiresAt === undefined ? null : new Date(input.expiresAt);
    if (expiresAt && expiresAt.getTime() <= now.getTime()) {
      throw validationFailed([{ path: 'expiresAt', message: 'Must be in the future' }]);
    }
    const { token, prefix } = generateAccessToken();
    const row = await this.transactions.run(async () => {
      const created = await this.tokens.create({
        id: newAccessTokenId(),
        userId,
        name: input.name,
        hash: hashKey(token, this.env.KEY_PEPPER),
        prefix,
        scopes: input.scopes,
        expiresAt,
      });
      await this.audit.record({
        tenantId: null,
        actor,
        action: 'token.created',
        target: { type: 'personal_access_token', id: created.id },
        after: tokenSummary(created),
      });
      return created;
    });
    return { token, data: tokenOutput(row) };
  }

  async list(userId: string): Promise<TokenOutput[]> {
    return (await this.tokens.listForUser(userId)).map(tokenOutput);
  }

  /** Another user's token is 404, like any object the caller cannot see. */
  async revoke(userId: string, tokenId: string, actor: AuditActor): Promise<TokenOutput> {
    const row = await this.transactions.run(async () => {
      const result = await this.tokens.revoke(userId, tokenId, new Date());
      if (!result) throw new TollgateError('not_found');
      if (result.revoked)
        await this.audit.record({
          tenantId: null,
          actor,
          action: 'token.revoked',
          target: { type: 'personal_access_token', id: tokenId },
          after: tokenSummary(result.row),
        });
      return result.row;
    });
    return tokenOutput(row);
  }

  /** The principal of a live token; null for anything malformed, unknown, revoked or expired. */
  async authenticate(token: string, now = new Date()): Promise<TokenPrincipal | null> {
    if (!isAccessToken(token)) return null;
    const row = await this.tokens.findByHash(hashKey(token, this.env.KEY_PEPPER));
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now.getTime())) return null;
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > touchIntervalMs) {
      this.tokens
        .touch(row.id, now)
        .catch((error: unknown) => this.log.warn({ err: error }, 'token lastUsedAt not saved'));
    }
    return { tokenId: row.id, user: row.user, scopes: row.scopes as TokenScope[] };
  }
}

function tokenSummary(row: TokenRow) {
  return {
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

function tokenOutput(row: TokenRow): TokenOutput {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes as TokenScope[],
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
