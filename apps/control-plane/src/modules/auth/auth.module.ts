import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { MailModule } from '../../infra/mail/mail.module.js';
import { TokensModule } from '../tokens/tokens.module.js';
import { AuthController } from './auth.controller.js';
import { AuthPassport } from './auth.passport.js';
import { AuthRepository } from './auth.repository.js';
import { AuthService } from './auth.service.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PasswordResetService } from './password-reset.service.js';
import { PasswordResetFlow } from './password-reset-flow.js';
import { PrismaSessionStore } from './prisma-session.store.js';
import { RequestAuthGuard } from './request-auth.guard.js';
import { SessionRepository } from './session.repository.js';

@Module({
  imports: [TokensModule, MailModule],
  controllers: [AuthController],
  providers: [
    AuthService,
    AuthRepository,
    SessionRepository,
    PrismaSessionStore,
    AuthPassport,
    LoginThrottleService,
    PasswordResetFlow,
    PasswordResetService,
    // Every route: bearer access tokens, token scopes and CSRF (see RequestAuthGuard).
    { provide: APP_GUARD, useClass: RequestAuthGuard },
  ],
  exports: [AuthPassport, LoginThrottleService, PasswordResetFlow],
})
export class AuthModule {}
