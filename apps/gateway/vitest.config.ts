import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Nest's DI needs decorator metadata, which vitest's default transform does not emit.
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    include: ['src/**/*.test.ts'],
    // Integration tests clone a database and boot the whole gateway.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
