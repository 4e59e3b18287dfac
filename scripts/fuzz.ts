/**
 * The fuzz targets of tests/fuzz, for long runs: each target for a million inputs by default.
 * Prints one JSON line per target (iterations, seed, duration, accepted, slowest input,
 * failures); a failure carries its seed, iteration and input hex, and the command that
 * replays it. Exits 1 if anything failed.
 *
 *   npm run fuzz [-- --iterations N] [--seed S] [--target NAME[,NAME...]] [--slow-ms MS]
 *   npm run fuzz -- --target NAME --input HEX      replays one reported input
 */
import { parseArgs } from 'node:util';
import { replay, runTarget } from '../tests/fuzz/harness.js';
import { TARGETS } from '../tests/fuzz/targets.js';

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '1000000' },
    seed: { type: 'string' },
    target: { type: 'string' },
    input: { type: 'string' },
    'slow-ms': { type: 'string', default: '1000' },
    list: { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function wholeNumber(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) fail(`${what} must be a whole number, got '${text}'`);
  return n;
}

if (values.list) {
  for (const t of TARGETS) console.log(t.name);
  process.exit(0);
}

const names = values.target?.split(',').filter((n) => n !== '');
const chosen = names === undefined ? TARGETS : TARGETS.filter((t) => names.includes(t.name));
for (const n of names ?? []) {
  if (!TARGETS.some((t) => t.name === n)) fail(`unknown target '${n}' (--list names them)`);
}

if (values.input !== undefined) {
  if (chosen.length !== 1) fail('--input replays one target: name it with --target');
  const error = replay(chosen[0]!, values.input);
  console.log(JSON.stringify({ target: chosen[0]!.name, replay: error ?? 'passes' }));
  process.exit(error === undefined ? 0 : 1);
}

const iterations = wholeNumber(values.iterations, '--iterations');
// A random seed unless one is given; it is printed, so any run replays.
const seed = wholeNumber(values.seed ?? String((Math.random() * 2 ** 32) >>> 0), '--seed');
const slowMs = wholeNumber(values['slow-ms'], '--slow-ms');

let failed = 0;
for (const t of chosen) {
  const r = runTarget(t, { iterations, seed, slowMs });
  failed += r.failures.length;
  const failures = r.failures.map((f) => ({
    ...f,
    replay: `npm run fuzz -- --target ${f.target} --input ${f.input}`,
  }));
  console.log(JSON.stringify({ ...r, failures }));
}
process.exit(failed > 0 ? 1 : 0);
