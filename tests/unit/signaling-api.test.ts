/**
 * The server's JSON API beside the signaling socket (signaling/api.ts) and the page's reading
 * of it (src/app/classroom-server.ts): where students reach the server.
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_ADVERTISED_ADDRESSES,
  SERVER_INFO_PATH,
  isAdvertisableHost,
  isLoopbackHost,
} from '../../signaling/api.js';
import { lanAddresses, parseAdvertise, reachableAddresses } from '../../signaling/interfaces.js';
import { parseServerInfo, shareTarget } from '../../src/app/classroom-server.js';
import { HANG, start } from './helpers/signaling.js';

async function getJson(port: number, path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: (await res.json()) as unknown };
}

describe('GET /api/server-info', HANG, () => {
  it('names the advertised addresses and the real port', async () => {
    const server = await start({ advertise: ['127.0.0.5', 'teacher-laptop.local'] });
    const { status, body } = await getJson(server.port, SERVER_INFO_PATH);
    expect(status).toBe(200);
    expect(body).toEqual({ port: server.port, addresses: ['127.0.0.5', 'teacher-laptop.local'] });
  });

  it('names no address for a server bound to loopback', async () => {
    const server = await start();
    expect((await getJson(server.port, SERVER_INFO_PATH)).body).toEqual({
      port: server.port,
      addresses: [],
    });
  });
});

describe('reachableAddresses', () => {
  const lan = (): string[] => ['192.168.1.23', '10.0.0.7'];

  it('lists the LAN addresses of a server on every interface', () => {
    expect(reachableAddresses('0.0.0.0', undefined, lan)).toEqual(['192.168.1.23', '10.0.0.7']);
    expect(reachableAddresses('::', undefined, lan)).toEqual(['192.168.1.23', '10.0.0.7']);
  });

  it('lists the bound address only, and none for loopback', () => {
    expect(reachableAddresses('10.0.0.7', undefined, lan)).toEqual(['10.0.0.7']);
    expect(reachableAddresses('127.0.0.1', undefined, lan)).toEqual([]);
    expect(reachableAddresses('localhost', undefined, lan)).toEqual([]);
  });

  it('prefers the advertised list, even empty, deduplicated and bounded', () => {
    expect(reachableAddresses('0.0.0.0', [], lan)).toEqual([]);
    const many = Array.from({ length: 20 }, (_, i) => `10.0.0.${i + 1}`);
    const got = reachableAddresses('0.0.0.0', ['10.0.0.1', ...many, 'bad host'], lan);
    expect(got).toHaveLength(MAX_ADVERTISED_ADDRESSES);
    expect(got[0]).toBe('10.0.0.1');
    expect(new Set(got).size).toBe(got.length);
  });

  it('reads non-internal IPv4 interfaces only', () => {
    const entry = (address: string, family: 'IPv4' | 'IPv6', internal: boolean) =>
      ({ address, family, internal, netmask: '', mac: '', cidr: null }) as never;
    expect(
      lanAddresses({
        lo: [entry('127.0.0.1', 'IPv4', true), entry('::1', 'IPv6', true)],
        wlan0: [entry('192.168.1.23', 'IPv4', false), entry('fe80::1', 'IPv6', false)],
      }),
    ).toEqual(['192.168.1.23']);
  });
});

describe('advertised hosts', () => {
  it.each(['192.168.1.23', '10.0.0.1', 'teacher-laptop', 'teacher-laptop.local', 'a.b-c.d'])(
    'accepts %s',
    (host) => expect(isAdvertisableHost(host)).toBe(true),
  );
  it.each([
    '',
    '256.1.1.1',
    '01.2.3.4',
    '1.2.3',
    '::1',
    '[::1]',
    'a b',
    'x/y',
    'http://x',
    '-a.b',
    'a..b',
    'a'.repeat(64),
    `${'a.'.repeat(127)}a`,
  ])('refuses %j', (host) => expect(isAdvertisableHost(host)).toBe(false));

  it('reads the flag before the environment and names a bad host', () => {
    expect(parseAdvertise(undefined, undefined)).toBeUndefined();
    expect(parseAdvertise(undefined, '10.0.0.1, x.local')).toEqual({
      hosts: ['10.0.0.1', 'x.local'],
    });
    expect(parseAdvertise(['10.0.0.2'], '10.0.0.1')).toEqual({ hosts: ['10.0.0.2'] });
    expect(parseAdvertise(undefined, '')).toEqual({ hosts: [] });
    expect(parseAdvertise(['ok.local', 'not ok'], undefined)).toEqual({ bad: 'not ok' });
  });

  it('knows loopback names and addresses', () => {
    for (const h of ['localhost', 'app.localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]'])
      expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['192.168.1.2', 'teacher-laptop', 'classroom.test', '128.0.0.1'])
      expect(isLoopbackHost(h)).toBe(false);
  });
});

describe('the page reads server-info', () => {
  it('keeps valid fields, bounded, and refuses malformed answers', () => {
    expect(
      parseServerInfo({ port: 8080, addresses: ['10.0.0.1', 'bad host', 7, '10.0.0.1'] }),
    ).toEqual({
      port: 8080,
      addresses: ['10.0.0.1'],
    });
    const many = Array.from({ length: 50 }, (_, i) => `10.0.1.${i}`);
    expect(parseServerInfo({ port: 1, addresses: many })?.addresses).toHaveLength(
      MAX_ADVERTISED_ADDRESSES,
    );
    for (const bad of [
      null,
      [],
      'x',
      { port: 0, addresses: [] },
      { port: 70000, addresses: [] },
      { port: 80 },
    ])
      expect(parseServerInfo(bad)).toBeUndefined();
  });

  const local = { protocol: 'http:', hostname: 'localhost', origin: 'http://localhost:8080' };

  it('shares the LAN address when the page was opened on loopback', () => {
    const info = { port: 8080, addresses: ['192.168.1.23', '10.0.0.7'] };
    expect(shareTarget(local, info)).toEqual({
      origin: 'http://192.168.1.23:8080',
      reach: 'lan',
      choices: info.addresses,
    });
    expect(shareTarget(local, info, '10.0.0.7').origin).toBe('http://10.0.0.7:8080');
    expect(shareTarget(local, info, '1.2.3.4').origin).toBe('http://192.168.1.23:8080');
  });

  it('says when students cannot reach it, and keeps a LAN page as it is', () => {
    expect(shareTarget(local, { port: 8080, addresses: [] }).reach).toBe('loopback-only');
    expect(shareTarget(local, null).reach).toBe('unknown');
    const lanPage = { protocol: 'http:', hostname: 'teacher', origin: 'http://teacher:8080' };
    expect(shareTarget(lanPage, { port: 8080, addresses: ['10.0.0.7'] })).toEqual({
      origin: 'http://teacher:8080',
      reach: 'page',
      choices: [],
    });
  });
});
