import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller.js';
import { AuthPassport } from './auth.passport.js';
import { AuthRepository } from './auth.repository.js';
import { AuthService } from './auth.service.js';
import { PrismaSessionStore } from './prisma-session.store.js';
import { SessionRepository } from './session.repository.js';

@Module({
  controllers: [AuthController],
  providers: [AuthService, AuthRepository, SessionRepository, PrismaSessionStore, AuthPassport],
  exports: [AuthPassport],
})
export class AuthModule {}
