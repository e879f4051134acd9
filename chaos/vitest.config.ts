import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // One long scenario: processes killed and restarted while traffic runs, then a drain.
    testTimeout: 240_000,
    hookTimeout: 120_000,
  },
});
