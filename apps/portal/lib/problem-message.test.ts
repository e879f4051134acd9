import { describe, expect, it } from 'vitest';
import { ApiError } from './api-client';
import { fieldLabel, problemMessage } from './problem-message';

describe('problemMessage', () => {
  it('problem.validation: the console’s words, then one line per invalid field', () => {
    const error = new ApiError(422, {
      code: 'validation_failed',
      title: 'Invalid input',
      detail: 'Some fields of the request are missing or invalid; `errors` lists each one.',
      requestId: 'req_1',
      errors: [
        { path: 'email', message: 'Invalid email address' },
        { path: 'expiresAt', message: 'Must be in the future' },
      ],
    } as never);
    const message = problemMessage(error);
    expect(message.title).toBe('Please check the form');
    expect(message.detail).not.toContain('`errors`');
    expect(message.items).toEqual(['Email: Invalid email address', 'Expires at: Must be in the future']);
    expect(message.requestId).toBe('req_1');
  });

  it('problem.release: error problems are listed, warnings are not', () => {
    const error = new ApiError(422, {
      code: 'invalid_release',
      problems: [
        { check: 'upstream', severity: 'error', path: 'apis.0', message: 'Echo API has no upstream' },
        { check: 'cors', severity: 'warning', path: '', message: 'CORS allows every origin' },
      ],
    } as never);
    expect(problemMessage(error).items).toEqual(['Echo API has no upstream']);
  });

  it('problem.server-detail: codes without console words keep the server’s title and detail', () => {
    const error = new ApiError(409, {
      code: 'conflict',
      title: 'Conflict',
      detail: 'This address already belongs to a member of the tenant.',
    });
    expect(problemMessage(error)).toMatchObject({
      title: 'Conflict',
      detail: 'This address already belongs to a member of the tenant.',
      items: [],
    });
  });

  it('problem.no-body: the status decides, and anything else is a generic retry', () => {
    expect(problemMessage(new ApiError(0, {})).title).toBe('The portal could not be reached');
    expect(problemMessage(new ApiError(403, {})).title).toBe('Not allowed');
    expect(problemMessage(new ApiError(502, {})).title).toBe('Something went wrong');
    expect(problemMessage(new TypeError('x')).title).toBe('Something went wrong');
  });

  it('problem.csrf: asks for a reload instead of naming a header', () => {
    const message = problemMessage(new ApiError(403, { code: 'csrf_failed', detail: 'X-CSRF-Token …' }));
    expect(message.detail).not.toContain('X-CSRF-Token');
  });
});

describe('fieldLabel', () => {
  it('label.words: camelCase and dotted paths read as words', () => {
    expect(fieldLabel('rateLimit.limit')).toBe('Rate limit · limit');
    expect(fieldLabel('')).toBe('Input');
  });
});
