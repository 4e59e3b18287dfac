/** The Log panel: what the node saw, filterable and exportable for a lab report. */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { easyRoom, mineTo, openTab, roomName } from './tab.ts';
import { presetLook, showPanel } from './ui-support.ts';

test('the log lists blocks and transfers, filters by kind, exports JSON and CSV', async ({
  page,
}) => {
  await presetLook(page, 'en', 'light');
  await openTab(page, easyRoom(roomName('log')).query);
  await mineTo(page, 3);
  const sent = await page.evaluate(() =>
    window.tabchain!.send('00112233445566778899aabbccddeeff00112233', '1', '0.0001', 'a, "b"'),
  );
  expect(sent.ok).toBe(true);
  await showPanel(page, 'log');
  await expect(page.getByTestId('log-entry').first()).toBeVisible();
  await expect(page.locator('[data-event="block-mined"]').first()).toBeVisible();
  await expect(page.locator('[data-event="tx-accepted"]')).toHaveCount(1);

  await page.getByTestId('log-filter-block').uncheck();
  await expect(page.locator('[data-event="block-mined"]')).toHaveCount(0);
  await expect(page.locator('[data-event="tx-accepted"]')).toHaveCount(1);
  await page.getByTestId('log-filter-block').check();

  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('log-export-csv').click(),
  ]);
  expect(csv.suggestedFilename()).toMatch(/\.csv$/);
  const text = readFileSync(await csv.path(), 'utf8');
  const lines = text.trim().split('\r\n');
  expect(lines[0]).toBe('seq,time,kind,event,height,id,code,from,details');
  expect(lines.some((l) => l.includes(',block,block-mined,'))).toBe(true);
  expect(lines.some((l) => l.includes(',tx,tx-accepted,'))).toBe(true);

  const [json] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('log-export-json').click(),
  ]);
  const data = JSON.parse(readFileSync(await json.path(), 'utf8')) as {
    genesis: string;
    entries: { event: string }[];
  };
  expect(data.genesis).toMatch(/^[0-9a-f]{64}$/);
  expect(data.entries.some((e) => e.event === 'block-connected')).toBe(true);
});
