import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './tests/e2e/browser.ts';

const PORT = Number(process.env.E2E_PORT ?? 4417);

/**
 * End-to-end tests drive real Chromium tabs against the built app. On Debian (and in CI) the
 * system's chromium is used; elsewhere Playwright's own browser (see tests/e2e/browser.ts).
 */
export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 120_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: chromiumLaunchOptions(),
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `npm run build && npx vite preview --port ${PORT} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
  },
});
