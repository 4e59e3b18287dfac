/**
 * The network (issue 4): real Chromium tabs over real WebRTC, introduced by the real
 * classroom server, with real IndexedDB and mining workers.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { bytesToHex } from '../../src/core/bytes.ts';
import { encodeBlock } from '../../src/core/block.ts';
import { createSignalingServer } from '../../signaling/server.ts';
import { makeBlock } from '../support/blocks.ts';
import {
  blocks,
  converged,
  easyRoom,
  mineBlocks,
  nodeKey,
  openTab,
  replayBestChain,
  roomName,
  slowRoom,
  tip,
  waitPeers,
} from './tab.ts';

async function tabs(context: BrowserContext, n: number, query: string) {
  const pages: Page[] = [];
  for (let i = 0; i < n; i++) {
    const page = await context.newPage();
    await openTab(page, query);
    pages.push(page);
  }
  return pages;
}

test('six tabs in one room mine; when mining stops every tab reports the same tip', async ({
  context,
}) => {
  const { query, params } = slowRoom(roomName('six'));
  const pages = await tabs(context, 6, query);
  for (const p of pages) await waitPeers(p, 2);
  await Promise.all(pages.map((p) => p.evaluate(() => window.tabchain!.mine())));
  await expect
    .poll(async () =>
      Math.max(...(await Promise.all(pages.map(async (p) => (await tip(p)).height)))),
    )
    .toBeGreaterThanOrEqual(12);
  await Promise.all(pages.map((p) => p.evaluate(() => window.tabchain!.stop())));
  // Two tips of equal work can stand side by side for ever (first seen wins on each side):
  // one more block, from one tab, breaks the tie, as the next block does in Bitcoin.
  await mineBlocks(pages[0]!, 1);
  const final = await converged(pages);
  expect(final.height).toBeGreaterThanOrEqual(12);
  const chain = await replayBestChain(pages[3]!, params);
  expect(chain.tip.id).toBe(final.id);
});

test('a tab that joins late syncs a chain of 500 blocks, reports progress, ends on the same tip', async ({
  context,
}) => {
  const { query } = easyRoom(roomName('late'));
  const [miner] = await tabs(context, 1, query);
  await mineBlocks(miner!, 520);
  const target = await tip(miner!);
  expect(target.height).toBeGreaterThanOrEqual(500);
  const [late] = await tabs(context, 1, query);
  await expect.poll(async () => (await tip(late!)).id, { timeout: 90_000 }).toBe(target.id);
  const sync = await late!.evaluate(() => window.tabchain!.net.sync());
  expect(sync.log.length).toBeGreaterThan(1);
  expect(sync.log.some((p) => p.have < p.target)).toBe(true);
  expect(Math.max(...sync.log.map((p) => p.target))).toBe(target.height);
  expect(sync.have).toBe(target.height);
});

test('a partition heals onto the most-work tip; the losing branch stays as stale', async ({
  context,
}) => {
  const { query } = easyRoom(roomName('split'));
  const pages = await tabs(context, 4, query);
  const [a, b, c, d] = pages as [Page, Page, Page, Page];
  for (const p of pages) await waitPeers(p, 3);
  await mineBlocks(a, 2);
  const base = await converged(pages);
  const keys = await Promise.all(pages.map(nodeKey));
  const left = [keys[0]!, keys[1]!];
  const right = [keys[2]!, keys[3]!];
  for (const p of [a, b]) await p.evaluate((k) => window.tabchain!.net.partition(k), right);
  for (const p of [c, d]) await p.evaluate((k) => window.tabchain!.net.partition(k), left);
  for (const p of pages) {
    await expect.poll(() => p.evaluate(() => window.tabchain!.net.peers().length)).toBe(1);
  }

  await mineBlocks(a, 2); // left: base + 2
  await mineBlocks(c, 4); // right: base + 4, more work
  const leftTip = await converged([a, b]);
  const rightTip = await converged([c, d]);
  expect(leftTip.height).toBe(base.height + 2);
  expect(rightTip.height).toBe(base.height + 4);

  for (const p of pages) await p.evaluate(() => window.tabchain!.net.heal());
  const healed = await converged(pages);
  expect(healed.id).toBe(rightTip.id);
  for (const p of [a, b]) {
    const stale = (await blocks(p)).filter((x) => x.hasBody && !x.active);
    expect(stale.map((x) => x.id)).toContain(leftTip.id);
  }
});

test('a tab in another room never connects to this one', async ({ context }) => {
  const here = easyRoom(roomName('here'));
  const there = easyRoom(roomName('there'));
  const [a, b] = await tabs(context, 2, here.query);
  const [x] = await tabs(context, 1, there.query);
  await waitPeers(a!, 1);
  await waitPeers(b!, 1);
  await mineBlocks(a!, 3);
  await converged([a!, b!]);
  const xKey = await nodeKey(x!);
  for (const p of [a!, b!]) {
    expect((await p.evaluate(() => window.tabchain!.net.peers())).map((q) => q.key)).not.toContain(
      xKey,
    );
  }
  expect(await x!.evaluate(() => window.tabchain!.net.peers().length)).toBe(0);
  expect((await tip(x!)).height).toBe(0);
});

test('a tab sending garbage and an invalid block is cut off and refused; honest chains unchanged', async ({
  context,
}) => {
  const { query, params } = easyRoom(roomName('bad'));
  const [h1, h2, m] = await tabs(context, 3, query);
  for (const p of [h1!, h2!, m!]) await waitPeers(p, 2);
  await mineBlocks(h1!, 3);
  const before = await converged([h1!, h2!, m!]);
  const mKey = await nodeKey(m!);

  // Garbage frames to h1: 12 malformed messages of +10 each cross the ban threshold of 100.
  const h1Key = await nodeKey(h1!);
  const toH1 = (await m!.evaluate(() => window.tabchain!.net.peers())).find(
    (p) => p.key === h1Key,
  )!;
  expect(toH1).toBeDefined();
  for (let i = 0; i < 12; i++) {
    await m!.evaluate(
      (id) => window.tabchain!.net.sendRawHex(id, '01ff' + 'ab'.repeat(40)),
      toH1.remoteId,
    );
  }
  // An invalid block to everyone: the reward pays one unit more than it may.
  const chain = await replayBestChain(h2!, params);
  const bad = makeBlock(chain.tip, { params, reward: params.subsidy + 1n, tag: 'greedy' });
  await m!.evaluate((hex) => window.tabchain!.net.offerBlockHex(hex), bytesToHex(encodeBlock(bad)));

  for (const p of [h1!, h2!]) {
    await expect
      .poll(() => p.evaluate(() => window.tabchain!.net.bans().map((b) => b.key)))
      .toContain(mKey);
    await expect
      .poll(() => p.evaluate(() => window.tabchain!.net.peers().map((q) => q.key)))
      .not.toContain(mKey);
    expect(await tip(p)).toEqual(before);
  }
  // The honest tabs still talk to each other.
  await mineBlocks(h2!, 1);
  const after = await converged([h1!, h2!]);
  expect(after.height).toBe(before.height + 1);
});

test('after the mesh forms, the signaling server stops and blocks still propagate', async ({
  browser,
}) => {
  const server = await createSignalingServer({ port: 0, host: '127.0.0.1', staticDir: 'dist' });
  const context = await browser.newContext({ baseURL: `http://127.0.0.1:${server.port}` });
  try {
    const { query } = easyRoom(roomName('serverless'));
    const pages = await tabs(context, 3, query);
    for (const p of pages) await waitPeers(p, 2);
    await server.close();
    await mineBlocks(pages[1]!, 3);
    const t = await converged(pages);
    expect(t.height).toBe(3);
  } finally {
    await context.close();
    await server.close();
  }
});

test('the headless peer and two tabs converge on one tip', async ({ context, baseURL }) => {
  const { query } = easyRoom(roomName('headless'));
  // Node itself runs the peer (no npx wrapper), in its own process group so nothing outlives
  // the test.
  const peer = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/peer.ts',
      '--server',
      baseURL!,
      '--room',
      query,
      '--mine',
      '--blocks',
      '4',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], detached: true },
  );
  const lines: { event: string; id?: string; height?: number }[] = [];
  createInterface({ input: peer.stdout }).on('line', (l) => {
    try {
      lines.push(JSON.parse(l) as (typeof lines)[number]);
    } catch {
      // not ours
    }
  });
  try {
    await expect
      .poll(() => lines.filter((l) => l.event === 'mined').length, { timeout: 60_000 })
      .toBe(4);
    const pages = await tabs(context, 2, query);
    await mineBlocks(pages[0]!, 2);
    const t = await converged(pages);
    await expect
      .poll(() => lines.filter((l) => l.event === 'tip').at(-1)?.id, { timeout: 60_000 })
      .toBe(t.id);
    expect(t.height).toBe(6);
  } finally {
    if (peer.pid !== undefined) process.kill(-peer.pid, 'SIGTERM');
  }
});
