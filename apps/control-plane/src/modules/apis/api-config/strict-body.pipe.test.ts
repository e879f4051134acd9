import { routePoliciesSchema } from '@tollgate/contracts';
import { describe, expect, it } from 'vitest';
import { droppedFields } from './strict-body.pipe.js';

describe('droppedFields', () => {
  const parse = (input: unknown) => droppedFields(input, routePoliciesSchema.parse(input));

  it('strict.ok: known fields, defaults and header names (record keys) are not reported', () => {
    expect(parse({ cors: { allowedOrigins: ['*'] }, requestHeaders: { set: { 'X-Team': 'a' } } })).toEqual(
      [],
    );
  });

  it('strict.unknown: unknown keys at any depth are named by their path', () => {
    expect(
      parse({
        cors: { allowedOrigins: ['*'], origin: 'x' },
        cache: { ttlSeconds: 5, tll: 1 },
        rewrite: undefined,
      }),
    ).toEqual(['cors.origin', 'cache.tll']);
  });
});
