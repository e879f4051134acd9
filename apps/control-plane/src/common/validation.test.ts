import { TollgateError } from '@tollgate/errors';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseInput } from './validation.js';

describe('parseInput', () => {
  const schema = z.strictObject({ name: z.string().min(1), limits: z.strictObject({ max: z.int() }) });

  it('returns the parsed value', () => {
    expect(parseInput(schema, { name: 'a', limits: { max: 1 } })).toEqual({ name: 'a', limits: { max: 1 } });
  });

  it('throws validation_failed listing every field, unknown ones by their own path', () => {
    try {
      parseInput(schema, { name: '', limits: { max: 1.5, extra: 1 }, other: true });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TollgateError);
      const e = error as TollgateError;
      expect(e.code).toBe('validation_failed');
      const paths = (e.extensions.errors as Array<{ path: string }>).map((x) => x.path).sort();
      expect(paths).toEqual(['limits.extra', 'limits.max', 'name', 'other']);
    }
  });
});
