/** What `npm start` prints first (signaling/banner.ts): the address students type. */
import { describe, expect, it } from 'vitest';
import { startBanner, studentUrls } from '../../signaling/banner.js';

describe('start banner', () => {
  it('puts the students’ address first, plainly, then this laptop’s', () => {
    const lines = startBanner({ host: '0.0.0.0', port: 8080, lan: ['192.168.1.23'] });
    expect(lines).toEqual([
      'Students open this address in their browser:',
      '',
      '    http://192.168.1.23:8080/',
      '',
      'On this laptop: http://localhost:8080/',
    ]);
  });

  it('lists every LAN address, one a line, in order', () => {
    const input = { host: '0.0.0.0', port: 4173, lan: ['192.168.1.23', '10.0.0.7'] };
    const lines = startBanner(input);
    expect(lines[0]).toMatch(/^Students open one of these addresses/);
    expect(lines.filter((l) => l.startsWith('    http://'))).toEqual([
      '    http://192.168.1.23:4173/',
      '    http://10.0.0.7:4173/',
    ]);
    expect(studentUrls(input)).toEqual(['http://192.168.1.23:4173/', 'http://10.0.0.7:4173/']);
    expect(lines.at(-1)).toBe('On this laptop: http://localhost:4173/');
  });

  it('says plainly when students cannot reach it, and why', () => {
    const offline = startBanner({ host: '0.0.0.0', port: 8080, lan: [] });
    expect(offline[0]).toBe('Students cannot reach this laptop yet: it has no network address.');
    expect(offline[1]).toMatch(/Connect it to the classroom network/);
    expect(offline.at(-1)).toBe('On this laptop: http://localhost:8080/');
    const loopback = startBanner({ host: '127.0.0.1', port: 8080, lan: [] });
    expect(loopback[0]).toBe('Students cannot reach this server: it listens on 127.0.0.1 only.');
    expect(loopback.at(-1)).toBe('On this laptop: http://127.0.0.1:8080/');
    expect(studentUrls({ host: '0.0.0.0', port: 8080, lan: [] })).toEqual([]);
  });

  it('names a server bound to one LAN address once, and brackets IPv6', () => {
    const lines = startBanner({ host: '10.0.0.7', port: 8080, lan: ['10.0.0.7'] });
    expect(lines.filter((l) => l.includes('http://'))).toEqual(['    http://10.0.0.7:8080/']);
    expect(startBanner({ host: '::1', port: 8080, lan: [] }).at(-1)).toBe(
      'On this laptop: http://[::1]:8080/',
    );
  });
});
