import { NotFoundException } from '@nestjs/common';
import { TollgateError } from '@tollgate/errors';
import type { FastifyBaseLogger } from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import { problemForRequest } from './problem.js';

function fakeLog() {
  return { error: vi.fn() } as unknown as FastifyBaseLogger & { error: ReturnType<typeof vi.fn> };
}

describe('problemForRequest', () => {
  it('keeps a catalog error, its detail and extensions', () => {
    const problem = problemForRequest(
      new TollgateError('validation_failed', 'Nope', { errors: [{ path: 'a', message: 'b' }] }),
      'req_1',
      fakeLog(),
    );
    expect(problem).toMatchObject({
      status: 422,
      code: 'validation_failed',
      detail: 'Nope',
      requestId: 'req_1',
    });
    expect(problem.errors).toEqual([{ path: 'a', message: 'b' }]);
  });

  it('turns an unknown error into a generic internal_error and logs the cause only', () => {
    const log = fakeLog();
    const cause = new Error('connection string postgres://secret@db leaked');
    const problem = problemForRequest(cause, 'req_2', log);
    expect(problem).toMatchObject({ status: 500, code: 'internal_error' });
    expect(JSON.stringify(problem)).not.toContain('secret');
    expect(log.error).toHaveBeenCalledWith({ err: cause }, 'request failed');
  });

  it("maps Fastify's malformed-body errors to bad_request and Nest's 404 to not_found", () => {
    const syntax = Object.assign(new SyntaxError('Unexpected end of JSON input'), { statusCode: 400 });
    expect(problemForRequest(syntax, 'req_3', fakeLog())).toMatchObject({ status: 400, code: 'bad_request' });
    const media = Object.assign(new Error('Unsupported Media Type'), { statusCode: 415 });
    expect(problemForRequest(media, 'req_4', fakeLog())).toMatchObject({ status: 400, code: 'bad_request' });
    expect(problemForRequest(new NotFoundException(), 'req_5', fakeLog())).toMatchObject({
      status: 404,
      code: 'not_found',
    });
  });
});
