/**
 * The node in the tab (issue 3): mining in workers, the chain in IndexedDB, one identity per
 * tab. The same tests run from localhost (a secure context: Web Locks) and from a hostname
 * mapped to 127.0.0.1 (not a secure context: the BroadcastChannel claim protocol).
 */
import { expect, test } from '@playwright/test';
import { bytesToHex } from '../../src/core/bytes.ts';
import { encodeBlock } from '../../src/core/block.ts';
import { makeBlock } from '../support/blocks.ts';
import {
  blocks,
  easyRoom,
  identity,
  mineTo,
  openTab,
  replayBestChain,
  roomName,
  tip,
} from './tab.ts';

test('a tab mines 20 blocks in workers and every block passes the core', async ({ page }, info) => {
  const { query, params } = easyRoom(roomName('mine'));
  await openTab(page, query);
  const secure = await page.evaluate(() => window.isSecureContext);
  expect(secure).toBe(info.project.name === 'localhost');
  expect((await identity(page)).how).toBe(secure ? 'locks' : 'broadcast');
  await mineTo(page, 20);
  const chain = await replayBestChain(page, params);
  expect(chain.tip.height).toBeGreaterThanOrEqual(20);
  expect(chain.tip.id).toBe((await tip(page)).id);
  await expect(page.getByTestId('height')).toHaveText(String(chain.tip.height));
});

test('a reload keeps the node, its chain, its tip and its stale branch', async ({ page }) => {
  const { query, params } = easyRoom(roomName('reload'));
  await openTab(page, query);
  await mineTo(page, 5);
  // A sibling of block 4, made here and offered as if a peer had sent it: a stale block.
  const chain = await replayBestChain(page, params);
  const side = makeBlock(chain.activeAt(3)!, { params, tag: 'stale' });
  const outcome = await page.evaluate(
    (hex) => window.tabchain!.submitBlockHex(hex),
    bytesToHex(encodeBlock(side)),
  );
  expect(outcome.status).toBe('side');
  await page.evaluate(() => window.tabchain!.flush());
  const before = { id: await identity(page), tip: await tip(page), blocks: await blocks(page) };

  await page.reload();
  await page.waitForFunction(() => window.tabchain !== undefined);
  const after = { id: await identity(page), tip: await tip(page), blocks: await blocks(page) };
  expect(after.id.id).toBe(before.id.id);
  expect(after.id.resumed).toBe(true);
  expect(after.tip).toEqual(before.tip);
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
  expect(after.blocks.sort(byId)).toEqual(before.blocks.sort(byId));
  expect(after.blocks.filter((b) => b.hasBody && !b.active)).toHaveLength(1);
});

test('a closed tab leaves its node to the next tab; two open tabs are two nodes', async ({
  context,
}) => {
  const { query } = easyRoom(roomName('adopt'));
  const first = await context.newPage();
  await openTab(first, query);
  await mineTo(first, 3);
  await first.evaluate(() => window.tabchain!.flush());
  const firstId = (await identity(first)).id;
  const firstTip = await tip(first);

  const second = await context.newPage();
  await openTab(second, query);
  expect((await identity(second)).id).not.toBe(firstId);

  await first.close();
  const third = await context.newPage();
  await openTab(third, query);
  const adopted = await identity(third);
  expect(adopted.id).toBe(firstId);
  expect(adopted.adopted).toBe(true);
  expect(await tip(third)).toEqual(firstTip);
});

test('a crash between writing a block and moving the tip leaves a consistent chain', async ({
  page,
}) => {
  const { query, params } = easyRoom(roomName('crash'));
  await openTab(page, query);
  await mineTo(page, 4);
  await page.evaluate(() => window.tabchain!.flush());
  const saved = await tip(page);
  await page.evaluate(() => window.tabchain!.debug!.crashNextCommit());
  await mineTo(page, saved.height + 1);
  await page.evaluate(() => window.tabchain!.flush());

  await page.reload();
  await page.waitForFunction(() => window.tabchain !== undefined);
  // Both or neither: the aborted commit left nothing behind, the saved tip is intact.
  expect(await tip(page)).toEqual(saved);
  const all = await blocks(page);
  expect(all.every((b) => b.height <= saved.height)).toBe(true);
  await replayBestChain(page, params);
});

test('a full disk stops persistence, the page says so, and mining goes on in memory', async ({
  page,
}) => {
  const { query } = easyRoom(roomName('quota'));
  await openTab(page, query);
  await mineTo(page, 2);
  await page.evaluate(() => window.tabchain!.flush());
  await page.evaluate(() => window.tabchain!.debug!.failNextCommitWithQuota());
  await mineTo(page, 4);
  await expect(page.getByTestId('persistence')).toContainText('quota');
  const p = await page.evaluate(() => window.tabchain!.persistence());
  expect(p.state).toBe('stopped');
  const height = (await tip(page)).height;
  await mineTo(page, height + 3);
  expect((await tip(page)).height).toBeGreaterThanOrEqual(height + 3);
});
