/**
 * A class in one room (issue 14): real Chromium tabs and many headless nodes from one
 * `npm run peer -- --count N` process, introduced by the real server, over real WebRTC. Every
 * node must reach min(8, N - 1) links (admission never isolates anyone), and after mining
 * stops every node must be on one tip with every block of the best chain.
 *
 * The size: CLASS_HEADLESS headless nodes (8 by default, see HEADLESS) plus 4 tabs.
 */
import { expect, test, type Page } from '@playwright/test';
import { HeadlessPeers } from './headless.ts';
import { blocks, easyRoom, mineBlocks, openTab, roomName, tip } from './tab.ts';

/**
 * Headless nodes beside the 4 tabs. The issue asks 26. Measured on the 2-core test machine: one
 * process of 8 nodes holds 2,953 file descriptors (28 links), 12 nodes 5,149 (60 links), since
 * @roamhq/wrtc opens UDP and TCP sockets on every interface for every peer connection; 16 and
 * 26 nodes beside 4 tabs ran out of the 20,000 allowed ("Too many open files") and never
 * connected. 8 runs reliably; CLASS_HEADLESS sets another count (docs/decisions.md).
 */
const HEADLESS = Number(process.env.CLASS_HEADLESS ?? 8);
const TABS = 4;

/** Handshaken peers of a tab. */
const tabPeers = (p: Page): Promise<number> =>
  p.evaluate(() => window.tabchain!.net.peers().length);

test('four tabs and a process of headless nodes: all connected, one tip, every block everywhere', async ({
  context,
  baseURL,
}) => {
  test.setTimeout(600_000);
  const { query } = easyRoom(roomName('class'));
  const t0 = Date.now();
  const peers = new HeadlessPeers(baseURL!, query, HEADLESS);
  try {
    await expect.poll(() => peers.countOf('ready'), { timeout: 120_000 }).toBe(HEADLESS);
    const pages: Page[] = [];
    for (let i = 0; i < TABS; i++) {
      const page = await context.newPage();
      await openTab(page, query);
      pages.push(page);
    }
    const want = Math.min(8, HEADLESS + TABS - 1);
    const degrees = async () => [
      ...(await peers.status()).map((s) => s.peers),
      ...(await Promise.all(pages.map(tabPeers))),
    ];
    await expect
      .poll(async () => Math.min(...(await degrees())), { timeout: 180_000, intervals: [2_000] })
      .toBeGreaterThanOrEqual(want);
    const connectedMs = Date.now() - t0;
    const connectedDegrees = await degrees();

    // Everyone mines at once: each headless node one block, each tab two.
    peers.mine(1);
    await Promise.all(pages.map((p) => mineBlocks(p, 2)));
    await expect.poll(() => peers.countOf('mined'), { timeout: 180_000 }).toBe(HEADLESS);
    const heights = async () => [
      ...(await peers.status()).map((s) => s.height),
      ...(await Promise.all(pages.map(async (p) => (await tip(p)).height))),
    ];
    // Mining has stopped: wait until the room agrees on the height, then break any tie at it.
    await expect
      .poll(async () => new Set(await heights()).size, { timeout: 180_000, intervals: [2_000] })
      .toBe(1);
    await mineBlocks(pages[0]!, 1);
    const tips = async () => [
      ...(await peers.status()).map((s) => s.tip),
      ...(await Promise.all(pages.map(async (p) => (await tip(p)).id))),
    ];
    await expect
      .poll(async () => new Set(await tips()).size, { timeout: 180_000, intervals: [2_000] })
      .toBe(1);
    const final = await tip(pages[0]!);
    // Every tab holds the body of every block of the best chain (a headless node on the same
    // tip has connected, so validated, every one of its ancestors).
    for (const p of pages) {
      const best = (await blocks(p)).filter((b) => b.active);
      expect(best).toHaveLength(final.height + 1);
      expect(best.every((b) => b.hasBody)).toBe(true);
    }
    const status = await peers.status();
    expect(status.every((s) => s.tip === final.id)).toBe(true);
    const evicted = peers.lines.filter((l) => l.event === 'peer-closed' && l.reason === 'evicted');
    console.log(
      JSON.stringify({
        headless: HEADLESS,
        tabs: TABS,
        connectedMs,
        degrees: connectedDegrees.sort((a, b) => a - b),
        height: final.height,
        blocksKnown: status.map((s) => s.blocks).sort((a, b) => a - b),
        evictedHeadless: evicted.length,
        totalMs: Date.now() - t0,
      }),
    );
  } finally {
    expect(peers.exit, 'the headless process ended early').toBeUndefined();
    peers.kill();
  }
});
