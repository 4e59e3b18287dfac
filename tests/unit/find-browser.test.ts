/** Which Chromium the browser tests use, and the one line a machine without one gets. */
import { describe, expect, it } from 'vitest';
import { DEBIAN_CHROMIUM, INSTALL_HINT, findBrowser } from '../../scripts/find-browser.ts';

const OWN = '/home/student/.cache/ms-playwright/chromium/chrome';
const only =
  (...present: string[]) =>
  (path: string): boolean =>
    present.includes(path);

describe('findBrowser', () => {
  it('prefers CHROMIUM_PATH over everything', () => {
    const found = findBrowser(
      { CHROMIUM_PATH: '/opt/c' },
      only('/opt/c', DEBIAN_CHROMIUM),
      () => OWN,
    );
    expect(found).toEqual({ path: '/opt/c', source: 'CHROMIUM_PATH' });
  });

  it('refuses a CHROMIUM_PATH that names no file instead of falling through', () => {
    const found = findBrowser({ CHROMIUM_PATH: '/opt/typo' }, only(DEBIAN_CHROMIUM), () => OWN);
    expect('missing' in found && found.missing).toContain('CHROMIUM_PATH=/opt/typo');
  });

  it("takes Debian's chromium, then Playwright's own", () => {
    expect(findBrowser({}, only(DEBIAN_CHROMIUM, OWN), () => OWN)).toEqual({
      path: DEBIAN_CHROMIUM,
      source: 'debian',
    });
    expect(findBrowser({}, only(OWN), () => OWN)).toEqual({ path: OWN, source: 'playwright' });
  });

  it('says in one line what to install when there is no browser', () => {
    const found = findBrowser({}, only(), () => OWN);
    expect(found).toEqual({ missing: INSTALL_HINT });
    expect(INSTALL_HINT).not.toContain('\n');
    expect(INSTALL_HINT).toContain('apt-get install chromium');
    expect(INSTALL_HINT).toContain('npx playwright install chromium');
  });

  it('treats a platform Playwright has no browser for as none', () => {
    const found = findBrowser({}, only(), () => {
      throw new Error('unsupported platform');
    });
    expect(found).toEqual({ missing: INSTALL_HINT });
  });
});
