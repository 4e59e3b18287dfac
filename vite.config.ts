import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { playwright } from '@vitest/browser-playwright';
import { chromiumLaunchOptions } from './tests/e2e/browser.ts';

export default defineConfig({
  plugins: [svelte()],
  worker: { format: 'es' },
  // Pre-bundled up front: discovering it mid-run reloads the vitest browser page.
  optimizeDeps: { include: ['comlink', 'simple-peer/simplepeer.min.js'] },
  build: { target: 'es2022', sourcemap: true },
  // The app is opened by LAN hostnames in a classroom (http://teacher-laptop:4173).
  preview: { allowedHosts: true },
  server: { allowedHosts: true },
  test: {
    testTimeout: 120_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'tests/unit/**/*.test.ts',
            'tests/scenarios/**/*.test.ts',
            'tests/sim/**/*.test.ts',
            'tests/vectors/**/*.test.ts',
            'tests/fuzz/**/*.test.ts',
          ],
        },
      },
      {
        // Tests that need a real browser: IndexedDB, workers, WebAssembly SIMD in Chromium.
        extends: true,
        test: {
          name: 'chromium',
          include: ['tests/browser/**/*.test.ts'],
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: chromiumLaunchOptions() }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
