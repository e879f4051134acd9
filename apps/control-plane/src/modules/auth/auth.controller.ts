import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { TollgateError } from '@tollgate/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodPipe } from '../../common/validation.js';
import { AuthPassport } from './auth.passport.js';
import {
  type LoginInput,
  loginInputSchema,
  type SessionOutput,
  type SignupInput,
  type SignupOutput,
  signupInputSchema,
} from './auth.schemas.js';
import { AuthService } from './auth.service.js';
import { requireUser } from './session-user.js';

@Controller('v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly passport: AuthPassport,
  ) {}

  @Post('signup')
  @HttpCode(201)
  async signup(
    @Body(new ZodPipe(signupInputSchema)) body: SignupInput,
    @Req() request: FastifyRequest,
  ): Promise<SignupOutput> {
    const { output, sessionUser } = await this.auth.signup(body);
    await request.logIn(sessionUser);
    return output;
  }

  @Post('login')
  @HttpCode(200)
  async login(
    @Body(new ZodPipe(loginInputSchema)) _body: LoginInput,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionOutput> {
    const user = await this.passport.authenticateLocal(request, reply);
    if (!user) throw new TollgateError('invalid_credentials');
    // logIn regenerates the session id, so a session fixed before sign-in is worthless.
    await request.logIn(user);
    await this.auth.recordLogin(user.id);
    return this.describeOrFail(user.id);
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@Req() request: FastifyRequest): Promise<void> {
    if (request.user) await request.logOut();
  }

  @Get('me')
  async me(@Req() request: FastifyRequest): Promise<SessionOutput> {
    return this.describeOrFail(requireUser(request).id);
  }

  private async describeOrFail(userId: string): Promise<SessionOutput> {
    const described = await this.auth.describe(userId);
    if (!described) throw new TollgateError('unauthenticated');
    return described;
  }
}
