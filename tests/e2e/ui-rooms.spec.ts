/** The Rooms panel: a room made here is a link; its genesis is the same in any tab. */
import { expect, test } from '@playwright/test';
import { openTab, roomName, easyRoom } from './tab.ts';
import { presetLook, showPanel } from './ui-support.ts';

test('a room created in the Rooms panel opens in a second tab with the same genesis', async ({
  context,
}) => {
  const first = await context.newPage();
  await presetLook(first, 'en', 'light');
  await openTab(first, easyRoom(roomName('rooms')).query);
  await showPanel(first, 'rooms');

  const name = roomName('made');
  await first.getByTestId('room-name-input').fill(name);
  await first.getByTestId('room-time').fill('20');
  await first.getByTestId('room-diff-easy').check();
  await first.getByTestId('room-retarget-period').check();
  await first.getByTestId('room-create').click();
  const link = await first.getByTestId('room-link').getAttribute('href');
  expect(link).toContain(`room=${name}`);
  const genesis = await first.getByTestId('room-genesis').getAttribute('data-genesis');
  expect(genesis).toMatch(/^[0-9a-f]{64}$/);

  const second = await context.newPage();
  await second.goto(link!);
  await second.waitForFunction(() => window.tabchain !== undefined);
  await expect(second.getByTestId('room-name')).toHaveText(name);
  await expect(second.getByTestId('genesis-hash')).toHaveText(genesis!);
  // The first tab's own room is unchanged.
  await expect(first.getByTestId('genesis-hash')).not.toHaveText(genesis!);
});

test('the room form says what is wrong, field by field', async ({ page }) => {
  await presetLook(page, 'en', 'light');
  await openTab(page, easyRoom(roomName('form')).query);
  await showPanel(page, 'rooms');
  await page.getByTestId('room-name-input').fill('no spaces allowed');
  await page.getByTestId('room-time').fill('0');
  await expect(page.getByTestId('room-name-input')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('room-time')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('room-error')).toHaveCount(2);
  await expect(page.getByTestId('room-create')).toBeDisabled();

  await page.getByTestId('room-diff-custom').check();
  await page.getByTestId('room-bits').fill('2100ffff');
  await page.getByTestId('room-name-input').fill('fine-name');
  await page.getByTestId('room-time').fill('10');
  await expect(page.getByTestId('room-bits')).toHaveAttribute('aria-invalid', 'true');
  await page.getByTestId('room-bits').fill('1f00ffff');
  await expect(page.getByTestId('room-error')).toHaveCount(0);
  await expect(page.getByTestId('room-create')).toBeEnabled();
});

test('joining by a pasted link reloads the app into that room; a bad code is refused', async ({
  page,
}) => {
  await presetLook(page, 'en', 'light');
  await openTab(page, easyRoom(roomName('join')).query);
  await showPanel(page, 'rooms');
  await page.getByTestId('join-input').fill('bad name!');
  await page.getByTestId('join-submit').click();
  await expect(page.getByTestId('join-error')).toBeVisible();

  // A short code goes through the live rooms (ui-join.spec.ts); a link says the rules itself.
  const code = roomName('code');
  const { query } = easyRoom(code);
  await page.getByTestId('join-input').fill(`http://laptop.example:8080/?${query}`);
  await page.getByTestId('join-submit').click();
  await page.waitForURL((url) => url.searchParams.get('room') === code);
  await page.waitForFunction(() => window.tabchain !== undefined);
  await expect(page.getByTestId('room-name')).toHaveText(code);
});
