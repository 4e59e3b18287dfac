/**
 * Getting the class into the room (issue 9): share links at an address students can reach.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { createSignalingServer } from '../../signaling/server.ts';
import { easyRoom, openTab, roomName } from './tab.ts';
import { presetLook, showPanel } from './ui-support.ts';

/** Creates a room in the Rooms panel; its share link. */
async function createRoom(page: Page, name: string): Promise<string> {
  await showPanel(page, 'rooms');
  await page.getByTestId('room-name-input').fill(name);
  await page.getByTestId('room-create').click();
  const link = await page.getByTestId('room-link').getAttribute('href');
  expect(link).not.toBeNull();
  return link!;
}

test.describe('share link', () => {
  test('names the LAN address the server advertises, in the link and the QR code', async ({
    browser,
  }) => {
    // Tests have only loopback: 127.0.0.5 and .6 stand for the laptop's LAN addresses.
    const server = await createSignalingServer({
      port: 0,
      host: '127.0.0.1',
      staticDir: 'dist',
      advertise: ['127.0.0.5', '127.0.0.6'],
    });
    let context: BrowserContext | undefined;
    try {
      context = await browser.newContext({ baseURL: `http://127.0.0.1:${server.port}` });
      const page = await context.newPage();
      await presetLook(page, 'en', 'light');
      await openTab(page, easyRoom(roomName('lan')).query);
      const name = roomName('shared');
      await createRoom(page, name);

      const link = page.getByTestId('room-link');
      const qr = page.getByTestId('room-share').getByTestId('qr');
      const want = `http://127.0.0.5:${server.port}/?room=${name}`;
      await expect(link).toHaveAttribute('href', want);
      await expect(link).toHaveText(want);
      await expect(qr).toHaveAttribute('data-qr-text', want);
      await expect(page.getByTestId('share-unreachable')).toHaveCount(0);

      // Two addresses: the teacher picks the one the class's network uses.
      await page.getByTestId('share-address').selectOption('127.0.0.6');
      const other = `http://127.0.0.6:${server.port}/?room=${name}`;
      await expect(link).toHaveAttribute('href', other);
      await expect(qr).toHaveAttribute('data-qr-text', other);
    } finally {
      await context?.close();
      await server.close();
    }
  });

  test('says plainly that students cannot reach a server with only loopback', async ({
    page,
    baseURL,
  }) => {
    // The suite's server listens on 127.0.0.1 alone: no other laptop can reach it.
    await presetLook(page, 'en', 'light');
    await openTab(page, easyRoom(roomName('lo')).query);
    const name = roomName('alone');
    const link = await createRoom(page, name);
    expect(link).toBe(`${baseURL}/?room=${name}`);
    const warning = page.getByTestId('share-unreachable');
    await expect(warning).toContainText('Students cannot open this link');
    await expect(warning).toContainText('no network address');
    await expect(page.getByTestId('share-address')).toHaveCount(0);
  });
});
