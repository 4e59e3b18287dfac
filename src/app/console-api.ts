/**
 * `window.tabchain`: a documented console API for curious students, and the handle the
 * end-to-end tests drive the tab through. Blocks travel as hex of their wire encoding.
 */
import { parseAddress } from '../core/address.js';
import { bytesToHex, hexToBytes } from '../core/bytes.js';
import { decodeBlock, encodeBlock } from '../core/block.js';
import { formatCoins, parseCoins } from '../core/money.js';
import type { BootedNode } from './boot.js';
import { consoleNetwork } from './console-network.js';
import type { LogEntry, LogValue } from './event-log.js';
import { tamper, tamperBlock, type TamperEdits } from '../node/tamper.js';

/** One block of the tree as the console shows it. */
export interface ConsoleBlock {
  readonly id: string;
  readonly height: number;
  readonly parent: string | undefined;
  readonly status: string;
  readonly hasBody: boolean;
  readonly active: boolean;
}

/**
 * One entry of the node's event log as the console returns it: `t` (ms since the epoch,
 * comparable across tabs of one machine), `type` (the event), `source` (where a block or
 * transfer came from, when known) and the entry's other fields (`id`, `height`, `code`, ...).
 */
export interface ConsoleEvent {
  readonly t: number;
  readonly type: string;
  readonly id?: string;
  readonly height?: number;
  readonly code?: string;
  readonly source?: string;
  readonly [field: string]: LogValue | undefined;
}

function consoleEvent(e: LogEntry): ConsoleEvent {
  const { from, ...fields } = e.fields;
  const source = typeof from === 'string' && from !== '' ? from : undefined;
  return { t: e.at, type: e.event, ...fields, ...(source === undefined ? {} : { source }) };
}

/**
 * Builds the console API of a booted node. `debug` (fault injection, timing probes) is not
 * part of it: src/main.ts adds it in a debug build only (src/app/debug.ts).
 */
export function consoleApi(booted: BootedNode) {
  const { node, claim } = booted;
  const chain = node.chain;
  return {
    /** What the node saw (the Log panel's entries), oldest first; `since` filters by time (ms). */
    events: (since = 0): ConsoleEvent[] =>
      booted.log.entries.filter((e) => e.at >= since).map(consoleEvent),
    /** This node: id, name, colour, address, how it claimed its identity. */
    identity: () => ({
      id: claim.identity.id,
      name: claim.identity.name,
      colour: claim.identity.colour,
      address: bytesToHex(node.address),
      how: claim.how,
      adopted: claim.adopted,
      resumed: claim.resumed,
    }),
    /** The room's chain id (genesis hash) and database name. */
    room: () => ({
      name: node.params.name,
      chainId: chain.tree.genesis.id,
      database: booted.databaseName,
    }),
    /** The best tip. */
    tip: () => ({
      id: chain.tip.id,
      height: chain.tip.height,
      work: chain.tip.chainWork.toString(),
    }),
    /** Every block the node knows, stale branches included. */
    blocks: (): ConsoleBlock[] =>
      [...chain.tree.entries()].map((e) => ({
        id: e.id,
        height: e.height,
        parent: e.parent?.id,
        status: e.status,
        hasBody: e.hasBody,
        active: chain.isActive(e),
      })),
    /** A stored block's wire encoding in hex. */
    blockHex: (id: string): string | undefined => {
      const b = chain.getBlock(id);
      return b && bytesToHex(encodeBlock(b));
    },
    /** Offers a block (hex) as if a peer sent it; returns the outcome and rule code. */
    submitBlockHex: (hex: string) => {
      const outcome = node.submitBlock(decodeBlock(hexToBytes(hex)), 'console');
      return outcome.status === 'rejected' || outcome.status === 'future'
        ? { status: outcome.status, code: outcome.error.code }
        : { status: outcome.status };
    },
    /** Balance of an address (hex; this node's by default), in coins. */
    balance: (address?: string) => {
      const who = address === undefined ? node.address : parseAddress(address);
      if (!who) throw new RangeError(`not an address: ${address}`);
      return formatCoins(chain.state.get(who).balance);
    },
    /** Pays coins to an address (hex); returns the transfer id or the rule code. */
    send: (to: string, coins: string, feeCoins = '0.0001', memo = '') => {
      const amount = parseCoins(coins);
      const fee = parseCoins(feeCoins);
      if (amount === undefined || fee === undefined) return { ok: false, code: 'bad-amount' };
      const address = parseAddress(to);
      if (!address) return { ok: false, code: 'bad-address' };
      const { result } = node.pay(address, amount, fee, memo);
      return result.ok
        ? { ok: true, id: bytesToHex(result.id) }
        : { ok: false, code: result.error.code };
    },
    /** Starts mining. */
    mine: () => node.startMining(),
    /** Mines exactly n blocks onto the best chain, then stops; resolves with the tip height. */
    mineBlocks: (n: number) => node.mineBlocks(n).then(() => chain.tip.height),
    /** Stops mining. */
    stop: () => node.stopMining(),
    /** Mining figures: on or off, the effort (workers, throttle) and the hash rates. */
    mining: () => ({ active: node.mining, ...node.miner?.effort(), ...node.miner?.stats() }),
    /** Sets the number of mining workers. */
    setWorkers: (n: number) => node.miner?.setWorkers(n),
    /** Sets the mining duty cycle, 0..100 %. */
    setThrottle: (p: number) => node.miner?.setThrottle(p),
    /** Whether blocks are written to disk. */
    persistence: () => ({ ...node.persistence, problem: booted.storageProblem }),
    /** Waits until every change is written. */
    flush: () => node.flush(),
    /**
     * Edits a copy of a stored block (nonce, time, bits, reward, transfers; `fixMerkle`,
     * `remine`) and says which rule fails, by code, or 'valid'. The chain is not touched.
     */
    tamper: (id: string, edits: TamperEdits) => {
      const r = tamper(node, id, edits);
      return { hash: r.hash, code: r.code, tier: r.tier };
    },
    /** The tampered copy, encoded: offer it with submitBlockHex or net.offerBlockHex. */
    tamperHex: (id: string, edits: TamperEdits) =>
      bytesToHex(encodeBlock(tamperBlock(node.chain, id, edits))),
    /** Peers, sync, partitions and raw frames. */
    net: consoleNetwork(booted.net),
    /** The teaching lab: partition, latency, withholding, hash share, double spend. */
    lab: booted.lab,
  };
}

/** The console API's type. */
export type ConsoleApi = ReturnType<typeof consoleApi>;
