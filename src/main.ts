/**
 * The composition root: the only place that picks the concrete adapters (TabAdapters), boots
 * the tab's node from them and mounts the interface on it.
 */
import { mount } from 'svelte';
import App from './ui/App.svelte';
import { DEFAULT_PARAMS } from './core/params.js';
import { roomFromQuery } from './core/room.js';
import type { TabAdapters } from './app/adapters.js';
import { bootNode } from './app/boot.js';
import { classroomServer } from './app/classroom-server.js';
import { BrowserNodes, type BrowserNodesPorts } from './app/browser-nodes.js';
import { consoleApi, type ConsoleApi } from './app/console-api.js';
import {
  consoleDebug,
  debugStoreHooks,
  DEBUG_BUILD,
  type ConsoleDebug,
  type DebugHooks,
} from './app/debug.js';
import { claimIdentity, forgetIdentity, listIdentities } from './identity/claim.js';
import { WorkerPoolMiner } from './mining/pool.js';
import { SignalingClient, signalingUrl } from './net/signaling-client.js';
import { browserPeerFactory } from './net/webrtc/browser-peer.js';
import { nodeDatabaseStats } from './store/database-stats.js';
import {
  deleteNodeDatabase,
  listNodeDatabases,
  requestPersistentStorage,
} from './store/databases.js';
import { IdbStore } from './store/idb-store.js';
import { MemoryStore } from './store/memory-store.js';
import { AppModel } from './ui/app-model.js';

declare global {
  interface Window {
    /** The console API: see docs/console.md; `debug` only in a debug build. */
    tabchain?: ConsoleApi & { debug?: ConsoleDebug };
  }
}

/** The test hooks' faults, in a debug build only (src/app/debug.ts). */
const debug: DebugHooks | undefined = DEBUG_BUILD ? { crashNextCommit: false } : undefined;

/** The browser's parts: IndexedDB, Web Workers, Web Locks, WebRTC, the page's own server. */
const adapters: TabAdapters = {
  claimIdentity: () => claimIdentity(),
  openStore: async (name) => {
    const store = await IdbStore.open(name, debug ? { testHooks: debugStoreHooks(debug) } : {});
    void requestPersistentStorage();
    return store;
  },
  memoryStore: () => new MemoryStore(),
  createMiner: () => new WorkerPoolMiner(),
  clock: { now: () => Date.now() },
  signalingUrl: signalingUrl(location),
  createSignaling: (url, room, link) => new SignalingClient({ url, room, link }),
  createPeer: browserPeerFactory(),
};

/** This browser's node databases and identity registry, for the nodes-and-chains dialog. */
const browserNodesPorts: BrowserNodesPorts = {
  listDatabases: () => listNodeDatabases(),
  canListDatabases: () => typeof indexedDB.databases === 'function',
  databaseStats: (name) => nodeDatabaseStats(name),
  deleteDatabase: (name) => deleteNodeDatabase(name),
  listIdentities: () => listIdentities(),
  forgetIdentity: (id) => forgetIdentity(id),
};

const parsed = roomFromQuery(location.search.replace(/^\?/, ''));
const params = 'params' in parsed ? parsed.params : DEFAULT_PARAMS;
const target = document.getElementById('app') as HTMLElement;

bootNode(params, adapters, !/[?&]net=off(&|$)/.test(location.search)).then(
  (booted) => {
    window.tabchain = debug
      ? { ...consoleApi(booted), debug: consoleDebug(booted, debug) }
      : consoleApi(booted);
    const nodes = new BrowserNodes(
      { databaseName: booted.databaseName, identityId: booted.claim.identity.id },
      browserNodesPorts,
    );
    const model = new AppModel(booted, params, {
      network: booted.net.network,
      lab: booted.lab,
      server: classroomServer(location.origin),
      nodes,
    });
    mount(App, { target, props: { model } });
  },
  (e: unknown) => {
    target.textContent = `tabchain could not start: ${e instanceof Error ? e.message : String(e)}`;
  },
);
