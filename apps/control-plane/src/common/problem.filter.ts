import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { problemContentType } from '@tollgate/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problemForRequest } from './problem.js';

/** The app's one exception filter: every error answer is `application/problem+json`. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = problemForRequest(exception, request.id, request.log);
    if (reply.sent) return;
    void reply
      .status(problem.status)
      .header('content-type', problemContentType)
      .send(JSON.stringify(problem));
  }
}
