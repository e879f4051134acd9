import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { TollgateError } from '@tollgate/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Returns } from '../../common/returns.js';
import { ZodPipe } from '../../common/validation.js';
import type { Env } from '../../env.js';
import { ENV } from '../../infra/tokens.js';
import { requestActor } from '../audit/audit-actor.js';
import { CsrfExempt } from './auth.decorators.js';
import { AuthPassport } from './auth.passport.js';
import {
  type CsrfOutput,
  csrfOutputSchema,
  type LoginInput,
  loginInputSchema,
  type PasswordResetConfirm,
  type PasswordResetRequest,
  passwordResetConfirmSchema,
  passwordResetRequestSchema,
  type SessionOutput,
  type SignupInput,
  type SignupOutput,
  sessionOutputSchema,
  signupInputSchema,
  signupOutputSchema,
} from './auth.schemas.js';
import { AuthService } from './auth.service.js';
import { csrfTokenFor } from './csrf.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PasswordResetService } from './password-reset.service.js';
import { requireUser } from './session-user.js';

@Controller('v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly passport: AuthPassport,
    private readonly throttle: LoginThrottleService,
    private readonly passwordReset: PasswordResetService,
    @Inject(ENV) private readonly env: Pick<Env, 'SESSION_SECRET'>,
  ) {}

  @Post('signup')
  @Returns(signupOutputSchema)
  @HttpCode(201)
  @CsrfExempt()
  async signup(
    @Body(new ZodPipe(signupInputSchema)) body: SignupInput,
    @Req() request: FastifyRequest,
  ): Promise<SignupOutput> {
    const { output, sessionUser } = await this.auth.signup(body, requestActor(request, null));
    await request.logIn(sessionUser);
    return output;
  }

  @Post('login')
  @Returns(sessionOutputSchema)
  @HttpCode(200)
  @CsrfExempt()
  async login(
    @Body(new ZodPipe(loginInputSchema)) body: LoginInput,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionOutput> {
    const user = await this.throttle.attempt(body.email, request.ip, reply, () =>
      this.passport.authenticateLocal(request, reply),
    );
    // logIn regenerates the session id, so a session fixed before sign-in is worthless.
    await request.logIn(user);
    await this.auth.recordLogin(user.id);
    return this.describeOrFail(user.id);
  }

  @Post('logout')
  @Returns(null)
  @HttpCode(204)
  async logout(@Req() request: FastifyRequest): Promise<void> {
    // A token call has no session to end.
    if (request.user && request.auth?.kind === 'session') await request.logOut();
  }

  @Get('me')
  @Returns(sessionOutputSchema)
  async me(@Req() request: FastifyRequest): Promise<SessionOutput> {
    return this.describeOrFail(requireUser(request).id);
  }

  /** The CSRF token of the caller's session (it changes with the session id, so fetch it again after sign-in). */
  @Get('csrf')
  @Returns(csrfOutputSchema)
  csrf(@Req() request: FastifyRequest): CsrfOutput {
    requireUser(request);
    if (request.auth?.kind !== 'session')
      throw new TollgateError('unauthenticated', 'CSRF tokens belong to sessions.');
    return { token: csrfTokenFor(request.session.sessionId, this.env.SESSION_SECRET) };
  }

  @Post('password-reset')
  @Returns(null)
  @HttpCode(202)
  @CsrfExempt()
  requestPasswordReset(@Body(new ZodPipe(passwordResetRequestSchema)) body: PasswordResetRequest): void {
    this.passwordReset.request(body.email);
  }

  @Post('password-reset/confirm')
  @Returns(null)
  @HttpCode(204)
  @CsrfExempt()
  async confirmPasswordReset(
    @Body(new ZodPipe(passwordResetConfirmSchema)) body: PasswordResetConfirm,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.passwordReset.confirm(body.token, body.password, requestActor(request, null));
  }

  private async describeOrFail(userId: string): Promise<SessionOutput> {
    const described = await this.auth.describe(userId);
    if (!described) throw new TollgateError('unauthenticated');
    return described;
  }
}
