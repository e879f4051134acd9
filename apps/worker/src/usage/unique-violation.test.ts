import { describe, expect, it } from 'vitest';
import { isUniqueViolationOn } from './unique-violation.js';

// The fields node-postgres' DatabaseError carries for an INSERT hitting a primary key.
const violation = Object.assign(new Error('duplicate key value violates unique constraint'), {
  code: '23505',
  table: 'processed_batches',
  constraint: 'processed_batches_pkey',
});

describe('isUniqueViolationOn', () => {
  it('recognises a unique violation on the table', () => {
    expect(isUniqueViolationOn(violation, 'processed_batches')).toBe(true);
  });

  it('ignores a violation on another table and other errors', () => {
    expect(isUniqueViolationOn(violation, 'usage_rollups')).toBe(false);
    expect(isUniqueViolationOn({ code: '23503', table: 'processed_batches' }, 'processed_batches')).toBe(
      false,
    );
    expect(isUniqueViolationOn(new Error('connection refused'), 'processed_batches')).toBe(false);
    expect(isUniqueViolationOn(undefined, 'processed_batches')).toBe(false);
  });
});
