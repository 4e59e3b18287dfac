/**
 * Getting the class into the room (issue 9): share links at an address students can reach,
 * and a short name that joins the live room of that name, never a room with default rules.
 */
import {
  expect,
  test,
  type APIRequestContext,
  type BrowserContext,
  type Page,
} from '@playwright/test';
import { createSignalingServer } from '../../signaling/server.ts';
import { easyRoom, nodeKey, openTab, roomName, waitPeers } from './tab.ts';
import { expectNoAxeViolations, presetLook, showPanel } from './ui-support.ts';

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

/** A room with non-default rules (t=7 s), so a name alone would give another genesis. */
function oddRoom(name: string, t = 7): string {
  return `room=${name}&bits=207fffff&retarget=fixed&t=${t}`;
}

/** Waits until the server lists `count` live rooms named `name` (their tabs have joined). */
async function waitLive(request: APIRequestContext, name: string, count: number): Promise<void> {
  await expect
    .poll(async () => {
      const res = await request.get(`/api/rooms?name=${name}`);
      return ((await res.json()) as { rooms: unknown[] }).rooms.length;
    })
    .toBe(count);
}

/** Types a short name into the Rooms panel's join box. */
async function joinByName(page: Page, name: string): Promise<void> {
  await showPanel(page, 'rooms');
  await page.getByTestId('join-input').fill(name);
  await page.getByTestId('join-submit').click();
}

test.describe('short-name join', () => {
  test('a short name joins the live room of that name, with its rules and its peers', async ({
    context,
    request,
  }) => {
    const name = roomName('lesson1');
    const first = await context.newPage();
    await presetLook(first, 'en', 'light');
    await openTab(first, oddRoom(name));
    const genesis = await first.getByTestId('genesis-hash').textContent();
    await waitLive(request, name, 1);

    const second = await context.newPage();
    await presetLook(second, 'en', 'light');
    await openTab(second, easyRoom(roomName('elsewhere')).query);
    await joinByName(second, name);
    await second.waitForURL((url) => url.searchParams.get('room') === name);
    expect(new URL(second.url()).searchParams.get('t')).toBe('7');
    await second.waitForFunction(() => window.tabchain !== undefined);
    await expect(second.getByTestId('genesis-hash')).toHaveText(genesis!);
    await waitPeers(second, 1);
    const firstKey = await nodeKey(first);
    const peers = await second.evaluate(() => window.tabchain!.net.peers().map((p) => p.key));
    expect(peers).toContain(firstKey);
  });

  test('several rooms of one name, or none, are listed to pick from; none opens by itself', async ({
    context,
    request,
  }) => {
    const name = roomName('lesson1');
    const a = await context.newPage();
    await openTab(a, oddRoom(name, 7));
    const b = await context.newPage();
    await openTab(b, oddRoom(name, 9));
    const genesisB = await b.getByTestId('genesis-hash').textContent();
    await waitLive(request, name, 2);

    const student = await context.newPage();
    await presetLook(student, 'en', 'light');
    const home = easyRoom(roomName('home'));
    await openTab(student, home.query);
    const homeGenesis = await student.getByTestId('genesis-hash').textContent();
    const homeUrl = student.url();

    // A name nobody is in: said so, the live rooms listed, and this tab stays where it is.
    const absent = roomName('absent');
    await joinByName(student, absent);
    const lookup = student.getByTestId('join-lookup');
    await expect(lookup).toHaveAttribute('data-kind', 'none');
    await expect(lookup).toContainText(`No room named “${absent}” is live`);
    await expect(lookup.getByTestId('live-room-link').filter({ hasText: name })).toHaveCount(2);
    expect(student.url()).toBe(homeUrl);
    await expect(student.getByTestId('genesis-hash')).toHaveText(homeGenesis!);

    // Two live rooms share the name: both listed, each its own chain; the student picks one.
    await joinByName(student, name);
    await expect(lookup).toHaveAttribute('data-kind', 'several');
    await expect(lookup).toContainText(`2 live rooms are named “${name}”`);
    const rooms = lookup.getByTestId('live-room');
    await expect(rooms).toHaveCount(2);
    expect(student.url()).toBe(homeUrl);
    await expectNoAxeViolations(student, 'rooms panel, several live rooms');
    await lookup.locator(`[data-genesis="${genesisB}"]`).getByTestId('live-room-link').click();
    await student.waitForURL((url) => url.searchParams.get('t') === '9');
    await student.waitForFunction(() => window.tabchain !== undefined);
    await expect(student.getByTestId('genesis-hash')).toHaveText(genesisB!);
  });
});
