/** Driving a tab's node through window.tabchain (src/app/console-api.ts). */
import { expect, type Page } from '@playwright/test';
import type { ConsoleBlock } from '../../src/app/console-api.ts';
import { decodeBlock } from '../../src/core/block.ts';
import { Chain } from '../../src/core/chain.ts';
import { hexToBytes } from '../../src/core/bytes.ts';
import type { RoomParams } from '../../src/core/params.ts';
import { roomFromQuery } from '../../src/core/room.ts';

/** A room where a block takes a couple of hashes: tests mine in milliseconds. */
export function easyRoom(name: string): { query: string; params: RoomParams } {
  const query = `room=${name}&bits=207fffff&retarget=fixed&t=5`;
  const parsed = roomFromQuery(query);
  if (!('params' in parsed)) throw new Error(parsed.errors.join('; '));
  return { query, params: parsed.params };
}

/** A unique room name per test, so rooms never mix across tests. */
export function roomName(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Opens the app in a room and waits until the node runs. */
export async function openTab(page: Page, query: string): Promise<void> {
  await page.goto(`/?${query}`);
  await page.waitForFunction(() => window.tabchain !== undefined);
}

/** The tab's tip. */
export function tip(page: Page): Promise<{ id: string; height: number }> {
  return page.evaluate(() => window.tabchain!.tip());
}

/** The tab's node identity. */
export function identity(page: Page) {
  return page.evaluate(() => window.tabchain!.identity());
}

/** Every block the tab knows. */
export function blocks(page: Page): Promise<ConsoleBlock[]> {
  return page.evaluate(() => window.tabchain!.blocks());
}

/** Mines until the tip reaches a height, then stops. */
export async function mineTo(page: Page, height: number): Promise<void> {
  await page.evaluate(() => window.tabchain!.mine());
  await expect.poll(async () => (await tip(page)).height).toBeGreaterThanOrEqual(height);
  await page.evaluate(() => window.tabchain!.stop());
}

/** Replays the tab's best chain into a fresh core Chain in Node: every block must connect. */
export async function replayBestChain(page: Page, params: RoomParams): Promise<Chain> {
  const all = await blocks(page);
  const best = all.filter((b) => b.active && b.height > 0).sort((a, b) => a.height - b.height);
  const hexes = await page.evaluate(
    (ids) => ids.map((id) => window.tabchain!.blockHex(id)),
    best.map((b) => b.id),
  );
  const chain = new Chain(params);
  for (const hex of hexes) {
    const r = chain.processBlock(decodeBlock(hexToBytes(hex!)), 4e9);
    expect(r.outcome.status).toBe('connected');
  }
  return chain;
}

/** A room with a real but small proof of work (about 260,000 hashes a block, fixed). */
export function slowRoom(name: string): { query: string; params: RoomParams } {
  const query = `room=${name}&bits=1e3fffff&retarget=fixed&t=5`;
  const parsed = roomFromQuery(query);
  if (!('params' in parsed)) throw new Error(parsed.errors.join('; '));
  return { query, params: parsed.params };
}

/** Waits until the tab has at least n peers whose handshake completed. */
export async function waitPeers(page: Page, n: number): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => window.tabchain!.net.peers().length), { timeout: 60_000 })
    .toBeGreaterThanOrEqual(n);
}

/** Mines exactly n blocks onto the tab's best chain; the tip height after. */
export function mineBlocks(page: Page, n: number): Promise<number> {
  return page.evaluate((k) => window.tabchain!.mineBlocks(k), n);
}

/** Waits until every tab reports the same tip; returns it. */
export async function converged(pages: readonly Page[]): Promise<{ id: string; height: number }> {
  await expect
    .poll(async () => new Set(await Promise.all(pages.map(async (p) => (await tip(p)).id))).size, {
      timeout: 90_000,
    })
    .toBe(1);
  return tip(pages[0]!);
}

/** This tab's node key (hex). */
export function nodeKey(page: Page): Promise<string> {
  return page.evaluate(() => window.tabchain!.net.key());
}
