import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions, INSECURE_HOST } from './tests/e2e/browser.ts';

const PORT = Number(process.env.E2E_PORT ?? 4417);

/**
 * End-to-end tests drive real Chromium tabs against the built app served by the classroom
 * server. On Debian (and in CI) the system's chromium is used; elsewhere Playwright's own
 * browser (see tests/e2e/browser.ts). The `insecure` project opens the app from a hostname
 * mapped to 127.0.0.1: plain http from a name is not a secure context, as in a classroom.
 * The app is built with VITE_TABCHAIN_DEBUG=1 for its test hooks; `npm start`'s build has none.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: { trace: 'off', screenshot: 'only-on-failure' },
  projects: [
    {
      name: 'localhost',
      use: { baseURL: `http://127.0.0.1:${PORT}`, launchOptions: chromiumLaunchOptions() },
    },
    {
      name: 'insecure',
      testMatch: /node\.spec\.ts/,
      use: {
        baseURL: `http://${INSECURE_HOST}:${PORT}`,
        launchOptions: chromiumLaunchOptions({ mapInsecureHost: true }),
      },
    },
  ],
  webServer: {
    command: `npm run build && npx tsx signaling/main.ts --port ${PORT} --host 127.0.0.1 --quiet`,
    // A debug build: the tests inject faults through window.tabchain.debug (src/app/debug.ts).
    env: { VITE_TABCHAIN_DEBUG: '1' },
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
  },
});
