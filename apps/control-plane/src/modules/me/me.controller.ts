import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { dataOf, listOf, Returns } from '../../common/returns.js';
import { ZodPipe } from '../../common/validation.js';
import type { Env } from '../../env.js';
import { ENV } from '../../infra/tokens.js';
import { type AlertOutput, alertOutputSchema } from '../alerts/alerts.schemas.js';
import { AlertsService } from '../alerts/alerts.service.js';
import { type CsrfOutput, csrfOutputSchema } from '../auth/auth.schemas.js';
import { csrfTokenFor } from '../auth/csrf.js';
import { PortalSession } from '../consumer-accounts/consumer.guard.js';
import {
  type ConsumerSessionOutput,
  consumerSessionOutputSchema,
} from '../consumer-accounts/consumer-accounts.schemas.js';
import { type ConsumerPrincipal, CurrentConsumer } from '../consumer-accounts/consumer-session.js';
import {
  type IssuedKeyOutput,
  issuedKeyOutputSchema,
  type KeyOutput,
  keyOutputSchema,
  type RotatedKeyOutput,
  type RotateKeyInput,
  rotatedKeyOutputSchema,
  rotateKeyInputSchema,
} from '../keys/keys.schemas.js';
import {
  type UsageQuery,
  type UsageResult,
  usageCsvSchema,
  usageQuerySchema,
  usageResultSchema,
} from '../usage/usage.schemas.js';
import { usageAnswer } from '../usage/usage-csv.js';
import {
  type MeChangePlanInput,
  type MeIssueKeyInput,
  type MeSubscriptionOutput,
  meChangePlanInputSchema,
  meIssueKeyInputSchema,
  meSubscriptionOutputSchema,
} from './me.schemas.js';
import { MeService } from './me.service.js';

/**
 * A developer-portal consumer's own account, subscription, keys and usage. Only a consumer
 * session passes `ConsumerGuard`; another consumer's key id is 404.
 */
@Controller('v1/me')
@PortalSession()
export class MeController {
  constructor(
    private readonly me: MeService,
    private readonly alerts: AlertsService,
    @Inject(ENV) private readonly env: Pick<Env, 'SESSION_SECRET'>,
  ) {}

  @Get()
  @Returns(consumerSessionOutputSchema)
  describe(@CurrentConsumer() consumer: ConsumerPrincipal): Promise<ConsumerSessionOutput> {
    return this.me.describe(consumer);
  }

  /** The CSRF token of the caller's portal session (send it as `X-CSRF-Token` on changes; it changes at sign-in). */
  @Get('csrf')
  @Returns(csrfOutputSchema)
  csrf(@Req() request: FastifyRequest): CsrfOutput {
    return { token: csrfTokenFor(request.session.sessionId, this.env.SESSION_SECRET) };
  }

  @Get('subscription')
  @Returns(dataOf(meSubscriptionOutputSchema.nullable()))
  async subscription(
    @CurrentConsumer() consumer: ConsumerPrincipal,
  ): Promise<{ data: MeSubscriptionOutput | null }> {
    return { data: await this.me.subscription(consumer) };
  }

  /**
   * Moves the caller's current subscription to another public plan of this portal (its current
   * terms). Its keys keep working where the new plan covers their API and get its limits at once;
   * calls already counted this period stay counted against the new quota.
   */
  @Post('subscription/plan')
  @Returns(dataOf(meSubscriptionOutputSchema))
  @HttpCode(200)
  async changePlan(
    @CurrentConsumer() consumer: ConsumerPrincipal,
    @Body(new ZodPipe(meChangePlanInputSchema)) body: MeChangePlanInput,
  ): Promise<{ data: MeSubscriptionOutput }> {
    return { data: await this.me.changePlan(consumer, body) };
  }

  /** The caller's unresolved usage alerts (a quota threshold reached this period): the portal shows a banner while any. */
  @Get('alerts')
  @Returns(listOf(alertOutputSchema))
  async activeAlerts(@CurrentConsumer() consumer: ConsumerPrincipal): Promise<{ data: AlertOutput[] }> {
    return { data: await this.alerts.activeAlertsFor(consumer.consumerId) };
  }

  @Get('keys')
  @Returns(listOf(keyOutputSchema))
  async listKeys(@CurrentConsumer() consumer: ConsumerPrincipal): Promise<{ data: KeyOutput[] }> {
    return { data: await this.me.listKeys(consumer) };
  }

  /** Issues a key on one of the caller's subscriptions; the key is in this answer only. */
  @Post('keys')
  @Returns(issuedKeyOutputSchema)
  @HttpCode(201)
  issueKey(
    @CurrentConsumer() consumer: ConsumerPrincipal,
    @Body(new ZodPipe(meIssueKeyInputSchema)) body: MeIssueKeyInput,
  ): Promise<IssuedKeyOutput> {
    return this.me.issueKey(consumer, body);
  }

  @Post('keys/:keyId/rotate')
  @Returns(rotatedKeyOutputSchema)
  @HttpCode(201)
  rotateKey(
    @CurrentConsumer() consumer: ConsumerPrincipal,
    @Param('keyId') keyId: string,
    @Body(new ZodPipe(rotateKeyInputSchema)) body: RotateKeyInput,
  ): Promise<RotatedKeyOutput> {
    return this.me.rotateKey(consumer, keyId, body);
  }

  /** Revokes at once: every gateway refuses the key within a second. */
  @Delete('keys/:keyId')
  @Returns(dataOf(keyOutputSchema))
  @HttpCode(200)
  async revokeKey(
    @CurrentConsumer() consumer: ConsumerPrincipal,
    @Param('keyId') keyId: string,
  ): Promise<{ data: KeyOutput }> {
    return { data: await this.me.revokeKey(consumer, keyId) };
  }

  /** The usage of the caller's own keys, as the provider's usage query answers it (JSON or CSV). */
  @Get('usage')
  @Returns({ 'application/json': usageResultSchema, 'text/csv': usageCsvSchema })
  async usage(
    @CurrentConsumer() consumer: ConsumerPrincipal,
    @Query(new ZodPipe(usageQuerySchema)) query: UsageQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UsageResult | string> {
    const result = await this.me.usageOf(consumer, query);
    return usageAnswer(result, { format: query.format, accept }, reply, 'usage');
  }
}
