import { describe, expect, it } from 'vitest';
import { assertNoEviction, EvictionPolicyError } from './eviction-policy.check.js';

const redisWith = (policy: string) => ({
  info: async () =>
    `# Memory\r\nused_memory:1000\r\nmaxmemory_policy:${policy}\r\nmem_allocator:jemalloc\r\n`,
});

describe('assertNoEviction', () => {
  it('accepts noeviction', async () => {
    await expect(assertNoEviction(redisWith('noeviction'))).resolves.toBeUndefined();
  });

  it('refuses an evicting policy', async () => {
    await expect(assertNoEviction(redisWith('allkeys-lru'))).rejects.toBeInstanceOf(EvictionPolicyError);
  });
});
