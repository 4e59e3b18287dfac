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
