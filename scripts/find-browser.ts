/**
 * Finds the Chromium every browser test launches, once, in one place:
 * 1. CHROMIUM_PATH, when set (an error if it names no file: a typo must not fall through);
 * 2. Debian's chromium (/usr/lib/chromium/chromium, the real binary behind /usr/bin/chromium);
 * 3. Playwright's own downloaded browser (`npx playwright install chromium`).
 * When there is none, `missing` is one line that says what to install.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright';

export const DEBIAN_CHROMIUM = '/usr/lib/chromium/chromium';

export type BrowserSource = 'CHROMIUM_PATH' | 'debian' | 'playwright';

export type FoundBrowser =
  { readonly path: string; readonly source: BrowserSource } | { readonly missing: string };

/** What to install, in one line, for Debian and for everyone else. */
export const INSTALL_HINT =
  'no Chromium found for the browser tests: on Debian/Ubuntu run `sudo apt-get install chromium`; ' +
  'elsewhere run `npx playwright install chromium`; or set CHROMIUM_PATH to a Chromium binary.';

/** Where to look; the arguments exist for tests. */
export function findBrowser(
  env: Readonly<Record<string, string | undefined>> = process.env,
  exists: (path: string) => boolean = existsSync,
  playwrightPath: () => string = () => chromium.executablePath(),
): FoundBrowser {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    return exists(fromEnv)
      ? { path: fromEnv, source: 'CHROMIUM_PATH' }
      : {
          missing: `CHROMIUM_PATH=${fromEnv} names no file; unset it or point it at a Chromium binary.`,
        };
  }
  if (exists(DEBIAN_CHROMIUM)) return { path: DEBIAN_CHROMIUM, source: 'debian' };
  let own: string | undefined;
  try {
    own = playwrightPath();
  } catch {
    own = undefined; // Playwright knows no browser for this platform
  }
  if (own && exists(own)) return { path: own, source: 'playwright' };
  return { missing: INSTALL_HINT };
}
