/**
 * Time from opening a tab to an interactive node: the app page in a room whose chain is
 * already in IndexedDB, against the same for an empty chain. Each case has its own browser
 * context: a first visit creates the node identity (and, for the full case, the chain is
 * imported through window.tabchain and flushed), the page closes, and every timed round opens
 * a new page that adopts that identity and loads its database.
 */
import type { Browser, BrowserContext, Page } from 'playwright';
import { type BenchLine, line, median, progress } from './report.js';

/** Blocks per page.evaluate while importing a chain. */
const IMPORT_BATCH = 1000;

/** When the page became interactive, in ms since its navigation started (performance.now). */
interface Marks {
  /** window.tabchain was assigned (the node is open, its chain loaded). */
  api?: number;
  /** The page shows the expected height. */
  shown?: number;
}

/**
 * Runs in the page before its scripts: records when window.tabchain is assigned (a setter on
 * window) and when [data-testid=height] first shows the expected height (a MutationObserver,
 * which fires at the microtask checkpoint after the DOM change). A string, not a function:
 * tsx's keepNames would wrap the function's inner arrows in a helper the page lacks.
 */
function marksScript(expectedHeight: number): string {
  return `(() => {
    const marks = {};
    window.__benchMarks = marks;
    let api;
    Object.defineProperty(window, 'tabchain', {
      configurable: true,
      get() { return api; },
      set(value) { api = value; if (marks.api === undefined) marks.api = performance.now(); },
    });
    const observer = new MutationObserver(() => {
      const el = document.querySelector('[data-testid="height"]');
      if (el && el.textContent.trim() === '${expectedHeight}') {
        marks.shown = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(document, { childList: true, subtree: true, characterData: true });
  })();`;
}

/** Opens the app in the room and returns the node identity's id. */
async function firstVisit(
  context: BrowserContext,
  url: string,
): Promise<{ page: Page; id: string }> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.tabchain !== undefined, null, { timeout: 60_000 });
  const id = await page.evaluate(() => window.tabchain!.identity().id);
  return { page, id };
}

/** Imports blocks (hex) through the console API, in batches, then flushes. */
async function importChain(page: Page, blocks: readonly string[]): Promise<void> {
  for (let i = 0; i < blocks.length; i += IMPORT_BATCH) {
    const batch = blocks.slice(i, i + IMPORT_BATCH);
    const bad = await page.evaluate(
      (hexes) =>
        hexes
          .map((hex) => window.tabchain!.submitBlockHex(hex))
          .find((o) => o.status !== 'connected'),
      batch,
    );
    if (bad)
      throw new Error(`import: block ${i}..: ${bad.status} ${'code' in bad ? bad.code : ''}`);
  }
  await page.evaluate(() => window.tabchain!.flush());
  const persistence = await page.evaluate(() => window.tabchain!.persistence());
  if (persistence.state !== 'ok') throw new Error(`import: persistence ${persistence.state}`);
}

/** One timed open: a new page in the context, until it shows the height. */
async function timedOpen(
  context: BrowserContext,
  url: string,
  expected: { id: string; height: number },
): Promise<{ shown: number; api: number; wall: number }> {
  const page = await context.newPage();
  try {
    await page.addInitScript({ content: marksScript(expected.height) });
    const t0 = Date.now();
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.tabchain !== undefined, null, { timeout: 60_000 });
    const id = await page.evaluate(() => window.tabchain!.identity().id);
    if (id !== expected.id) throw new Error('the reopened tab did not adopt the node identity');
    const marks = await page.waitForFunction(
      () => {
        const m = (window as unknown as { __benchMarks: Marks }).__benchMarks;
        return m.shown !== undefined && m.api !== undefined ? m : undefined;
      },
      null,
      { timeout: 60_000 },
    );
    const wall = Date.now() - t0;
    const m = (await marks.jsonValue())!;
    const height = await page.evaluate(() => window.tabchain!.tip().height);
    if (height !== expected.height) throw new Error(`reopened at height ${height}`);
    return { shown: m.shown!, api: m.api!, wall };
  } finally {
    await page.close();
  }
}

/** What the startup benchmark needs. */
export interface StartupOptions {
  readonly browser: Browser;
  readonly appUrl: string;
  readonly roomQuery: string;
  /** Set when the app served is not a fresh build of the working tree (servers.ts). */
  readonly appNote?: string;
  /** The chain to import, hex, in order from height 1. */
  readonly blocks: readonly string[];
  readonly rounds: number;
}

/** The startup benchmark's line. */
export async function startupBench(opts: StartupOptions): Promise<BenchLine[]> {
  const url = `${opts.appUrl}/?${opts.roomQuery}`;
  const full = await opts.browser.newContext();
  const empty = await opts.browser.newContext();
  try {
    const a = await firstVisit(full, url);
    const t0 = performance.now();
    await importChain(a.page, opts.blocks);
    progress(
      `startup: imported ${opts.blocks.length} blocks in ${Math.round(performance.now() - t0)} ms`,
    );
    await a.page.close();
    const b = await firstVisit(empty, url);
    await b.page.evaluate(() => window.tabchain!.flush());
    await b.page.close();
    const cases = [
      {
        context: full,
        expected: { id: a.id, height: opts.blocks.length },
        samples: [] as { shown: number; api: number; wall: number }[],
      },
      {
        context: empty,
        expected: { id: b.id, height: 0 },
        samples: [] as { shown: number; api: number; wall: number }[],
      },
    ];
    for (let r = 0; r < opts.rounds; r++) {
      const order = r % 2 === 0 ? cases : [...cases].reverse();
      for (const c of order) c.samples.push(await timedOpen(c.context, url, c.expected));
      progress(`startup round ${r + 1}/${opts.rounds}`);
    }
    const [f, e] = cases.map((c) => ({
      shown: median(c.samples.map((s) => s.shown)),
      api: median(c.samples.map((s) => s.api)),
      wall: median(c.samples.map((s) => s.wall)),
    }));
    return [
      line({
        name: `startup-${opts.blocks.length}-blocks`,
        value: f!.shown,
        unit: 'ms',
        reference: e!.shown,
        referenceName: 'startup-empty-chain (same app, same room, empty database)',
        rounds: opts.rounds,
        extra: {
          measure: 'navigation start -> page shows the tip height (performance.now in the page)',
          apiMs: Math.round(f!.api),
          referenceApiMs: Math.round(e!.api),
          wallMs: Math.round(f!.wall),
          referenceWallMs: Math.round(e!.wall),
          ...(opts.appNote !== undefined ? { app: opts.appNote } : {}),
        },
      }),
    ];
  } finally {
    await full.close();
    await empty.close();
  }
}
