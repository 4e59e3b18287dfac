/**
 * Accessibility: axe-core finds no WCAG A/AA violations on each main view, in both languages
 * and both themes, and a screenshot of each view is kept (test-results/screenshots/).
 */
import { expect, test } from '@playwright/test';
import { easyRoom, mineTo, openTab, roomName, tip } from './tab.ts';
import {
  expectNoAxeViolations,
  presetLook,
  screenshot,
  showPanel,
  type Lang,
  type ThemeName,
} from './ui-support.ts';

const PANELS = ['network', 'mining', 'wallet', 'rooms', 'lab', 'log'] as const;

/** A node database name of a node no longer registered: listed, deletable. */
const OLD_CHAIN = 'tabchain:0ld0c4a1:0123456789abcdef:old-room';

const LOOKS: readonly [Lang, ThemeName][] = [
  ['en', 'light'],
  ['zh', 'light'],
  ['en', 'dark'],
  ['zh', 'dark'],
];

test.use({ viewport: { width: 1280, height: 720 } });

for (const [lang, theme] of LOOKS) {
  test(`every main view passes axe: ${lang}, ${theme}`, async ({ page }, info) => {
    const suffix = theme === 'light' ? lang : `${lang}-${theme}`;
    await presetLook(page, lang, theme);
    await openTab(page, easyRoom(roomName('a11y')).query);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await expect(page.locator('html')).toHaveAttribute('lang', lang === 'zh' ? 'zh-Hans' : 'en');
    await mineTo(page, 6);
    await page.evaluate(() =>
      window.tabchain!.send('00112233445566778899aabbccddeeff00112233', '1.5', '0.0001', 'hello'),
    );

    await expectNoAxeViolations(page, 'home');
    await screenshot(page, info, `home-${suffix}`);
    for (const panel of PANELS) {
      await showPanel(page, panel);
      // The parts that only appear on request are checked too: a room's share card, a QR code,
      // the block "Mine one block" mined.
      if (panel === 'rooms') await page.getByTestId('room-create').click();
      if (panel === 'wallet') await page.getByTestId('address-qr-toggle').click();
      if (panel === 'mining') {
        await page.getByTestId('mine-one').click();
        await expect(page.getByTestId('mine-one-inspect')).toBeVisible();
      }
      await expectNoAxeViolations(page, panel);
      await screenshot(page, info, `${panel}-${suffix}`);
    }

    // The inspector, opened by a link to a block.
    const { id } = await tip(page);
    await page.evaluate((blockId) => (location.hash = `block=${blockId}`), id);
    await expect(page.getByTestId('inspector')).toBeVisible();
    await expectNoAxeViolations(page, 'inspector');
    await screenshot(page, info, `inspector-${suffix}`);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('inspector')).toBeHidden();

    // The teacher's projector view.
    await page.getByTestId('teacher-toggle').click();
    await expect(page.getByTestId('network-panel')).toBeVisible();
    await expectNoAxeViolations(page, 'teacher');
    await screenshot(page, info, `teacher-${suffix}`);
  });
}

// Its own test, so the long test above stays within its time on a loaded machine.
for (const [lang, theme] of LOOKS) {
  test(`this browser's nodes and chains pass axe: ${lang}, ${theme}`, async ({ page }, info) => {
    const suffix = theme === 'light' ? lang : `${lang}-${theme}`;
    await presetLook(page, lang, theme);
    await openTab(page, easyRoom(roomName('a11y-nodes')).query);
    // An old chain of a node since forgotten: listed, deletable, asking before its delete.
    await page.evaluate(
      (name) =>
        new Promise<void>((resolve) => {
          const request = indexedDB.open(name);
          request.onsuccess = () => {
            request.result.close();
            resolve();
          };
        }),
      OLD_CHAIN,
    );
    await showPanel(page, 'rooms');
    await page.getByTestId('nodes-open').click();
    await expect(page.getByTestId('nodes-dialog')).toBeVisible();
    await page.getByTestId('chain-delete').click();
    await expect(page.getByTestId('chain-confirm')).toBeVisible();
    await expectNoAxeViolations(page, 'nodes');
    await screenshot(page, info, `nodes-${suffix}`);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('nodes-dialog')).toBeHidden();
    await expect(page.getByTestId('nodes-open')).toBeFocused();
  });
}

test('the layout stacks on a phone and passes axe', async ({ page }, info) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await presetLook(page, 'en', 'light');
  await openTab(page, easyRoom(roomName('phone')).query);
  await mineTo(page, 3);
  await showPanel(page, 'wallet');
  const tree = await page.locator('main').boundingBox();
  const side = await page.locator('aside').boundingBox();
  expect(side!.y).toBeGreaterThanOrEqual(tree!.y + tree!.height - 1);
  await expectNoAxeViolations(page, 'phone');
  await screenshot(page, info, 'phone-en');
});
