import { describe, expect, it } from 'vitest';
import { InvalidAttempts } from './invalid-attempts.js';

describe('InvalidAttempts', () => {
  it('refuses an address once it reaches the limit within the window, and only that address', () => {
    const attempts = new InvalidAttempts({ limit: 3, windowMs: 10_000, maxClients: 10 });
    for (let i = 0; i < 3; i++) {
      expect(attempts.retryAfterSeconds('a', 1_000 + i)).toBe(0);
      attempts.record('a', 1_000 + i);
    }
    expect(attempts.retryAfterSeconds('a', 1_010)).toBeGreaterThan(0);
    expect(attempts.retryAfterSeconds('b', 1_010)).toBe(0);
  });

  it('forgets attempts as the window slides past them', () => {
    const attempts = new InvalidAttempts({ limit: 3, windowMs: 10_000, maxClients: 10 });
    for (let i = 0; i < 3; i++) attempts.record('a', 0);
    expect(attempts.retryAfterSeconds('a', 9_000)).toBeGreaterThan(0);
    // Half of the previous window still overlaps: 1.5 < 3.
    expect(attempts.retryAfterSeconds('a', 15_000)).toBe(0);
    expect(attempts.retryAfterSeconds('a', 30_000)).toBe(0);
  });

  it('bounds the number of tracked addresses', () => {
    const attempts = new InvalidAttempts({ limit: 3, windowMs: 10_000, maxClients: 2 });
    attempts.record('a', 0);
    attempts.record('b', 0);
    attempts.record('c', 0);
    expect(attempts.size).toBe(2);
  });
});
