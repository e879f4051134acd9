import { Module } from '@nestjs/common';
import { MailModule } from '../../infra/mail/mail.module.js';
import { InvitationsController, MembersController } from './members.controller.js';
import { MembersRepository } from './members.repository.js';
import { MembersService } from './members.service.js';

@Module({
  imports: [MailModule],
  controllers: [MembersController, InvitationsController],
  providers: [MembersService, MembersRepository],
})
export class MembersModule {}
