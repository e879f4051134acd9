import { Inject, Injectable, Logger } from '@nestjs/common';
import { TollgateError } from '@tollgate/errors';
import { hashKey } from '@tollgate/keys';
import { validationFailed } from '../../common/validation.js';
import type { Env } from '../../env.js';
import { ENV } from '../../infra/tokens.js';
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
    @Inject(ENV) private readonly env: Pick<Env, 'KEY_PEPPER'>,
  ) {}

  async create(userId: string, input: CreateTokenInput, now = new Date()): Promise<CreatedTokenOutput> {
    const expiresAt = input.expiresAt === undefined ? null : new Date(input.expiresAt);
    if (expiresAt && expiresAt.getTime() <= now.getTime()) {
      throw validationFailed([{ path: 'expiresAt', message: 'Must be in the future' }]);
    }
    const { token, prefix } = generateAccessToken();
    const row = await this.tokens.create({
      id: newAccessTokenId(),
      userId,
      name: input.name,
      hash: hashKey(token, this.env.KEY_PEPPER),
      prefix,
      scopes: input.scopes,
      expiresAt,
    });
    return { token, data: tokenOutput(row) };
  }

  async list(userId: string): Promise<TokenOutput[]> {
    return (await this.tokens.listForUser(userId)).map(tokenOutput);
  }

  /** Another user's token is 404, like any object the caller cannot see. */
  async revoke(userId: string, tokenId: string): Promise<TokenOutput> {
    const row = await this.tokens.revoke(userId, tokenId, new Date());
    if (!row) throw new TollgateError('not_found');
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
