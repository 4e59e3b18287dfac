/** Helpers the interface tests share: views, languages, themes, screenshots, axe. */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';
import { mkdirSync } from 'node:fs';

/** The interface's languages. */
export type Lang = 'en' | 'zh';
/** The interface's themes. */
export type ThemeName = 'light' | 'dark';

/** Where screenshots of the main views go (under Playwright's output directory). */
export const SCREENSHOT_DIR = 'test-results/screenshots';

/**
 * Makes the page's first load start in a language and theme (as a returning user's choice),
 * and forgets the projector choice of earlier tests. Once per tab: a reload then shows what
 * the page itself remembered.
 */
export async function presetLook(page: Page, lang: Lang, theme: ThemeName): Promise<void> {
  await page.addInitScript(
    ([l, th]) => {
      if (sessionStorage.getItem('tabchain-test:preset')) return;
      sessionStorage.setItem('tabchain-test:preset', '1');
      localStorage.setItem('tabchain:lang', l);
      localStorage.setItem('tabchain:theme', th);
      localStorage.removeItem('tabchain:teacher');
    },
    [lang, theme] as const,
  );
}

/** Shows a side panel by its tab. */
export async function showPanel(page: Page, name: string): Promise<void> {
  await page.getByTestId(`tab-${name}`).click();
  await expect(page.getByTestId(`tab-${name}`)).toHaveAttribute('aria-selected', 'true');
}

/** Runs axe (WCAG 2.x A and AA) on the page and fails with the violations listed. */
export async function expectNoAxeViolations(page: Page, view: string): Promise<void> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  const summary = result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
  );
  // Soft: one view's violations do not hide the next view's (or its screenshot).
  expect.soft(summary, `axe violations in ${view}`).toEqual([]);
}

/** Saves a screenshot of the page as test-results/screenshots/<name>.png and attaches it. */
export async function screenshot(page: Page, info: TestInfo, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = `${SCREENSHOT_DIR}/${name}.png`;
  // Blinking and sliding things settle first, so two runs give comparable pictures.
  await page.waitForTimeout(300);
  await page.screenshot({ path, animations: 'disabled' });
  await info.attach(name, { path, contentType: 'image/png' });
}
