/**
 * Frame times of the block tree with 10,000 blocks (a benchmark, not a test: no thresholds).
 * Blocks are built in Node for a fixed-difficulty room (tests/support makeBlock), handed to a
 * tab through window.tabchain.submitBlockHex in batches, then the tree is panned and zoomed
 * while requestAnimationFrame deltas are recorded; the same page idle is the reference.
 *
 * As a function: `measureTreeFrames(page, query, params)` from the benchmark runner.
 * Standalone: `npx tsx tests/bench/tree-frames.ts` against a served build
 * (TREE_BENCH_URL, default http://127.0.0.1:4600) prints one JSON line.
 */
import { chromium, type Page } from '@playwright/test';
import { encodeBlock } from '../../src/core/block.ts';
import { bytesToHex } from '../../src/core/bytes.ts';
import type { RoomParams } from '../../src/core/params.ts';
import { roomFromQuery } from '../../src/core/room.ts';
import type { Address } from '../../src/core/tx.ts';
import { chromiumLaunchOptions } from '../e2e/browser.ts';
import { wallet } from '../support/blocks.ts';
import { child, genesisOf, type Built } from '../support/branch.ts';

/** Blocks the benchmark loads: a classroom's whole lesson and then some. */
export const BENCH_BLOCKS = 10_000;

/** Blocks per page.evaluate: large enough to be quick, small enough to keep the page alive. */
const BATCH = 500;

/**
 * `n` blocks above genesis, wire hex, parents first: a best chain mined by six miners in turn,
 * with a stale sibling every `staleEvery` heights so the tree has branches to draw.
 */
export function buildBlocks(params: RoomParams, n: number, staleEvery = 40): string[] {
  const miners: Address[] = Array.from({ length: 6 }, (_, i) => wallet(30 + i).address);
  const out: string[] = [];
  let tip: Built = genesisOf(params);
  while (out.length < n) {
    const h = tip.height + 1;
    const next = child(tip, { params, miner: miners[h % miners.length], tag: `miner ${h % 6}` });
    out.push(bytesToHex(encodeBlock(next.block)));
    if (h % staleEvery === 0 && out.length < n) {
      const rival = child(tip, { params, miner: miners[(h + 1) % 6], tag: 'rival' });
      out.push(bytesToHex(encodeBlock(rival.block)));
    }
    tip = next;
  }
  return out;
}

/** Offers blocks to the tab in batches; returns how many were not accepted (should be 0). */
export async function loadBlocks(page: Page, hexes: readonly string[]): Promise<number> {
  let refused = 0;
  for (let i = 0; i < hexes.length; i += BATCH) {
    refused += await page.evaluate(
      (batch) => {
        let bad = 0;
        for (const hex of batch) {
          const r = window.tabchain!.submitBlockHex(hex);
          if (r.status !== 'connected' && r.status !== 'side') bad++;
        }
        return bad;
      },
      hexes.slice(i, i + BATCH),
    );
  }
  return refused;
}

/** Frame-time figures of one run, ms. */
export interface FrameStats {
  readonly frames: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
}

function stats(deltas: readonly number[]): FrameStats {
  const s = [...deltas].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  const mean = s.reduce((a, b) => a + b, 0) / Math.max(1, s.length);
  const round = (x: number): number => Math.round(x * 100) / 100;
  return {
    frames: s.length,
    meanMs: round(mean),
    p50Ms: round(at(0.5)),
    p95Ms: round(at(0.95)),
    maxMs: round(at(1)),
  };
}

/**
 * Starts recording requestAnimationFrame deltas in the page. A string, not a function: tsx's
 * name-keeping helper (__name) would not exist in the page.
 */
const START_RECORDING = `(() => {
  const w = window;
  w.__treeFrames = [];
  w.__treeRecording = true;
  let last = performance.now();
  requestAnimationFrame(function loop(ts) {
    w.__treeFrames.push(ts - last);
    last = ts;
    if (w.__treeRecording) requestAnimationFrame(loop);
  });
})()`;

/** Stops recording and returns the deltas, the first (partial) frame dropped. */
const STOP_RECORDING = `(() => {
  window.__treeRecording = false;
  return window.__treeFrames.slice(1);
})()`;

/** Records requestAnimationFrame deltas in the page while `act` runs. */
async function recordFrames(page: Page, act: () => Promise<void>): Promise<number[]> {
  await page.evaluate(START_RECORDING);
  await act();
  return page.evaluate<number[]>(STOP_RECORDING);
}

/** Drags across the tree, wheels in and out, zooms to the whole history and pans there. */
export async function panAndZoom(page: Page): Promise<void> {
  const surface = page.getByTestId('tree-canvas');
  const box = await surface.boundingBox();
  if (!box) throw new Error('the tree is not on screen');
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 0; i < 3; i++) {
    await page.mouse.move(cx + 250, cy + 20, { steps: 20 });
    await page.mouse.move(cx - 250, cy - 20, { steps: 20 });
  }
  await page.mouse.up();
  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, 120);
  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -80);
  await page.getByTestId('tree-fit').click();
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  await page.mouse.move(cx + 200, cy, { steps: 30 });
  await page.mouse.up();
  await surface.focus();
  for (let i = 0; i < 8; i++) await page.keyboard.press('+');
  for (let i = 0; i < 8; i++) await page.keyboard.press('Shift+ArrowLeft');
}

/** Loads the blocks into a fresh tab of the room and measures frames idle, then while moving. */
export async function measureTreeFrames(
  page: Page,
  query: string,
  params: RoomParams,
  n = BENCH_BLOCKS,
): Promise<{
  blocks: number;
  loadMs: number;
  idle: FrameStats;
  moving: FrameStats;
  ratio: number;
}> {
  const hexes = buildBlocks(params, n);
  await page.goto(`/?${query}`);
  await page.waitForFunction(() => window.tabchain !== undefined);
  const t0 = Date.now();
  const refused = await loadBlocks(page, hexes);
  if (refused > 0) throw new Error(`${refused} blocks refused`);
  const loadMs = Date.now() - t0;
  // The reference is the page at rest: every block written, the tree drawn.
  await page.evaluate(() => window.tabchain!.flush());
  await page.waitForTimeout(500);
  const idle = stats(await recordFrames(page, () => page.waitForTimeout(2000)));
  const moving = stats(await recordFrames(page, () => panAndZoom(page)));
  const ratio = Math.round((moving.meanMs / Math.max(0.01, idle.meanMs)) * 100) / 100;
  return { blocks: hexes.length, loadMs, idle, moving, ratio };
}

/** The benchmark's room: easy, fixed difficulty, so 10,000 blocks build in seconds. */
export function benchRoom(name = `tree-bench-${Date.now().toString(36)}`): {
  query: string;
  params: RoomParams;
} {
  const query = `room=${name}&bits=207fffff&retarget=fixed&t=5`;
  const parsed = roomFromQuery(query);
  if (!('params' in parsed)) throw new Error(parsed.errors.join('; '));
  return { query, params: parsed.params };
}

/** Runs the benchmark once against a served build and prints one JSON line. */
async function main(): Promise<void> {
  const baseURL = process.env.TREE_BENCH_URL ?? 'http://127.0.0.1:4600';
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage({ baseURL, viewport: { width: 1280, height: 900 } });
    const { query, params } = benchRoom();
    const result = await measureTreeFrames(page, query, params);
    console.log(JSON.stringify({ bench: 'tree-frames', ...result }));
  } finally {
    await browser.close();
  }
}

if (process.argv[1]?.endsWith('tree-frames.ts')) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
