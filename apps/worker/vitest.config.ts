import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Integration tests talk to the real Postgres and Redis; a fresh database per file takes a moment.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
