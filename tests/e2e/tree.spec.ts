/**
 * The block tree and the block inspector in a tab (src/ui/tree, src/ui/inspector), driven
 * through window.tabchain and the keyboard. Assertions read data attributes, never English.
 *
 *   g - 1 - 2 - 3 - 4 - ... - H              mined by the tab
 *                \ - 4' - ... - H' - (H+1)'  built here in Node, offered through the console:
 *                                            more work, so the tab reorganises onto it
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { decodeBlock, encodeBlock, type Block } from '../../src/core/block.ts';
import { bytesToHex, hexToBytes } from '../../src/core/bytes.ts';
import { headerHash } from '../../src/core/header.ts';
import { checkProofOfWork } from '../../src/core/pow.ts';
import { powLimitOf } from '../../src/core/rules-sanity.ts';
import { buildBlocks, loadBlocks } from '../bench/tree-frames.ts';
import { makeBlock } from '../support/blocks.ts';
import { blocks, easyRoom, mineTo, openTab, replayBestChain, roomName, tip } from './tab.ts';

test.use({ viewport: { width: 1280, height: 900 } });

/** Offers blocks as a peer would; returns each outcome's status. */
function submit(page: Page, list: readonly Block[]): Promise<string[]> {
  return page.evaluate(
    (hexes) => hexes.map((hex) => window.tabchain!.submitBlockHex(hex).status),
    list.map((b) => bytesToHex(encodeBlock(b))),
  );
}

/** A stored block of the tab, decoded. */
async function blockOf(page: Page, id: string): Promise<Block> {
  const hex = await page.evaluate((x) => window.tabchain!.blockHex(x), id);
  return decodeBlock(hexToBytes(hex!));
}

/** axe-core finds no WCAG 2.1 A/AA violation inside the element. */
async function expectNoViolations(page: Page, selector: string): Promise<void> {
  const axe = await new AxeBuilder({ page })
    .include(selector)
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual(
    [],
  );
}

/** Selects a block with the keyboard (End is the tip, each ArrowLeft a parent) and opens it. */
async function inspectByKeyboard(page: Page, stepsBack: number): Promise<void> {
  const surface = page.getByTestId('tree-canvas');
  await surface.focus();
  await page.keyboard.press('End');
  for (let i = 0; i < stepsBack; i++) await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('block-inspector')).toBeVisible();
}

test('the tree is a focusable picture with an accessible name and a text summary', async ({
  page,
}) => {
  await openTab(page, easyRoom(roomName('tree-a11y')).query);
  await mineTo(page, 3);
  const { height, id } = await tip(page);
  const surface = page.getByTestId('tree-canvas');
  await expect(surface).toHaveAttribute('role', 'application');
  await expect(surface).toHaveAttribute('tabindex', '0');
  await expect(surface).toHaveAccessibleName(/\S{4,}/);
  await expect(surface.locator('canvas')).toHaveCount(1);
  const summary = page.getByTestId('tree-summary');
  await expect(summary).toHaveAttribute('data-height', String(height));
  await expect(summary).toHaveAttribute('data-tip', id);
  await expect(summary).toHaveAttribute('data-stale-count', '0');
  const describedBy = (await surface.getAttribute('aria-describedby')) ?? '';
  expect(describedBy.split(' ')).toContain(await summary.getAttribute('id'));
  await expectNoViolations(page, '[data-testid="block-tree"]');
});

test('a branch that overtakes: the chain switches, the caption says so, the stale count follows', async ({
  page,
}) => {
  const { query, params } = easyRoom(roomName('tree-reorg'));
  await openTab(page, query);
  await mineTo(page, 5);
  const chain = await replayBestChain(page, params);
  const H = chain.tip.height;
  await expect(page.getByTestId('reorg-caption')).toHaveAttribute('data-reorg-seq', '0');
  // From block 3, one block more than the tab's own chain above it: most work (fixed bits).
  const branch: Block[] = [];
  let parent = chain.activeAt(3)!;
  for (let h = 4; h <= H + 1; h++) {
    const b = makeBlock(parent, { params, tag: 'branch' });
    chain.processBlock(b, 4e9);
    parent = chain.tree.getByHash(headerHash(b.header))!;
    branch.push(b);
  }
  const statuses = await submit(page, branch);
  expect(statuses.at(-1)).toBe('connected');
  const caption = page.getByTestId('reorg-caption');
  await expect(caption).toHaveAttribute('data-reorg-seq', '1');
  await expect(caption).toHaveAttribute('data-reorg-depth', String(H - 3));
  await expect(caption).toHaveAttribute('data-reorg-joined', String(H - 2));
  await expect(caption).toHaveAttribute('data-reorg-height', '4');
  await expect(caption).toHaveAttribute('aria-live', 'polite');
  await expect(caption).not.toBeEmpty();
  const summary = page.getByTestId('tree-summary');
  await expect(summary).toHaveAttribute('data-stale-count', String(H - 3));
  await expect(summary).toHaveAttribute('data-tip', parent.id);
  await expect(page.getByTestId('tree-canvas')).toHaveAttribute('data-blocks', String(2 * H - 1));
  expect((await tip(page)).id).toBe(parent.id);
});

test('keyboard: the arrows move a selection and Enter opens the inspector on it', async ({
  page,
}) => {
  await openTab(page, easyRoom(roomName('tree-keys')).query);
  await mineTo(page, 4);
  const all = await blocks(page);
  const { id, height } = await tip(page);
  const parentId = all.find((b) => b.id === id)!.parent!;
  const surface = page.getByTestId('tree-canvas');
  await surface.focus();
  await page.keyboard.press('End');
  await expect(surface).toHaveAttribute('data-selected', id);
  await page.keyboard.press('ArrowLeft');
  await expect(surface).toHaveAttribute('data-selected', parentId);
  await expect(page.getByTestId('tree-selection')).not.toBeEmpty();
  await page.keyboard.press('Enter');
  const inspector = page.getByTestId('block-inspector');
  await expect(inspector).toBeVisible();
  await expect(inspector).toHaveAttribute('data-block-id', parentId);
  await expect(inspector).toHaveAttribute('data-status', 'best');
  await expect(page.getByTestId('inspector-hash')).toHaveText(parentId);
  // The hash, step by step, ends in the same id: SHA-256 twice, reversed.
  await expect(page.getByTestId('hash-display')).toHaveText(parentId);
  await expect(page.getByTestId('pow-compare')).toHaveAttribute('data-ok', 'true');
  expect(height).toBeGreaterThan(1);
  await page.getByTestId('tamper-open').click();
  await expect(page.getByTestId('tamper-result')).toHaveAttribute('data-code', 'valid');
  await expectNoViolations(page, '[data-testid="block-inspector"]');
});

test('tamper: a missed target fails high-hash; a changed amount breaks the merkle root until re-mined', async ({
  page,
}) => {
  const { query, params } = easyRoom(roomName('tree-tamper'));
  await openTab(page, query);
  await mineTo(page, 3);
  // A transfer, so that one block carries a signature to break.
  const sent = await page.evaluate(() =>
    window.tabchain!.send('00112233445566778899aabbccddeeff00112233', '1', '0.0001', 'hi'),
  );
  expect(sent.ok).toBe(true);
  const before = (await tip(page)).height;
  await mineTo(page, before + 1);
  const { id: tipId, height: tipHeight } = await tip(page);

  // The tip's nonce, changed to one whose hash misses the target.
  await inspectByKeyboard(page, 0);
  await page.getByTestId('tamper-open').click();
  const header = (await blockOf(page, tipId)).header;
  const limit = powLimitOf(params);
  let nonce = header.nonce + 1;
  while (checkProofOfWork(headerHash({ ...header, nonce }), header.bits, limit)) nonce++;
  await page.getByTestId('tamper-nonce').fill(String(nonce));
  const result = page.getByTestId('tamper-result');
  await expect(result).toHaveAttribute('data-code', 'high-hash');
  await expect(result).toHaveAttribute('data-tier', 'sanity');
  await expect(page.getByTestId('tamper-hash')).not.toHaveText(tipId);
  await page.getByTestId('tamper-reset').click();
  await expect(result).toHaveAttribute('data-code', 'valid');

  // The reward raised: the header still commits to the old transactions.
  await page.getByTestId('tamper-reward-amount').fill('1000');
  await expect(result).toHaveAttribute('data-code', 'bad-txnmrklroot');
  await expect(page.getByTestId('tamper-merkle')).toHaveAttribute('data-match', 'false');
  // With the new merkle root and a fresh nonce the proof of work passes: the state rule fails.
  await page.getByTestId('tamper-fix-merkle').check();
  await page.getByTestId('tamper-remine').click();
  await expect(page.getByTestId('remine-status')).toHaveAttribute('data-state', 'found');
  await expect(result).toHaveAttribute('data-code', 'bad-cb-amount');
  await expect(result).toHaveAttribute('data-tier', 'connect');
  // Offered, the copy is a sibling of the tip with equal work: stored as a stale block, its
  // connect rules left for the day its branch would become the best (as Bitcoin Core does).
  await page.getByTestId('tamper-offer').click();
  const answer = page.getByTestId('offer-result');
  await expect(answer).toHaveAttribute('data-status', 'side');
  await expect(page.getByTestId('offer-note')).toBeVisible();
  expect((await tip(page)).id).toBe(tipId);
  // A copy whose proof of work fails is refused outright.
  await page.getByTestId('tamper-nonce').fill(String(nonce));
  await page.getByTestId('tamper-fix-merkle').uncheck();
  await page.getByTestId('tamper-reward-amount').fill('50');
  await expect(result).toHaveAttribute('data-code', 'high-hash');
  await page.getByTestId('tamper-offer').click();
  await expect(answer).toHaveAttribute('data-status', 'rejected');
  await expect(answer).toHaveAttribute('data-code', 'high-hash');

  // The block with the transfer: its amount changed under the signature.
  const all = await blocks(page);
  let withTransfer: { id: string; height: number } | undefined;
  for (const b of all.filter((x) => x.active && x.height > 0)) {
    if ((await blockOf(page, b.id)).txs.length > 1) withTransfer = b;
  }
  expect(withTransfer).toBeDefined();
  await page.getByTestId('inspector-close').click();
  await inspectByKeyboard(page, tipHeight - withTransfer!.height);
  await expect(page.getByTestId('block-inspector')).toHaveAttribute(
    'data-block-id',
    withTransfer!.id,
  );
  await page.getByTestId('tamper-open').click();
  await page.getByTestId('tamper-tx-amount').fill('2');
  await expect(result).toHaveAttribute('data-code', 'bad-txnmrklroot');
  await page.getByTestId('tamper-fix-merkle').check();
  await page.getByTestId('tamper-remine').click();
  await expect(page.getByTestId('remine-status')).toHaveAttribute('data-state', 'found');
  await expect(result).toHaveAttribute('data-code', 'bad-sig');
});

test('with 10,000 blocks in the tree, panning and zooming keep working', async ({ page }) => {
  test.setTimeout(300_000);
  const { query, params } = easyRoom(roomName('tree-10k'));
  await openTab(page, query);
  const hexes = buildBlocks(params, 10_000);
  expect(await loadBlocks(page, hexes)).toBe(0);
  const surface = page.getByTestId('tree-canvas');
  await expect(surface).toHaveAttribute('data-blocks', String(hexes.length + 1));
  const view = async () => ({
    x: await surface.getAttribute('data-offset-x'),
    zoom: await surface.getAttribute('data-zoom'),
  });
  const box = (await surface.boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;

  let before = await view();
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  await page.mouse.move(cx + 300, cy, { steps: 10 });
  await page.mouse.up();
  await expect.poll(async () => (await view()).x).not.toBe(before.x);
  await expect(surface).toHaveAttribute('data-follow', 'false');

  before = await view();
  await surface.focus();
  await page.keyboard.press('-');
  await expect.poll(async () => (await view()).zoom).not.toBe(before.zoom);

  before = await view();
  await page.mouse.move(cx, cy);
  await page.mouse.wheel(0, 400);
  await expect.poll(async () => (await view()).zoom).not.toBe(before.zoom);

  // The whole history at once, then a pan across it.
  await page.getByTestId('tree-fit').click();
  before = await view();
  expect(Number(before.zoom)).toBeLessThan(0.01);
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  await page.mouse.move(cx - 200, cy, { steps: 10 });
  await page.mouse.up();
  await expect.poll(async () => (await view()).x).not.toBe(before.x);

  await page.getByTestId('tree-follow').click();
  await expect(surface).toHaveAttribute('data-follow', 'true');
});
