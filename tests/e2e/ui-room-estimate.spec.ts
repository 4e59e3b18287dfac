/**
 * Rooms tell the truth about their difficulty: a fixed-difficulty room never claims to adjust
 * it, and the room form estimates a new room's block time from the hash rate this page
 * measured, warning when a block would take under a second or over a minute.
 */
import { expect, test } from '@playwright/test';
import { easyRoom, openTab, roomName } from './tab.ts';
import { presetLook, showPanel } from './ui-support.ts';

test('a fixed-difficulty room does not claim to adjust its difficulty', async ({ page }) => {
  await presetLook(page, 'en', 'light');
  await openTab(page, `${easyRoom(roomName('fixed')).query}&net=off`);
  await showPanel(page, 'mining');
  const rule = page.getByTestId('difficulty-rule');
  await expect(rule).toContainText('difficulty is fixed');
  await expect(page.getByTestId('mining-panel')).not.toContainText(/adjusts the difficulty/);
  await showPanel(page, 'rooms');
  await expect(page.getByTestId('current-room')).toContainText('never (fixed difficulty)');

  await page.getByTestId('lang-zh').click();
  await showPanel(page, 'mining');
  await expect(rule).toContainText('难度是固定的');
  await expect(page.getByTestId('mining-panel')).not.toContainText('并调整难度');

  // A room whose difficulty does adjust still says so.
  await openTab(page, `room=${roomName('adjusting')}&bits=207fffff&t=5&net=off`);
  await showPanel(page, 'mining');
  await expect(rule).toContainText('并调整难度');
});

test('the room form estimates the block time from the measured hash rate and warns', async ({
  page,
}) => {
  await presetLook(page, 'en', 'light');
  await openTab(page, `${easyRoom(roomName('estimate')).query}&net=off`);
  await showPanel(page, 'rooms');
  const text = page.getByTestId('room-estimate-text');
  const warning = page.getByTestId('room-estimate-warning');
  await expect(text).toContainText('Mine for a few seconds');
  await expect(warning).toHaveCount(0);

  // Mining measures this laptop's hash rate; the estimate appears from it.
  await page.evaluate(() => window.tabchain!.mine());
  await expect(text).toContainText(/hash rate this page measured/);
  await page.evaluate(() => window.tabchain!.stop());
  await expect(text).toHaveText(/^The first blocks will take about .+ toward 15 s\.$/);
  await page.getByTestId('room-retarget-fixed').check();
  await expect(text).toHaveText(/^Blocks will take about .+ all lesson long\.$/);

  // Two hashes a block: far under a second on any laptop.
  await page.getByTestId('room-diff-custom').check();
  await page.getByTestId('room-bits').fill('207fffff');
  await expect(text).toContainText('2 hashes ÷ (1 ×');
  await expect(warning).toHaveText(/^Under a second a block/);
  // About 1.1 × 10¹² hashes a block: far over a minute even for thirty laptops.
  await page.getByTestId('room-bits').fill('1c00ffff');
  await page.getByTestId('room-laptops').fill('30');
  await expect(text).toContainText('1.1 T hashes ÷ (30 ×');
  await expect(warning).toHaveText(/^Over a minute a block/);

  // A laptop count that makes no sense gives an error, not an estimate.
  await page.getByTestId('room-laptops').fill('0');
  await expect(page.getByTestId('room-laptops')).toHaveAttribute('aria-invalid', 'true');
  await expect(text).toBeEmpty();
  await expect(warning).toHaveCount(0);
  // The laptop count is no room parameter: the form stays valid.
  await expect(page.getByTestId('room-create')).toBeEnabled();

  await page.getByTestId('lang-zh').click();
  await page.getByTestId('room-laptops').fill('1');
  await page.getByTestId('room-bits').fill('207fffff');
  await expect(warning).toHaveText(/^每个区块不到一秒/);
});
