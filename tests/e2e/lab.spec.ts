/**
 * The teaching lab across real tabs: a payment goes from one tab to another, confirms, and is
 * reversed by a staged double spend (a private branch released with more work), or stands when
 * the secret branch loses, however deep it is buried afterwards.
 */
import { expect, test } from '@playwright/test';
import { converged, easyRoom, mineBlocks, openTab, roomName, tip, waitPeers } from './tab.ts';
import { presetLook, showPanel } from './ui-support.ts';

test('a payment confirms and is then reversed by a staged double spend', async ({ context }) => {
  const { query } = easyRoom(roomName('heist'));
  const attacker = await context.newPage();
  const merchant = await context.newPage();
  await openTab(attacker, query);
  await openTab(merchant, query);
  await waitPeers(attacker, 1);
  await mineBlocks(attacker, 3);
  await converged([attacker, merchant]);
  const shop = await merchant.evaluate(() => window.tabchain!.identity().address);

  const paid = await attacker.evaluate(
    (to) => window.tabchain!.lab.doubleSpend.pay(to, '10'),
    shop,
  );
  expect(paid).toEqual({ ok: true });
  // The merchant mines only once the payment reached its mempool, so it lands in the first block.
  await expect
    .poll(() =>
      merchant.evaluate(() => window.tabchain!.events().some((e) => e.type === 'tx-accepted')),
    )
    .toBe(true);
  await mineBlocks(merchant, 2);
  await converged([attacker, merchant]);
  // Two rewards of 50, the payment of 10 and its fee, all on the merchant's two blocks.
  expect(await merchant.evaluate((a) => window.tabchain!.balance(a), shop)).toBe('110.0001');
  const before = await attacker.evaluate(() => window.tabchain!.lab.status().doubleSpend);
  expect(before.step).toBe('paid');
  expect(before.confirmations).toBe(2);

  expect(await attacker.evaluate(() => window.tabchain!.lab.doubleSpend.fork())).toEqual({
    ok: true,
  });
  await expect
    .poll(() => attacker.evaluate(() => window.tabchain!.lab.status().doubleSpend.privateBlocks))
    .toBeGreaterThanOrEqual(4);
  // Nobody has seen the secret branch yet: the merchant still holds the payment.
  expect(await merchant.evaluate((a) => window.tabchain!.balance(a), shop)).toBe('110.0001');

  expect(await attacker.evaluate(() => window.tabchain!.lab.doubleSpend.release())).toEqual({
    ok: true,
  });
  const final = await converged([attacker, merchant]);
  expect(final.id).toBe((await tip(attacker)).id);
  // The merchant's blocks are stale now, and with them the payment: nothing is left.
  expect(await merchant.evaluate((a) => window.tabchain!.balance(a), shop)).toBe('0');
  const after = await attacker.evaluate(() => window.tabchain!.lab.status().doubleSpend);
  expect(after.outcome).toBe('reversed');
});

test('a payment that stands keeps standing under more than 200 blocks', async ({ context }) => {
  const { query } = easyRoom(roomName('buried'));
  const attacker = await context.newPage();
  const merchant = await context.newPage();
  await presetLook(attacker, 'en', 'light');
  await openTab(attacker, query);
  await openTab(merchant, query);
  await waitPeers(attacker, 1);
  await mineBlocks(attacker, 3);
  await converged([attacker, merchant]);
  const shop = await merchant.evaluate(() => window.tabchain!.identity().address);
  expect(
    await attacker.evaluate((to) => window.tabchain!.lab.doubleSpend.pay(to, '10'), shop),
  ).toEqual({ ok: true });
  await expect
    .poll(() =>
      merchant.evaluate(() => window.tabchain!.events().some((e) => e.type === 'tx-accepted')),
    )
    .toBe(true);
  await mineBlocks(merchant, 2);
  await converged([attacker, merchant]);

  // Fork and release in one go: the secret branch has no block, so the public chain wins.
  const released = await attacker.evaluate(async () => {
    const lab = window.tabchain!.lab;
    return [await lab.doubleSpend.fork(), await lab.doubleSpend.release()];
  });
  expect(released).toEqual([{ ok: true }, { ok: true }]);
  const doubleSpend = () => attacker.evaluate(() => window.tabchain!.lab.status().doubleSpend);
  expect(await doubleSpend()).toMatchObject({
    outcome: 'kept',
    confirmations: 2,
    privateBlocks: 0,
  });
  await showPanel(attacker, 'lab');
  const verdict = attacker.getByTestId('lab-double-outcome');
  await expect(verdict).toHaveText(/the payment stands/);

  // More than 200 blocks bury the payment; nothing reorganises, so the verdict must not move.
  const height = await mineBlocks(merchant, 205);
  expect((await converged([attacker, merchant])).height).toBe(height);
  expect(await doubleSpend()).toMatchObject({ outcome: 'kept', confirmations: 207 });
  await expect(verdict).toHaveText(/the payment stands/);
  expect(await merchant.evaluate((a) => window.tabchain!.balance(a), shop)).not.toBe('0');
  expect(
    await attacker.evaluate(() => window.tabchain!.events().filter((e) => e.type === 'reorg')),
  ).toEqual([]);
});
