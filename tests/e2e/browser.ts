/**
 * Which Chromium the browser tests launch (found once, by scripts/find-browser.ts: CHROMIUM_PATH,
 * Debian's chromium, Playwright's own), and with which flags.
 */
import type { LaunchOptions } from '@playwright/test';
import { findBrowser } from '../../scripts/find-browser.ts';

/** The Chromium binary to use; undefined leaves Playwright to report its own missing browser. */
export function chromiumExecutable(): string | undefined {
  const found = findBrowser();
  return 'path' in found ? found.path : undefined;
}

/** A hostname the tests map to 127.0.0.1: a page from it is not a secure context. */
export const INSECURE_HOST = 'classroom.test';

/** Flags that keep every byte of WebRTC and DNS on this machine. */
export const LOCAL_ONLY_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Real IP candidates instead of mDNS names, so tabs on one machine reach each other.
  '--disable-features=WebRtcHideLocalIpsWithMdns',
];

/** Nothing resolves but localhost (and, when asked, INSECURE_HOST to 127.0.0.1). */
function hostResolverRules(mapInsecureHost: boolean): string {
  const map = mapInsecureHost ? `MAP ${INSECURE_HOST} 127.0.0.1, ` : '';
  return `--host-resolver-rules=${map}MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1`;
}

/** Launch options for Playwright. */
export function chromiumLaunchOptions(opts: { mapInsecureHost?: boolean } = {}): LaunchOptions {
  const executablePath = chromiumExecutable();
  const args = [...LOCAL_ONLY_ARGS, hostResolverRules(opts.mapInsecureHost ?? false)];
  return { args, ...(executablePath ? { executablePath } : {}) };
}
