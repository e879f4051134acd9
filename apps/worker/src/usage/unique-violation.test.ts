import { describe, expect, it } from 'vitest';
import { isUniqueViolationOn } from './unique-violation.js';

// The shape Prisma 7 (adapter-pg) throws for a raw INSERT hitting a primary key, captured on this stack.
const rawViolation = {
  name: 'PrismaClientKnownRequestError',
  code: 'P2010',
  meta: {
    driverAdapterError: {
      name: 'DriverAdapterError',
      cause: {
        originalCode: '23505',
        kind: 'UniqueConstraintViolation',
        constraint: { index: 'processed_batches_pkey' },
        table: 'processed_batches',
      },
    },
  },
};

describe('isUniqueViolationOn', () => {
  it('recognises a raw-query unique violation on the table', () => {
    expect(isUniqueViolationOn(rawViolation, 'processed_batches')).toBe(true);
  });

  it('ignores a violation on another table and other errors', () => {
    expect(isUniqueViolationOn(rawViolation, 'usage_rollups')).toBe(false);
    expect(isUniqueViolationOn(new Error('connection refused'), 'processed_batches')).toBe(false);
    expect(isUniqueViolationOn(undefined, 'processed_batches')).toBe(false);
  });
});
