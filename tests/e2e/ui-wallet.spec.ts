/** The Wallet panel's send form: each rule says what is wrong; a payment goes through. */
import { expect, test } from '@playwright/test';
import { easyRoom, mineTo, openTab, roomName } from './tab.ts';
import { presetLook, showPanel } from './ui-support.ts';

const SOMEONE = '00112233445566778899aabbccddeeff00112233';

test('the send form explains a malformed address and an insufficient balance', async ({ page }) => {
  await presetLook(page, 'en', 'light');
  await openTab(page, easyRoom(roomName('wallet')).query);
  await showPanel(page, 'wallet');
  await expect(page.getByTestId('balance')).toHaveText('0');

  await page.getByTestId('send-to').fill('not-an-address');
  await page.getByTestId('send-amount').fill('1');
  await page.getByTestId('send-submit').click();
  const toError = page.getByTestId('send-error-to');
  await expect(toError).toHaveAttribute('data-code', 'ui-bad-address');
  await expect(page.getByTestId('send-to')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('send-to')).toBeFocused();

  // Too short by one digit is still not an address.
  await page.getByTestId('send-to').fill(SOMEONE.slice(1));
  await page.getByTestId('send-submit').click();
  await expect(toError).toHaveAttribute('data-code', 'ui-bad-address');

  await page.getByTestId('send-to').fill(SOMEONE);
  await page.getByTestId('send-amount').fill('5');
  await page.getByTestId('send-submit').click();
  await expect(toError).toHaveCount(0);
  await expect(page.getByTestId('send-error-amount')).toHaveAttribute(
    'data-code',
    'insufficient-funds',
  );
  const english = await page.getByTestId('send-error-amount').innerText();

  // The same rule in Chinese.
  await page.getByTestId('lang-zh').click();
  await expect(page.getByTestId('send-error-amount')).not.toHaveText(english);
  await expect(page.getByTestId('send-error-amount')).toHaveText(/[\u4e00-\u9fff]/);
});

test('the send form explains a fee below the minimum and a memo over 80 bytes', async ({
  page,
}) => {
  await presetLook(page, 'en', 'light');
  await openTab(page, easyRoom(roomName('fee')).query);
  await showPanel(page, 'wallet');
  await page.getByTestId('send-to').fill(SOMEONE);
  await page.getByTestId('send-amount').fill('1');
  await page.getByTestId('send-fee').fill('0.000001');
  await page.getByTestId('send-memo').fill('长'.repeat(27)); // 81 bytes of UTF-8
  await page.getByTestId('send-submit').click();
  await expect(page.getByTestId('send-error-fee')).toHaveAttribute('data-code', 'min-fee');
  await expect(page.getByTestId('send-error-memo')).toHaveAttribute('data-code', 'bad-memo');
});

test('a payment goes to the mempool, then is confirmed with its depth', async ({ page }) => {
  await presetLook(page, 'en', 'light');
  await openTab(page, easyRoom(roomName('pay')).query);
  await mineTo(page, 2);
  await showPanel(page, 'wallet');
  await expect(page.getByTestId('balance')).not.toHaveText('0');

  await page.getByTestId('send-to').fill(SOMEONE);
  await page.getByTestId('send-amount').fill('1.25');
  await page.getByTestId('send-memo').fill('lunch');
  await page.getByTestId('send-submit').click();
  await expect(page.getByTestId('send-ok')).not.toBeEmpty();
  await expect(page.getByTestId('mempool-row')).toHaveCount(1);
  const mine = page.getByTestId('my-tx');
  await expect(mine).toHaveCount(1);
  await expect(mine).toHaveAttribute('data-status', 'pending');

  const height = (await page.evaluate(() => window.tabchain!.tip())).height;
  await mineTo(page, height + 3);
  await expect(mine).toHaveAttribute('data-status', 'confirmed');
  await expect(page.getByTestId('mempool-empty')).toBeVisible();
});
