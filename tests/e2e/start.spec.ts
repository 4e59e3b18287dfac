/**
 * `npm start` (issue 9): the first thing printed is the address students type, the build is
 * quiet when it succeeds, and the app has a favicon (no 404 in the console).
 */
import { expect, test } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { easyRoom, openTab, roomName } from './tab.ts';

test('npm start prints the students’ address first and no build noise', async () => {
  test.setTimeout(240_000);
  const dir = await mkdtemp(path.join(tmpdir(), 'tabchain-start-'));
  // The start script as `npm start` runs it, built into a folder of its own so the suite's
  // server keeps its dist/; on loopback, advertising 127.0.0.5 as the LAN address.
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/start.ts',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--advertise',
      '127.0.0.5',
      '--dir',
      dir,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  try {
    await expect.poll(() => out, { timeout: 200_000 }).toContain('Press Ctrl+C to stop.');
    const lines = out.split('\n').filter((l) => l.trim() !== '');
    // One progress line, then the students' address before anything else.
    expect(lines[0]).toBe('Building tabchain... done.');
    expect(lines[1]).toBe('Students open this address in their browser:');
    const url = /^ {4}(http:\/\/127\.0\.0\.5:(\d+)\/)$/.exec(lines[2] ?? '');
    expect(url, lines[2]).not.toBeNull();
    expect(lines[3]).toBe(`On this laptop: http://127.0.0.1:${url![2]}/`);
    // Nothing of the build: no sizes, no chunk-size warning, no plugin timings.
    expect(out).not.toMatch(/warn|chunk|PLUGIN|kB|vite|build-wasm|error/i);

    const favicon = await fetch(`http://127.0.0.1:${url![2]}/favicon.svg`);
    expect(favicon.status).toBe(200);
    expect(favicon.headers.get('content-type')).toBe('image/svg+xml');
  } finally {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    await rm(dir, { recursive: true, force: true });
  }
});

test('the page links a favicon the server serves, and loads without a failed request', async ({
  page,
  request,
}) => {
  const failed: string[] = [];
  page.on('response', (res) => {
    if (res.status() >= 400) failed.push(`${res.status()} ${res.url()}`);
  });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await openTab(page, easyRoom(roomName('icon')).query);
  const href = await page.locator('link[rel="icon"]').getAttribute('href');
  expect(href).toBe('/favicon.svg');
  const icon = await request.get(href!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toBe('image/svg+xml');
  expect(await icon.text()).toContain('<svg');
  expect(failed).toEqual([]);
  expect(errors).toEqual([]);
});
