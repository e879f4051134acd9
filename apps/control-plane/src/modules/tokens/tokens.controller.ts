import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { dataOf, listOf, Returns } from '../../common/returns.js';
import { ZodPipe } from '../../common/validation.js';
import { requestActor } from '../audit/audit-actor.js';
import { SessionOnly } from '../auth/auth.decorators.js';
import { requireUser } from '../auth/session-user.js';
import {
  type CreatedTokenOutput,
  type CreateTokenInput,
  createdTokenOutputSchema,
  createTokenInputSchema,
  type TokenOutput,
  tokenOutputSchema,
} from './tokens.schemas.js';
import { TokensService } from './tokens.service.js';

/** The signed-in user's personal access tokens. Managing tokens needs a session, not a token. */
@Controller('v1/tokens')
@SessionOnly()
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Get()
  @Returns(listOf(tokenOutputSchema))
  async list(@Req() request: FastifyRequest): Promise<{ data: TokenOutput[] }> {
    return { data: await this.tokens.list(requireUser(request).id) };
  }

  @Post()
  @Returns(createdTokenOutputSchema)
  @HttpCode(201)
  create(
    @Body(new ZodPipe(createTokenInputSchema)) body: CreateTokenInput,
    @Req() request: FastifyRequest,
  ): Promise<CreatedTokenOutput> {
    const { id } = requireUser(request);
    return this.tokens.create(id, body, requestActor(request, id));
  }

  @Post(':tokenId/revoke')
  @Returns(dataOf(tokenOutputSchema))
  @HttpCode(200)
  async revoke(
    @Param('tokenId') tokenId: string,
    @Req() request: FastifyRequest,
  ): Promise<{ data: TokenOutput }> {
    const { id } = requireUser(request);
    return { data: await this.tokens.revoke(id, tokenId, requestActor(request, id)) };
  }
}
