/**
 * `npm run check:browser`: runs before any browser test. Prints which Chromium the tests will
 * use, or one line saying what to install, and fails, so a machine without a browser gets that
 * line instead of a stack of Vitest and Playwright errors.
 */
import { findBrowser } from './find-browser.ts';

const found = findBrowser();
if ('missing' in found) {
  console.error(`check:browser: ${found.missing}`);
  process.exit(1);
}
console.log(`check:browser: ${found.path} (${found.source})`);
