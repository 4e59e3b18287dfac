/** The Mining panel: start and stop, workers, throttle, and the figures of proof of work. */
import { expect, test } from '@playwright/test';
import { converged, easyRoom, mineBlocks, openTab, roomName, tip, waitPeers } from './tab.ts';
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

test('"Mine one block" mines exactly one block, shows it, and peers receive it', async ({
  context,
}) => {
  const { query } = easyRoom(roomName('one'));
  const teacher = await context.newPage();
  const student = await context.newPage();
  await presetLook(teacher, 'en', 'light');
  await openTab(teacher, query);
  await openTab(student, query);
  await waitPeers(teacher, 1);
  await mineBlocks(teacher, 2);
  const start = (await converged([teacher, student])).height;
  await showPanel(teacher, 'mining');
  const one = teacher.getByTestId('mine-one');
  await expect(one).toHaveText('Mine one block');

  // With the effort at zero the block cannot be found: the button waits, disabled.
  await teacher.evaluate(() => window.tabchain!.setThrottle(0));
  await one.click();
  await expect(one).toBeDisabled();
  await expect(one).toHaveText('Mining one block…');
  await expect(teacher.getByTestId('mine')).toHaveAttribute('aria-pressed', 'true');
  await teacher.evaluate(() => window.tabchain!.setThrottle(100));

  await expect(one).toBeEnabled();
  const result = teacher.getByTestId('mine-one-result');
  await expect(result).toContainText(`This node mined block ${start + 1}`);
  expect((await teacher.evaluate(() => window.tabchain!.mining())).active).toBe(false);
  await expect(teacher.getByTestId('mine')).toHaveAttribute('aria-pressed', 'false');
  const mined = await tip(teacher);
  expect(mined.height).toBe(start + 1);
  expect((await converged([teacher, student])).id).toBe(mined.id);
  expect(await teacher.evaluate(() => window.tabchain!.tip().height)).toBe(start + 1);
  const minedHere = await teacher.evaluate(
    () => window.tabchain!.events().filter((e) => e.type === 'block-mined').length,
  );
  expect(minedHere).toBe(3);

  // Once more: again exactly one, and the block it shows opens in the inspector.
  await one.click();
  await expect(result).toContainText(`This node mined block ${start + 2}`);
  expect((await converged([teacher, student])).height).toBe(start + 2);
  await teacher.getByTestId('mine-one-inspect').click();
  await expect(teacher.getByRole('dialog')).toBeVisible();
  await expect(teacher.getByRole('dialog')).toContainText(String(start + 2));
});
