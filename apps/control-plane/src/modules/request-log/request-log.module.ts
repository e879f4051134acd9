import { Module } from '@nestjs/common';
import { RequestLogController } from './request-log.controller.js';
import { RequestLogRepository } from './request-log.repository.js';
import { RequestLogService } from './request-log.service.js';

/** The request log, read: support lookups by request id, the denial review, sample request ids. */
@Module({ controllers: [RequestLogController], providers: [RequestLogService, RequestLogRepository] })
export class RequestLogModule {}
