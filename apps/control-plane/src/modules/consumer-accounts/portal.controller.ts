import { Body, Controller, Get, HttpCode, Param, Post, Req, Res, SetMetadata } from '@nestjs/common';
import { TollgateError } from '@tollgate/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { listOf, Returns } from '../../common/returns.js';
import { ZodPipe } from '../../common/validation.js';
import { requestActor } from '../audit/audit-actor.js';
import { CsrfExempt } from '../auth/auth.decorators.js';
import {
  type PasswordResetConfirm,
  type PasswordResetRequest,
  passwordResetConfirmSchema,
  passwordResetRequestSchema,
} from '../auth/auth.schemas.js';
import { LoginThrottleService } from '../auth/login-throttle.service.js';
import { publicRouteKey } from '../openapi/openapi.document.js';
import { PortalSession } from './consumer.guard.js';
import {
  type ConsumerLoginInput,
  type ConsumerSessionOutput,
  type ConsumerSignupInput,
  type ConsumerSignupOutput,
  consumerLoginInputSchema,
  consumerSessionOutputSchema,
  consumerSignupInputSchema,
  consumerSignupOutputSchema,
  type PortalPlanOutput,
  portalPlanOutputSchema,
  portalSlugSchema,
} from './consumer-accounts.schemas.js';
import { ConsumerAccountsService } from './consumer-accounts.service.js';
import { ConsumerPasswordResetService } from './consumer-password-reset.service.js';
import {
  type ConsumerPrincipal,
  CurrentConsumer,
  consumerActor,
  endConsumerSession,
  startConsumerSession,
} from './consumer-session.js';
import { PortalPlansService } from './portal-plans.service.js';

/**
 * Sign-up and sign-in on a tenant's developer portal (`/v1/portal/:tenantSlug/...`), and the plans
 * it offers. The account belongs to that tenant only; its session works on `/v1/me/...` and nowhere else.
 */
@Controller('v1/portal/:tenantSlug')
export class PortalController {
  constructor(
    private readonly accounts: ConsumerAccountsService,
    private readonly throttle: LoginThrottleService,
    private readonly plans: PortalPlansService,
    private readonly passwordReset: ConsumerPasswordResetService,
  ) {}

  /** The plans a developer can choose here (public, unarchived) with their current terms; no sign-in needed. */
  @Get('plans')
  @Returns(listOf(portalPlanOutputSchema))
  @SetMetadata(publicRouteKey, true)
  async listPlans(
    @Param('tenantSlug', new ZodPipe(portalSlugSchema)) slug: string,
  ): Promise<{ data: PortalPlanOutput[] }> {
    return { data: await this.plans.list(slug) };
  }

  @Post('signup')
  @Returns(consumerSignupOutputSchema)
  @HttpCode(201)
  @CsrfExempt()
  async signup(
    @Param('tenantSlug', new ZodPipe(portalSlugSchema)) slug: string,
    @Body(new ZodPipe(consumerSignupInputSchema)) body: ConsumerSignupInput,
    @Req() request: FastifyRequest,
  ): Promise<ConsumerSignupOutput> {
    const { accountId, output } = await this.accounts.signup(slug, body, (id) => consumerActor(request, id));
    await startConsumerSession(request, accountId);
    return output;
  }

  @Post('login')
  @Returns(consumerSessionOutputSchema)
  @HttpCode(200)
  @CsrfExempt()
  async login(
    @Param('tenantSlug', new ZodPipe(portalSlugSchema)) slug: string,
    @Body(new ZodPipe(consumerLoginInputSchema)) body: ConsumerLoginInput,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ConsumerSessionOutput> {
    const tenant = await this.accounts.portalTenant(slug);
    // The same email is a different account on another tenant's portal, so it has its own counter.
    const accountId = await this.throttle.attempt(`${tenant.id}/${body.email}`, request.ip, reply, () =>
      this.accounts.verifyCredentials(tenant.id, body.email, body.password),
    );
    await startConsumerSession(request, accountId);
    await this.accounts.recordLogin(accountId, tenant.id, consumerActor(request, accountId));
    return this.accounts.describe(accountId);
  }

  /** Ends the caller's session on this portal; another tenant's portal answers 404. */
  @Post('logout')
  @Returns(null)
  @HttpCode(204)
  @PortalSession()
  async logout(
    @Param('tenantSlug', new ZodPipe(portalSlugSchema)) slug: string,
    @CurrentConsumer() consumer: ConsumerPrincipal,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    const tenant = await this.accounts.portalTenant(slug);
    if (tenant.id !== consumer.tenantId) throw new TollgateError('not_found');
    await endConsumerSession(request);
  }

  /** 202 whether or not the email has an account on this portal; the link is mailed when it has. */
  @Post('password-reset')
  @Returns(null)
  @HttpCode(202)
  @CsrfExempt()
  async requestPasswordReset(
    @Param('tenantSlug', new ZodPipe(portalSlugSchema)) slug: string,
    @Body(new ZodPipe(passwordResetRequestSchema)) body: PasswordResetRequest,
  ): Promise<void> {
    await this.passwordReset.request(slug, body.email);
  }

  @Post('password-reset/confirm')
  @Returns(null)
  @HttpCode(204)
  @CsrfExempt()
  async confirmPasswordReset(
    @Param('tenantSlug', new ZodPipe(portalSlugSchema)) slug: string,
    @Body(new ZodPipe(passwordResetConfirmSchema)) body: PasswordResetConfirm,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.passwordReset.confirm(slug, body.token, body.password, requestActor(request, null));
  }
}
