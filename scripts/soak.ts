/**
 * The soak (issue 13): the signaling server and several headless nodes in one process, mining
 * in one room over real WebRTC (@roamhq/wrtc), beside a malicious node that floods them
 * (scripts/soak/attacker.ts) and rejoins under a fresh key each time it is banned; now and then
 * an honest node reloads (same key and store, new session and links). Every ~10 s
 * it samples heap used, stored blocks and bytes, queued frames and bytes, open sockets and
 * links; at the end it stops the attacker and the miners, waits for the honest nodes to agree
 * on one tip, and checks that every figure stayed under its bound (docs/threat-model.md,
 * "Bounds"), that no honest node banned another, and that the attacker was banned.
 *
 *   npm run soak -- [--minutes N] [--nodes N] [--mine PERCENT] [--seed S]
 *                   [--sample-seconds S] [--reload-seconds S]
 *
 * Prints one JSON line per event worth noting, one per figure (start, max, end, bound), and a
 * summary; exits 1 if any check failed. Mining runs at a low duty cycle (--mine, 3 % a node by
 * default) so the soak stays light on a shared machine.
 */
import { parseArgs } from 'node:util';
import { encodeBlock } from '../src/core/block.js';
import { roomFromQuery } from '../src/core/room.js';
import { createSignalingServer } from '../signaling/server.js';
import { Rng } from '../tests/sim/rng.js';
import { runAttacker, type AttackCounts } from './soak/attacker.js';
import { figureLine, gc, newFigures, sample, type SoakWorld } from './soak/figures.js';
import { startHeadless, type Headless } from './soak/headless.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '3' },
    nodes: { type: 'string', default: '6' },
    mine: { type: 'string', default: '3' },
    seed: { type: 'string' },
    'sample-seconds': { type: 'string', default: '10' },
    'reload-seconds': { type: 'string', default: '45' },
  },
});

function number(text: string, what: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max) {
    console.error(`${what} must be a number from ${min} to ${max}, got '${text}'`);
    process.exit(2);
  }
  return n;
}

const minutes = number(values.minutes, '--minutes', 0.1, 24 * 60);
// wrtc opens sockets per link on every interface: 8 nodes hold ~3,000 descriptors (decisions.md).
const nodeCount = number(values.nodes, '--nodes', 2, 12);
const duty = number(values.mine, '--mine', 1, 100);
const seed = number(values.seed ?? String((Math.random() * 2 ** 32) >>> 0), '--seed', 0, 2 ** 32);
const sampleMs = number(values['sample-seconds'], '--sample-seconds', 1, 600) * 1000;
/** Mean time between honest reloads (0: none). */
const reloadMs = number(values['reload-seconds'], '--reload-seconds', 0, 3600) * 1000;
/** How long the honest nodes get to agree on one tip once mining stops. */
const SETTLE_MS = 90_000;

const say = (line: Record<string, unknown>): void => console.log(JSON.stringify(line));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// Five-second blocks from about half a million hashes: the retarget finds the room's pace.
const room = roomFromQuery(`room=soak-${seed}&t=5&bits=1e1fffff`);
if (!('params' in room)) throw new Error(room.errors.join('; '));
const params = room.params;

const server = await createSignalingServer({ port: 0, staticDir: 'dist' });
const url = `ws://127.0.0.1:${server.port}/signal`;
say({ event: 'start', minutes, nodes: nodeCount, mine: duty, seed, room: params.name });

const honest: Headless[] = [];
for (let i = 0; i < nodeCount; i++)
  honest.push(await startHeadless(url, params, `Honest ${i + 1}`, duty));
const honestKeys = new Set(honest.map((h) => h.key));
const world: SoakWorld = {
  honest,
  mined: new Map(),
  attackerKeys: new Map(honest.map((h) => [h.name, new Set<string>()])),
  startedAt: Date.now(),
  openSockets: () => server.stats().connections,
  heapBaseline: 0,
};
const honestBans: Record<string, unknown>[] = [];
let attackerBans = 0;

/** Listens to an honest node for the report: what it mined, whom it linked with and banned. */
function watch(h: Headless): void {
  h.node.on('block-mined', ({ entry, block }) =>
    world.mined.set(entry.id, encodeBlock(block).length),
  );
  h.network.on('peer-ready', ({ key }) => {
    if (!honestKeys.has(key)) world.attackerKeys.get(h.name)!.add(key);
  });
  h.network.on('peer-banned', ({ key, code }) => {
    if (honestKeys.has(key)) honestBans.push({ by: h.name, key: key.slice(0, 16), code });
    else attackerBans++;
  });
}
honest.forEach(watch);

/** Reloads one honest node now and then: same key, same store, a new session and links. */
async function reloads(rng: Rng, until: () => boolean): Promise<number> {
  let count = 0;
  for (;;) {
    await sleep(reloadMs / 2 + rng.int(reloadMs));
    if (until()) return count;
    const i = rng.int(honest.length);
    const old = honest[i]!;
    await old.stop();
    const resume = { identity: old.node.identity, store: old.store.reopen() };
    const next = await startHeadless(url, params, old.name, duty, resume);
    honest[i] = next;
    watch(next);
    next.node.startMining();
    count++;
    say({ event: 'reload', name: old.name, height: next.node.chain.tip.height });
  }
}

// Let the mesh form before the baseline and the attacker.
for (let waited = 0; waited < 30_000; waited += 500) {
  if (honest.every((h) => h.network.peers().length >= Math.min(3, nodeCount - 1))) break;
  await sleep(500);
}
for (const h of honest) h.node.startMining();
gc();
world.heapBaseline = process.memoryUsage().heapUsed;
const figures = newFigures();
await sample(figures, world);

const endAt = Date.now() + minutes * 60_000;
const rng = new Rng(seed);
const over = (): boolean => Date.now() >= endAt;
const attack: Promise<AttackCounts> = runAttacker(url, params, rng, over, say);
const reloaded = reloadMs > 0 ? reloads(new Rng(seed, 1), over) : Promise.resolve(0);
while (Date.now() < endAt) {
  await sleep(Math.min(sampleMs, Math.max(0, endAt - Date.now())));
  await sample(figures, world);
  const tips = honest.map((h) => h.node.chain.tip.height);
  say({
    event: 'sample',
    at: Math.round((Date.now() - world.startedAt) / 1000),
    tips,
    blocks: world.mined.size,
  });
}
const counts = await attack;
const reloadCount = await reloaded;
for (const h of honest) h.node.stopMining();

// Honest nodes settle on one tip once the miners stop.
let converged = false;
for (let waited = 0; waited < SETTLE_MS && !converged; waited += 1_000) {
  await sleep(1_000);
  converged = new Set(honest.map((h) => h.node.chain.tip.id)).size === 1;
}
await sample(figures, world);

let ok = true;
for (const f of figures) {
  const line = figureLine(f);
  ok &&= line.ok === true;
  say(line);
}
const checks = {
  converged,
  noHonestBans: honestBans.length === 0,
  attackerBanned: counts.linked === 0 || attackerBans > 0,
};
ok &&= Object.values(checks).every(Boolean);
say({
  event: 'summary',
  ok,
  ...checks,
  minutes,
  nodes: nodeCount,
  seed,
  heights: honest.map((h) => h.node.chain.tip.height),
  blocksMined: world.mined.size,
  reloads: reloadCount,
  attacker: { ...counts, bans: attackerBans },
  honestBans,
});

await Promise.all(honest.map((h) => h.stop()));
await server.close();
process.exit(ok ? 0 : 1);
