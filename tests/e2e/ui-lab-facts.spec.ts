/**
 * Facts the wallet, the Mining panel and the Lab share must read the same everywhere: an
 * address the wallet accepts, the lab accepts too; the effort the miner runs at is the one
 * the slider shows, also after a lab reset.
 */
import { expect, test } from '@playwright/test';
import { easyRoom, mineTo, openTab, roomName } from './tab.ts';
import { presetLook, showPanel } from './ui-support.ts';

/** An address as a student might paste it: with 0x, in capitals. */
const PASTED = '0x00112233445566778899AABBCCDDEEFF00112233';

test('the lab pays an address the wallet accepts, and refuses what the wallet refuses', async ({
  page,
}) => {
  await presetLook(page, 'en', 'light');
  await openTab(page, `${easyRoom(roomName('addr')).query}&net=off`);
  await mineTo(page, 2);

  await showPanel(page, 'wallet');
  await page.getByTestId('send-to').fill(PASTED);
  await page.getByTestId('send-amount').fill('1');
  await page.getByTestId('send-submit').click();
  await expect(page.getByTestId('send-ok')).not.toBeEmpty();
  await expect(page.getByTestId('send-error-to')).toHaveCount(0);

  const pay = (to: string) =>
    page.evaluate((a) => window.tabchain!.lab.doubleSpend.pay(a, '1'), to);
  expect(await pay('not-an-address')).toEqual({ ok: false, code: 'bad-address' });
  expect(await pay(PASTED)).toEqual({ ok: true });
  await showPanel(page, 'lab');
  await expect(page.getByTestId('lab-double-error')).toHaveCount(0);
  expect(await page.evaluate(() => window.tabchain!.lab.status().doubleSpend.step)).toBe('paid');
});

test('after a lab reset the throttle slider shows the effort the miner runs at', async ({
  page,
}) => {
  await presetLook(page, 'en', 'light');
  await openTab(page, `${easyRoom(roomName('effort')).query}&net=off`);
  const slider = page.getByTestId('throttle');
  const minerThrottle = () => page.evaluate(() => window.tabchain!.mining().throttle);

  await showPanel(page, 'mining');
  await slider.fill('40');
  await expect.poll(minerThrottle).toBe(40);

  // Reset with no hash share set: the lab has nothing of the effort to undo.
  await showPanel(page, 'lab');
  await page.getByTestId('lab-reset-all').click();
  await expect(page.getByTestId('lab-reset-all')).toBeEnabled();
  await showPanel(page, 'mining');
  await expect(slider).toHaveValue(String(await minerThrottle()));
  expect(await minerThrottle()).toBe(40);

  // A hash share sets the effort while it runs; the slider shows what the miner does.
  await page.evaluate(() => window.tabchain!.lab.setHashShare(30));
  await expect(slider).toBeDisabled();
  await expect(slider).toHaveValue(String(await minerThrottle()));
  await page.evaluate(() => window.tabchain!.lab.resetAll());
  await expect(slider).toBeEnabled();
  await expect(slider).toHaveValue('40');
  expect(await minerThrottle()).toBe(40);
});
