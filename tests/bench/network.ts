/**
 * Network benchmarks (issue 4), in real Chromium tabs over real WebRTC:
 * - propagation delay from the mining tab to every other tab of six, over 50 blocks, beside
 *   the time one tab takes to validate and store the same block;
 * - sync throughput of a new tab downloading a 2,000-block chain from two peers, beside the
 *   same tab connecting the same blocks from memory.
 * Timestamps are performance.timeOrigin + now() in each tab: tabs of one browser share the
 * machine's clock, so differences between tabs are meaningful.
 */
import type { Browser, Page } from '@playwright/test';
import { line, median, type BenchLine } from './report.js';

interface LoggedEvent {
  readonly t: number;
  readonly type: string;
  readonly id?: string;
}

const EASY = 'bits=207fffff&retarget=fixed&t=5';

async function open(browser: Browser, url: string, n: number): Promise<Page[]> {
  const context = await browser.newContext();
  const pages: Page[] = [];
  for (let i = 0; i < n; i++) {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.tabchain !== undefined);
    pages.push(page);
  }
  return pages;
}

async function waitUntil(check: () => Promise<boolean>, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const tipId = (p: Page) => p.evaluate(() => window.tabchain!.tip().id);
const events = (p: Page) => p.evaluate(() => window.tabchain!.events() as LoggedEvent[]);

function percentile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/** Propagation over six tabs, 50 blocks. */
export async function propagationBench(browser: Browser, appUrl: string): Promise<BenchLine[]> {
  const room = `bench-prop-${Date.now().toString(36)}`;
  const pages = await open(browser, `${appUrl}/?room=${room}&${EASY}`, 6);
  const [miner, ...others] = pages as [Page, ...Page[]];
  await waitUntil(async () =>
    (
      await Promise.all(pages.map((p) => p.evaluate(() => window.tabchain!.net.peers().length)))
    ).every((n) => n >= 2),
  );
  const ids: string[] = [];
  for (let i = 0; i < 50; i++) {
    await miner.evaluate(() => window.tabchain!.mineBlocks(1));
    const id = await tipId(miner);
    ids.push(id);
    await waitUntil(async () => (await Promise.all(others.map(tipId))).every((t) => t === id));
  }
  const mined = new Map(
    (await events(miner)).filter((e) => e.type === 'block-mined').map((e) => [e.id, e.t]),
  );
  const delays: number[] = [];
  for (const p of others) {
    for (const e of await events(p)) {
      const t0 = e.type === 'block-connected' && e.id ? mined.get(e.id) : undefined;
      if (t0 !== undefined) delays.push(e.t - t0);
    }
  }
  // The reference: one offline tab of the same room validating and storing the same blocks.
  const hexes = await miner.evaluate(
    (list) => list.map((id) => window.tabchain!.blockHex(id)!),
    ids,
  );
  const [solo] = await open(browser, `${appUrl}/?room=${room}&${EASY}&net=off`, 1);
  const local: number[] = [];
  for (const hex of hexes)
    local.push(await solo!.evaluate((h) => window.tabchain!.debug!.timeSubmitHex(h), hex));
  await Promise.all(
    [...pages, solo!].map((p) =>
      p
        .context()
        .close()
        .catch(() => undefined),
    ),
  );
  const localMedian = median(local);
  return [
    line({
      name: 'propagation-delay-median-6-tabs',
      value: median(delays),
      unit: 'ms',
      reference: localMedian,
      referenceName: 'validate+store one block in one tab (median)',
      rounds: delays.length,
      extra: { blocks: ids.length, tabs: 6 },
    }),
    line({
      name: 'propagation-delay-p95-6-tabs',
      value: percentile(delays, 0.95),
      unit: 'ms',
      reference: localMedian,
      referenceName: 'validate+store one block in one tab (median)',
      rounds: delays.length,
    }),
  ];
}

/** A new tab syncing 2,000 blocks from two peers. */
export async function syncBench(browser: Browser, appUrl: string): Promise<BenchLine[]> {
  const room = `bench-sync-${Date.now().toString(36)}`;
  const url = `${appUrl}/?room=${room}&${EASY}`;
  const [a, b] = await open(browser, url, 2);
  await a!.evaluate(() => window.tabchain!.mineBlocks(2000));
  const target = await tipId(a!);
  await waitUntil(async () => (await tipId(b!)) === target, 300_000);
  const [c] = await open(browser, url, 1);
  await waitUntil(async () => (await tipId(c!)) === target, 300_000);
  const connected = (await events(c!)).filter((e) => e.type === 'block-connected');
  const seconds = (connected.at(-1)!.t - connected[0]!.t) / 1000;
  const peers = await c!.evaluate(() => window.tabchain!.net.peers().length);
  const ids = await a!.evaluate(() =>
    window
      .tabchain!.blocks()
      .filter((x) => x.active && x.height > 0)
      .sort((x, y) => x.height - y.height)
      .map((x) => x.id),
  );
  const hexes = await a!.evaluate((list) => list.map((id) => window.tabchain!.blockHex(id)!), ids);
  const mem = await c!.evaluate((h) => window.tabchain!.debug!.connectInMemory(h), hexes);
  await Promise.all(
    [a!, b!, c!].map((p) =>
      p
        .context()
        .close()
        .catch(() => undefined),
    ),
  );
  return [
    line({
      name: 'sync-2000-blocks-from-2-peers',
      value: connected.length / seconds,
      unit: 'blocks/s',
      reference: (mem.height / mem.ms) * 1000,
      referenceName: 'same blocks connected from memory, same tab',
      extra: { blocks: connected.length, peers },
    }),
  ];
}
