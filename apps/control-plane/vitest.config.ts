import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// Nest's DI needs decorator metadata, which only the SWC transform emits.
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    include: ['src/**/*.test.ts'],
    setupFiles: ['reflect-metadata'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
