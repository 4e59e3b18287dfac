/**
 * Two real tabs in one room: the Network panel lists the other tab with its name, state and
 * tip, and the Lab panel walks a double spend whose reversal shows in both wallets.
 */
import { expect, test } from '@playwright/test';
import { converged, easyRoom, identity, mineBlocks, openTab, roomName, waitPeers } from './tab.ts';
import { presetLook, showPanel } from './ui-support.ts';

test('the Network panel shows the peer, its state and its tip against ours', async ({
  context,
}) => {
  const { query } = easyRoom(roomName('netui'));
  const a = await context.newPage();
  const b = await context.newPage();
  await presetLook(a, 'en', 'light');
  await openTab(a, query);
  await openTab(b, query);
  await waitPeers(a, 1);
  await showPanel(a, 'network');
  const row = a.getByTestId('peer-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText((await identity(b)).name);
  await expect(a.getByTestId('peer-count')).toHaveText('1');
  await mineBlocks(b, 2);
  await converged([a, b]);
  await expect(row).toContainText('#2');
  await expect(a.getByTestId('sync-bar')).toHaveAttribute('aria-valuenow', '2');
  await b.close();
  await expect(a.getByTestId('peer-count')).toHaveText('0');
});

test('the Lab panel stages a double spend that the wallets show as reversed', async ({
  context,
}) => {
  const { query } = easyRoom(roomName('labui'));
  const attacker = await context.newPage();
  const merchant = await context.newPage();
  await presetLook(attacker, 'en', 'light');
  await presetLook(merchant, 'en', 'light');
  await openTab(attacker, query);
  await openTab(merchant, query);
  await waitPeers(attacker, 1);
  await mineBlocks(attacker, 3);
  await converged([attacker, merchant]);

  await showPanel(attacker, 'lab');
  const card = attacker.getByTestId('lab-double');
  const shop = (await identity(merchant)).address;
  await card.getByTestId('lab-double-to').selectOption(shop);
  await card.getByRole('button', { name: 'Pay the merchant' }).click();
  // The payment reaches the merchant's mempool before the merchant mines on it.
  await showPanel(merchant, 'wallet');
  await expect(merchant.getByTestId('mempool-row')).toHaveCount(1);
  await expect(merchant.getByTestId('my-tx')).toHaveAttribute('data-status', 'pending');
  await mineBlocks(merchant, 2);
  await converged([attacker, merchant]);
  await card.getByRole('button', { name: 'Start the secret branch' }).click();
  await expect(card.getByTestId('lab-double-race')).toBeVisible();
  await expect
    .poll(() => attacker.evaluate(() => window.tabchain!.lab.status().doubleSpend.privateBlocks))
    .toBeGreaterThanOrEqual(4);
  await card.getByRole('button', { name: 'Release the secret branch' }).click();
  await converged([attacker, merchant]);
  await expect(card.locator('.outcome')).toBeVisible();
  expect(await attacker.evaluate(() => window.tabchain!.lab.status().doubleSpend.outcome)).toBe(
    'reversed',
  );

  // The merchant's wallet saw the payment confirmed, then reversed.
  await expect(merchant.getByTestId('my-tx')).toHaveAttribute('data-status', 'reversed');
  await card.getByTestId('lab-double-reset').click();
});
