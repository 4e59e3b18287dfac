/**
 * What a class sees across two real tabs (issue 5): a fork and its reorganisation in both
 * trees, logs and captions; a tampered block refused by the peer it is offered to.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import {
  blocks,
  converged,
  easyRoom,
  mineBlocks,
  nodeKey,
  openTab,
  roomName,
  waitPeers,
} from './tab.ts';

test.use({ viewport: { width: 1280, height: 900 } });

async function pair(context: BrowserContext, query: string) {
  const a = await context.newPage();
  const b = await context.newPage();
  await openTab(a, query);
  await openTab(b, query);
  await waitPeers(a, 1);
  await waitPeers(b, 1);
  return [a, b] as const;
}

async function reorgLogged(page: Page): Promise<number> {
  await page.getByTestId('tab-log').click();
  return page.locator('[data-testid="log-entry"][data-event="reorg"]').count();
}

test('two tabs fork and reorganise: trees show the stale branch, logs and captions name it', async ({
  context,
}) => {
  const { query } = easyRoom(roomName('fork'));
  const [a, b] = await pair(context, query);
  await mineBlocks(a, 2);
  await converged([a, b]);
  const keyA = await nodeKey(a);
  const keyB = await nodeKey(b);
  await a.evaluate((k) => window.tabchain!.net.partition([k]), keyB);
  await b.evaluate((k) => window.tabchain!.net.partition([k]), keyA);
  for (const p of [a, b]) {
    await expect.poll(() => p.evaluate(() => window.tabchain!.net.peers().length)).toBe(0);
  }

  await mineBlocks(a, 2); // a's branch
  await mineBlocks(b, 2); // b's branch, the same work
  await a.evaluate(() => window.tabchain!.net.heal());
  await b.evaluate(() => window.tabchain!.net.heal());
  // Equal work: each keeps its own tip (first seen) and stores the other's branch as stale.
  for (const p of [a, b]) {
    await expect(p.getByTestId('tree-summary')).toHaveAttribute('data-stale-count', '2');
  }
  await mineBlocks(b, 1); // the next block breaks the tie
  const final = await converged([a, b]);
  expect(final.height).toBe(5);

  // The tab whose branch lost explains the switch in its caption and logs it.
  const caption = a.getByTestId('reorg-caption');
  await expect(caption).toHaveAttribute('data-reorg-depth', '2');
  await expect(caption).toHaveAttribute('data-reorg-joined', '3');
  await expect(caption).toHaveAttribute('data-reorg-height', '3');
  // Both trees show the losing branch as stale; only the losing tab reorganised.
  for (const p of [a, b]) {
    await expect(p.getByTestId('tree-summary')).toHaveAttribute('data-stale-count', '2');
    expect((await blocks(p)).filter((x) => x.hasBody && !x.active)).toHaveLength(2);
  }
  expect(await reorgLogged(a)).toBe(1);
  expect(await reorgLogged(b)).toBe(0);
});

test('a tampered block fails with its rule named, and the peer it is offered to refuses it', async ({
  context,
}) => {
  const { query } = easyRoom(roomName('tamper'));
  const [a, b] = await pair(context, query);
  await mineBlocks(a, 3);
  const tip = await converged([a, b]);
  // The reward paid one coin more, the proof of work redone, the header left as it was: the
  // body no longer matches the merkle root. Every node checks that before anything else.
  const edits = { reward: { amount: '51' }, remine: true };
  const id = tip.id;
  const verdict = await a.evaluate(([x, e]) => window.tabchain!.tamper(x, e), [id, edits] as const);
  expect(verdict.code).toBe('bad-txnmrklroot');
  const hex = await a.evaluate(([x, e]) => window.tabchain!.tamperHex(x, e), [id, edits] as const);
  expect(await a.evaluate((h) => window.tabchain!.net.offerBlockHex(h), hex)).toBe(1);
  await expect
    .poll(() =>
      b.evaluate(() =>
        window
          .tabchain!.events()
          .filter((e) => e.type === 'block-rejected')
          .map((e) => e.code),
      ),
    )
    .toEqual(['bad-txnmrklroot']);
  // Refused, and the honest chain is untouched.
  expect((await b.evaluate(() => window.tabchain!.tip())).id).toBe(tip.id);
});
