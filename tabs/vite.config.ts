import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/** The tab builds into `tabs/dist`, which Roster's server serves at `/`. */
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // Fluent UI is most of the first chunk; Roster serves it with an immutable cache.
    chunkSizeWarningLimit: 1200,
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['src/test/setup.ts'],
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/browser/**/*.test.ts'],
    testTimeout: 15_000,
  },
});
