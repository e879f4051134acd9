import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // The first run builds the template database (migrations): allow for a busy machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
