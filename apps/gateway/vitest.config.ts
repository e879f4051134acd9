import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Nest's DI needs decorator metadata, which vitest's default transform does not emit.
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    // `test/` holds the multi-process tests (they run the built dist/, rebuilt when stale).
    include: ['src/**/*.test.ts', 'test/**/*.int.test.ts'],
    // Integration tests clone a database and boot the whole gateway.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
