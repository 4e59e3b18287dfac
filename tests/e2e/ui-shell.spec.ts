/** The page's frame: language, theme, projector view, keyboard tabs, the inspector dialog. */
import { expect, test } from '@playwright/test';
import { easyRoom, mineTo, openTab, roomName, tip } from './tab.ts';
import { presetLook, showPanel } from './ui-support.ts';

test('the language switch changes the visible text and the page language', async ({ page }) => {
  await presetLook(page, 'en', 'light');
  await openTab(page, easyRoom(roomName('lang')).query);
  const tab = page.getByTestId('tab-mining');
  const english = await tab.innerText();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page.getByTestId('lang-zh').click();
  await expect(page.getByTestId('lang-zh')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');
  await expect(tab).not.toHaveText(english);
  await expect(tab).toHaveText(/[\u4e00-\u9fff]/); // Han characters
  await showPanel(page, 'wallet');
  await expect(page.getByTestId('send-submit')).toHaveText(/[\u4e00-\u9fff]/);

  // Remembered across a reload.
  await page.reload();
  await page.waitForFunction(() => window.tabchain !== undefined);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');

  await page.getByTestId('lang-en').click();
  await expect(tab).toHaveText(english);
});

test('the theme follows the system until toggled, then keeps the choice', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openTab(page, easyRoom(roomName('theme')).query);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(page.getByTestId('theme-toggle')).toHaveAttribute('aria-pressed', 'false');
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.reload();
  await page.waitForFunction(() => window.tabchain !== undefined);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
    background,
  );
});

test('the projector view shows the tree and the network without controls', async ({ page }) => {
  await presetLook(page, 'en', 'light');
  await openTab(page, easyRoom(roomName('teacher')).query);
  await expect(page.getByRole('tablist')).toBeVisible();
  const before = await page.evaluate(() =>
    parseFloat(getComputedStyle(document.documentElement).fontSize),
  );
  await page.getByTestId('teacher-toggle').click();
  await expect(page.getByTestId('teacher-toggle')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('tablist')).toHaveCount(0);
  await expect(page.getByTestId('mine')).toHaveCount(0);
  await expect(page.getByTestId('network-panel')).toBeVisible();
  await expect(page.getByTestId('block-tree')).toBeVisible();
  const after = await page.evaluate(() =>
    parseFloat(getComputedStyle(document.documentElement).fontSize),
  );
  expect(after).toBeGreaterThan(before);
  // Side by side on a projector-sized screen.
  const tree = await page.locator('main').boundingBox();
  const side = await page.locator('aside').boundingBox();
  expect(side!.x).toBeGreaterThan(tree!.x + tree!.width - 1);
  await page.getByTestId('teacher-toggle').click();
  await expect(page.getByRole('tablist')).toBeVisible();
});

test('the panels are tabs reachable by keyboard', async ({ page }) => {
  await presetLook(page, 'en', 'light');
  await openTab(page, easyRoom(roomName('keys')).query);
  await showPanel(page, 'network');
  await page.getByTestId('tab-network').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('tab-mining')).toBeFocused();
  await expect(page.getByTestId('tab-mining')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('panel-mining')).toBeVisible();
  await page.keyboard.press('End');
  await expect(page.getByTestId('tab-log')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('tab-network')).toHaveAttribute('aria-selected', 'true');
  // Only the selected tab is in the tab order: Tab leaves the tab list.
  await expect(page.getByTestId('tab-mining')).toHaveAttribute('tabindex', '-1');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).not.toBe('tab');
});

test('a block opens in the inspector dialog, and Escape closes it', async ({ page }) => {
  await presetLook(page, 'en', 'light');
  await openTab(page, easyRoom(roomName('inspect')).query);
  await mineTo(page, 3);
  const { id } = await tip(page);
  await page.evaluate((blockId) => (location.hash = `block=${blockId}`), id);
  const dialog = page.getByTestId('inspector');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(id.slice(-8));
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  // The dialog's close event (which forgets the link) follows its hiding by a task.
  await expect.poll(() => page.evaluate(() => location.hash)).toBe('');
});

test('new blocks are announced to screen readers', async ({ page }) => {
  await presetLook(page, 'en', 'light');
  await openTab(page, easyRoom(roomName('live')).query);
  await mineTo(page, 2);
  const live = page.getByTestId('announcer');
  await expect(live).toHaveAttribute('aria-live', 'polite');
  await expect(live).not.toBeEmpty();
});
