import { describe, expect, it } from 'vitest';
import { catalog, errorCodes } from './catalog.js';
import {
  errorDocsBaseUrl,
  isTollgateError,
  problemContentType,
  problemFromError,
  TollgateError,
  toProblem,
} from './problem.js';

const requestId = 'req_0123456789abcdefghjkmnpqrs';

describe('toProblem', () => {
  it('shape.ok: RFC 9457 members plus code, requestId and layer for every code', () => {
    for (const code of errorCodes) {
      const problem = toProblem(code, requestId);
      expect(problem).toEqual({
        type: `${errorDocsBaseUrl}${code}`,
        title: catalog[code].title,
        status: catalog[code].status,
        detail: catalog[code].description,
        code,
        requestId,
        layer: catalog[code].layer,
      });
      expect(() => new URL(problem.type)).not.toThrow();
    }
  });

  it('detail.ok: an explicit detail replaces the description', () => {
    expect(toProblem('rate_limited', requestId, 'Slow down').detail).toBe('Slow down');
  });

  it('extensions.ok: extra members are kept', () => {
    const problem = toProblem('validation_failed', requestId, undefined, {
      errors: [{ path: 'email', message: 'required' }],
    });
    expect(problem.errors).toEqual([{ path: 'email', message: 'required' }]);
    expect(problem.code).toBe('validation_failed');
  });

  it('extensions.invalid: cannot override the standard members', () => {
    const problem = toProblem('rate_limited', requestId, undefined, {
      type: 'https://evil.example',
      status: 200,
      title: 'fine',
      code: 'internal_error',
      requestId: 'other',
      layer: 'platform',
    });
    expect(problem.type).toBe(`${errorDocsBaseUrl}rate_limited`);
    expect(problem.status).toBe(429);
    expect(problem.title).toBe(catalog.rate_limited.title);
    expect(problem.code).toBe('rate_limited');
    expect(problem.requestId).toBe(requestId);
    expect(problem.layer).toBe('limit');
  });

  it('json.ok: serialises to plain JSON', () => {
    const problem = toProblem('invalid_key', requestId);
    expect(JSON.parse(JSON.stringify(problem))).toEqual(problem);
  });

  it('content-type.ok: is application/problem+json', () => {
    expect(problemContentType).toBe('application/problem+json');
  });
});

describe('TollgateError', () => {
  it('ok: carries code, status, entry and extensions', () => {
    const error = new TollgateError('quota_exceeded', undefined, { resetAt: '2026-12-01T00:00:00Z' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('TollgateError');
    expect(error.code).toBe('quota_exceeded');
    expect(error.status).toBe(429);
    expect(error.entry).toBe(catalog.quota_exceeded);
    expect(error.message).toBe(catalog.quota_exceeded.description);
    expect(error.extensions).toEqual({ resetAt: '2026-12-01T00:00:00Z' });
    expect(isTollgateError(error)).toBe(true);
  });

  it('detail.ok: an explicit detail becomes the message', () => {
    expect(new TollgateError('not_found', 'No such plan').message).toBe('No such plan');
  });

  it('guard.invalid: look-alikes are not TollgateErrors', () => {
    expect(isTollgateError(new Error('x'))).toBe(false);
    expect(isTollgateError({ code: 'invalid_key', status: 401 })).toBe(false);
    expect(isTollgateError(null)).toBe(false);
  });
});

describe('problemFromError', () => {
  it('tollgate.ok: a TollgateError keeps its code, detail and extensions', () => {
    const error = new TollgateError('rate_limited', 'Retry in 3 s', { retryAfterSeconds: 3 });
    const problem = problemFromError(error, requestId);
    expect(problem.code).toBe('rate_limited');
    expect(problem.status).toBe(429);
    expect(problem.detail).toBe('Retry in 3 s');
    expect(problem.retryAfterSeconds).toBe(3);
    expect(problem.requestId).toBe(requestId);
  });

  it('unknown.internal_error: anything else becomes internal_error and never leaks the message', () => {
    const secret = 'password=hunter2 at db.internal:5432';
    const thrown: unknown[] = [
      new Error(secret),
      new TypeError(secret),
      Object.assign(new Error(secret), { code: 'invalid_key', status: 401, extensions: { secret } }),
      { code: 'rate_limited', message: secret, status: 429 },
      secret,
      undefined,
      null,
      42,
    ];
    for (const value of thrown) {
      const problem = problemFromError(value, requestId);
      expect(problem).toEqual(toProblem('internal_error', requestId));
      expect(problem.status).toBe(500);
      expect(JSON.stringify(problem)).not.toContain('hunter2');
    }
  });
});
