/**
 * Which Chromium the end-to-end tests launch, and with which flags.
 * - CHROMIUM_PATH, if set, names the binary.
 * - Otherwise Debian's chromium (/usr/lib/chromium/chromium, the real binary behind the
 *   /usr/bin/chromium wrapper) when present.
 * - Otherwise Playwright's own downloaded browser (`npx playwright install chromium`).
 */
import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

const DEBIAN_CHROMIUM = '/usr/lib/chromium/chromium';

/** The Chromium binary to use, or undefined for Playwright's own. */
export function chromiumExecutable(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined;
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
