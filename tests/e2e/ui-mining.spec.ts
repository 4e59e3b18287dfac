/** The Mining panel: start and stop, workers, throttle, and the figures of proof of work. */
import { expect, test } from '@playwright/test';
import { easyRoom, openTab, roomName, tip } from './tab.ts';
import { presetLook, showPanel } from './ui-support.ts';

test('the mining button starts and stops the miner; the figures follow', async ({ page }) => {
  await presetLook(page, 'en', 'light');
  await openTab(page, easyRoom(roomName('mining')).query);
  await showPanel(page, 'mining');
  const button = page.getByTestId('mine');
  await expect(button).toHaveAttribute('aria-pressed', 'false');
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => (await tip(page)).height).toBeGreaterThanOrEqual(5);
  await expect(page.getByTestId('rate-now')).not.toHaveText('0 H/s');
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'false');
  expect((await page.evaluate(() => window.tabchain!.mining())).active).toBe(false);
  await expect(page.getByTestId('height')).toHaveText(String((await tip(page)).height));
  await expect(page.getByTestId('next-work')).toHaveText('2');
  await expect(page.getByTestId('difficulty')).toHaveText('× 1.00');
  for (const chart of ['chart-rate', 'chart-difficulty', 'chart-times']) {
    await expect(page.getByTestId(chart).locator('canvas')).toHaveCount(1);
  }
});

test('workers and throttle reach the miner', async ({ page }) => {
  await presetLook(page, 'en', 'light');
  await openTab(page, easyRoom(roomName('workers')).query);
  await showPanel(page, 'mining');
  const throttle = page.getByTestId('throttle');
  await throttle.focus();
  await page.keyboard.press('Home');
  await expect(throttle).toHaveValue('0');
  await page.keyboard.press('End');
  await expect(throttle).toHaveValue('100');
  const workers = page.getByTestId('workers');
  await workers.focus();
  await page.keyboard.press('Home');
  await expect(workers).toHaveValue('1');
  await page.getByTestId('mine').click();
  await expect
    .poll(async () => (await page.evaluate(() => window.tabchain!.mining())).perWorker?.length)
    .toBe(1);
  await page.getByTestId('mine').click();
});
