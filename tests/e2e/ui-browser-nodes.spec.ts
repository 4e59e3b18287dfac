/**
 * This browser's nodes and chains (Rooms panel → dialog), in real tabs of one browser: real
 * IndexedDB databases, real identity locks, a real connection that blocks a delete.
 */
import { expect, test, type Page } from '@playwright/test';
import { easyRoom, identity, mineTo, openTab, roomName, tip } from './tab.ts';
import { presetLook, showPanel } from './ui-support.ts';

/** This tab's database name, from the console API. */
function databaseOf(page: Page): Promise<string> {
  return page.evaluate(() => window.tabchain!.room().database);
}

/** Names of every IndexedDB database of the origin, as the page sees them. */
function databaseNames(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));
}

/** Opens the dialog from the Rooms panel. */
async function openDialog(page: Page): Promise<void> {
  await showPanel(page, 'rooms');
  await page.getByTestId('nodes-open').click();
  await expect(page.getByTestId('nodes-dialog')).toBeVisible();
}

const chainRow = (page: Page, name: string) =>
  page.locator(`[data-testid="chain-row"][data-name="${name}"]`);
const nodeRow = (page: Page, id: string) =>
  page.locator(`[data-testid="node-row"][data-id="${id}"]`);

/** Presses Refresh until the row says who uses it (another tab's lock goes when it closes). */
async function refreshUntilUse(page: Page, row: ReturnType<typeof chainRow>, use: string) {
  await expect(async () => {
    await page.getByTestId('nodes-refresh').click();
    await expect(row).toHaveAttribute('data-use', use, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
}

test('room B lists both rooms’ chains; A’s chain is deleted and its node forgotten once A closes', async ({
  context,
}) => {
  const a = await context.newPage();
  await presetLook(a, 'en', 'light');
  const roomA = roomName('old');
  await openTab(a, easyRoom(roomA).query);
  await mineTo(a, 2);
  const heightA = (await tip(a)).height;
  const idA = (await identity(a)).id;
  const dbA = await databaseOf(a);

  const b = await context.newPage();
  await presetLook(b, 'en', 'light');
  const roomB = roomName('new');
  await openTab(b, easyRoom(roomB).query);
  const idB = (await identity(b)).id;
  const dbB = await databaseOf(b);
  // A is still open: B could not take its node, so it made its own.
  expect(idB).not.toBe(idA);
  expect(await databaseNames(b)).toEqual(expect.arrayContaining([dbA, dbB]));

  await openDialog(b);
  // This tab's chain and node: marked, and nothing offers to delete them.
  await expect(chainRow(b, dbB)).toHaveAttribute('data-use', 'here');
  await expect(chainRow(b, dbB).getByTestId('chain-room')).toHaveText(roomB);
  await expect(chainRow(b, dbB).getByTestId('chain-delete')).toHaveCount(0);
  await expect(nodeRow(b, idB)).toHaveAttribute('data-use', 'here');
  await expect(nodeRow(b, idB).getByTestId('node-forget')).toHaveCount(0);
  // A's chain and node, while tab A runs them: listed, not deletable.
  await expect(chainRow(b, dbA)).toHaveAttribute('data-use', 'elsewhere');
  await expect(chainRow(b, dbA).getByTestId('chain-room')).toHaveText(roomA);
  await expect(chainRow(b, dbA).getByTestId('chain-blocks')).toHaveText(
    `height ${heightA}, ${heightA} blocks`,
  );
  await expect(chainRow(b, dbA).getByTestId('chain-delete')).toHaveCount(0);
  await expect(nodeRow(b, idA)).toHaveAttribute('data-use', 'elsewhere');
  await expect(nodeRow(b, idA).getByTestId('node-forget')).toHaveCount(0);
  await expect(nodeRow(b, idA).getByTestId('node-chains')).toHaveText('1');

  await a.close();
  await refreshUntilUse(b, chainRow(b, dbA), 'free');
  await expect(nodeRow(b, idA)).toHaveAttribute('data-use', 'free');

  // Delete asks first; Cancel keeps the chain.
  await chainRow(b, dbA).getByTestId('chain-delete').click();
  await expect(b.getByTestId('chain-cancel')).toBeFocused();
  await b.getByTestId('chain-cancel').click();
  await expect(chainRow(b, dbA).getByTestId('chain-delete')).toBeFocused();
  await chainRow(b, dbA).getByTestId('chain-delete').click();
  await b.getByTestId('chain-confirm').click();
  await expect(b.getByTestId('nodes-status')).toHaveText(`Deleted the chain of room ${roomA}.`);
  await expect(chainRow(b, dbA)).toHaveCount(0);
  const after = await databaseNames(b);
  expect(after).not.toContain(dbA);
  expect(after).toContain(dbB);

  // Forget A's node: its key leaves the registry.
  await expect(nodeRow(b, idA).getByTestId('node-chains')).toHaveText('0');
  await nodeRow(b, idA).getByTestId('node-forget').click();
  await b.getByTestId('node-confirm').click();
  await expect(b.getByTestId('nodes-status')).toContainText('Forgot node');
  await expect(nodeRow(b, idA)).toHaveCount(0);
  expect(await b.evaluate((id) => localStorage.getItem(`tabchain:identity:${id}`), idA)).toBeNull();

  // This tab's own chain and node are untouched and still not offered.
  await expect(chainRow(b, dbB)).toHaveAttribute('data-use', 'here');
  await expect(b.getByTestId('chain-delete')).toHaveCount(0);
  await expect(b.getByTestId('node-forget')).toHaveCount(0);
  await expect(b.getByTestId('nodes-error')).toHaveCount(0);
});

test('a delete that an open connection blocks says so; the browser finishes it once that closes', async ({
  context,
}) => {
  const a = await context.newPage();
  await presetLook(a, 'en', 'light');
  await openTab(a, easyRoom(roomName('gone')).query);
  const dbA = await databaseOf(a);
  const idA = (await identity(a)).id;
  await a.close();

  // The next tab takes over the free node: A's chain is now its own node's, in another room.
  const b = await context.newPage();
  await presetLook(b, 'en', 'light');
  await openTab(b, easyRoom(roomName('here')).query);
  expect((await identity(b)).id).toBe(idA);
  const dbB = await databaseOf(b);

  // A connection that ignores versionchange, as an old tab that never lets go would.
  await b.evaluate(
    (name) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => {
          (globalThis as unknown as { held: IDBDatabase }).held = request.result;
          resolve();
        };
        request.onerror = () => reject(new Error(String(request.error)));
      }),
    dbA,
  );

  await openDialog(b);
  await expect(chainRow(b, dbA)).toHaveAttribute('data-use', 'free');
  await expect(chainRow(b, dbB)).toHaveAttribute('data-use', 'here');
  await chainRow(b, dbA).getByTestId('chain-delete').click();
  await b.getByTestId('chain-confirm').click();
  const error = b.getByTestId('nodes-error');
  await expect(error).toHaveAttribute('data-code', 'blocked');
  await expect(error).toContainText('another tab still has it open');
  await expect(error).toHaveAttribute('role', 'alert');

  await b.evaluate(() => (globalThis as unknown as { held: IDBDatabase }).held.close());
  await expect(async () => {
    await b.getByTestId('nodes-refresh').click();
    await expect(chainRow(b, dbA)).toHaveCount(0, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  expect(await databaseNames(b)).not.toContain(dbA);
  expect(await databaseNames(b)).toContain(dbB);
});
