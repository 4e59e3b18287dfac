/**
 * The "this browser's nodes and chains" commands over fake ports: who uses what, and what
 * they refuse. Real IndexedDB, locks and tabs are covered by tests/e2e/ui-browser-nodes.spec.ts.
 */
import { describe, expect, test } from 'vitest';
import {
  BrowserNodes,
  MAX_DATABASES_MEASURED,
  type BrowserNodesPorts,
} from '../../src/app/browser-nodes.js';
import { bytesToHex } from '../../src/core/bytes.js';
import { addressOf } from '../../src/core/tx.js';
import type { IdentitySummary } from '../../src/identity/claim.js';
import { StoreError } from '../../src/node/ports.js';
import { parseNodeDatabaseName, type NodeDatabase } from '../../src/store/databases.js';

const CHAIN_A = 'aaaaaaaaaaaaaaaa';
const CHAIN_B = 'bbbbbbbbbbbbbbbb';

function db(nodeId: string, chain: string, room: string): NodeDatabase {
  return parseNodeDatabaseName(`tabchain:${nodeId}:${chain}:${room}`)!;
}

function identity(id: string, held: boolean, lastUsed: number): IdentitySummary {
  const publicKey = new Uint8Array(32).fill(id.charCodeAt(0));
  return { id, name: `Node ${id}`, colour: 1, publicKey, created: 1, lastUsed, held };
}

/** Ports over plain arrays; records what was deleted and forgotten. */
class FakePorts implements BrowserNodesPorts {
  databases: NodeDatabase[] = [];
  identities: IdentitySummary[] = [];
  deleteError: Error | undefined;
  readonly deleted: string[] = [];
  readonly forgotten: string[] = [];
  readonly measured: string[] = [];

  listDatabases(): Promise<NodeDatabase[]> {
    return Promise.resolve([...this.databases]);
  }
  canListDatabases(): boolean {
    return true;
  }
  databaseStats(name: string) {
    this.measured.push(name);
    return Promise.resolve({ entries: 3, height: 2 });
  }
  deleteDatabase(name: string): Promise<void> {
    if (this.deleteError !== undefined) return Promise.reject(this.deleteError);
    this.deleted.push(name);
    this.databases = this.databases.filter((d) => d.name !== name);
    return Promise.resolve();
  }
  listIdentities(): Promise<IdentitySummary[]> {
    return Promise.resolve([...this.identities]);
  }
  forgetIdentity(id: string): Promise<boolean> {
    if (this.identities.find((i) => i.id === id)?.held) return Promise.resolve(false);
    this.forgotten.push(id);
    this.identities = this.identities.filter((i) => i.id !== id);
    return Promise.resolve(true);
  }
}

// This tab runs node 'aaaa0001' in room b; 'bbbb0002' runs in another tab; 'cccc0003' is free.
const HERE = db('aaaa0001', CHAIN_B, 'b');
const MINE_OLD = db('aaaa0001', CHAIN_A, 'a');
const OTHER_TAB = db('bbbb0002', CHAIN_A, 'a');
const FREE = db('cccc0003', CHAIN_A, 'a');
const ORPHAN = db('dddd0004', CHAIN_A, 'a');

function setup(): { ports: FakePorts; nodes: BrowserNodes } {
  const ports = new FakePorts();
  ports.databases = [MINE_OLD, OTHER_TAB, FREE, ORPHAN, HERE];
  ports.identities = [
    identity('cccc0003', false, 30),
    identity('aaaa0001', true, 20),
    identity('bbbb0002', true, 10),
  ];
  const nodes = new BrowserNodes({ databaseName: HERE.name, identityId: 'aaaa0001' }, ports);
  return { ports, nodes };
}

describe('listing', () => {
  test('marks this tab’s chain and node, and those another tab runs', async () => {
    const { nodes } = setup();
    const list = await nodes.list();
    expect(list.chains.map((c) => [c.name, c.use, c.nodeName])).toEqual([
      [HERE.name, 'here', 'Node aaaa0001'],
      [MINE_OLD.name, 'free', 'Node aaaa0001'],
      [OTHER_TAB.name, 'elsewhere', 'Node bbbb0002'],
      [FREE.name, 'free', 'Node cccc0003'],
      // Its identity is gone: no name, still listed so it can be deleted.
      [ORPHAN.name, 'free', undefined],
    ]);
    expect(list.chains[0]!.stats).toEqual({ entries: 3, height: 2 });
    expect(list.nodes.map((n) => [n.id, n.use, n.chains])).toEqual([
      ['aaaa0001', 'here', 2],
      ['cccc0003', 'free', 1],
      ['bbbb0002', 'elsewhere', 1],
    ]);
    const key = new Uint8Array(32).fill('a'.charCodeAt(0));
    expect(list.nodes[0]!.address).toBe(bytesToHex(addressOf(key)));
  });

  test(`measures at most ${MAX_DATABASES_MEASURED} databases per listing`, async () => {
    const { ports, nodes } = setup();
    ports.databases = Array.from({ length: MAX_DATABASES_MEASURED + 5 }, (_, i) =>
      db(`n${String(i).padStart(4, '0')}`, CHAIN_A, 'a'),
    );
    const list = await nodes.list();
    expect(ports.measured).toHaveLength(MAX_DATABASES_MEASURED);
    expect(list.chains).toHaveLength(MAX_DATABASES_MEASURED + 5);
    expect(list.chains.filter((c) => c.stats === undefined)).toHaveLength(5);
  });
});

describe('deleting a chain', () => {
  test('deletes an old chain of this tab’s own node, and a free node’s', async () => {
    const { ports, nodes } = setup();
    expect(await nodes.deleteChain(MINE_OLD.name)).toEqual({ ok: true });
    expect(await nodes.deleteChain(ORPHAN.name)).toEqual({ ok: true });
    expect(ports.deleted).toEqual([MINE_OLD.name, ORPHAN.name]);
  });

  test('refuses this tab’s chain, a chain of a node another tab runs, and foreign names', async () => {
    const { ports, nodes } = setup();
    expect(await nodes.deleteChain(HERE.name)).toMatchObject({ ok: false, code: 'in-use' });
    expect(await nodes.deleteChain(OTHER_TAB.name)).toMatchObject({
      ok: false,
      code: 'elsewhere',
    });
    expect(await nodes.deleteChain('other-app-db')).toMatchObject({ ok: false, code: 'invalid' });
    expect(ports.deleted).toEqual([]);
  });

  test('asks who runs the node at delete time, not at listing time', async () => {
    const { ports, nodes } = setup();
    await nodes.list();
    ports.identities = ports.identities.map((i) =>
      i.id === 'cccc0003' ? { ...i, held: true } : i,
    );
    expect(await nodes.deleteChain(FREE.name)).toMatchObject({ ok: false, code: 'elsewhere' });
  });

  test('a delete another connection blocks says blocked; other errors say failed', async () => {
    const { ports, nodes } = setup();
    ports.deleteError = new StoreError('blocked', 'still open in another tab');
    expect(await nodes.deleteChain(FREE.name)).toMatchObject({ ok: false, code: 'blocked' });
    ports.deleteError = new StoreError('unknown', 'UnknownError');
    expect(await nodes.deleteChain(FREE.name)).toEqual({
      ok: false,
      code: 'failed',
      detail: 'UnknownError',
    });
  });
});

describe('forgetting a node', () => {
  test('forgets a free node; refuses this tab’s node and one another tab holds', async () => {
    const { ports, nodes } = setup();
    expect(await nodes.forgetNode('aaaa0001')).toMatchObject({ ok: false, code: 'in-use' });
    expect(await nodes.forgetNode('bbbb0002')).toMatchObject({ ok: false, code: 'elsewhere' });
    expect(await nodes.forgetNode('cccc0003')).toEqual({ ok: true });
    expect(ports.forgotten).toEqual(['cccc0003']);
  });
});
