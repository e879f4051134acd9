import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Migrations and shadow databases take a few seconds on a busy shared Postgres.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
