/**
 * Friendly names and colours for node identities: a class reads "Amber Otter mined block 12"
 * on the projector far more easily than a hex key. Nothing here is secret or consensus.
 */

/** Colours in the interface's colour-blind-safe palette; an identity's colour indexes it. */
export const PALETTE_SIZE = 8;

/** First words of names: plain, friendly, unambiguous when read aloud in a classroom. */
// prettier-ignore
export const ADJECTIVES: readonly string[] = [
  'Amber', 'Bold', 'Brave', 'Breezy', 'Bright', 'Calm', 'Cheerful', 'Clever', 'Cosmic', 'Crimson',
  'Curious', 'Dapper', 'Eager', 'Gentle', 'Golden', 'Happy', 'Jolly', 'Keen', 'Lively', 'Lucky',
  'Mellow', 'Merry', 'Mighty', 'Misty', 'Nimble', 'Noble', 'Patient', 'Plucky', 'Proud', 'Quick',
  'Quiet', 'Rapid', 'Silver', 'Sleepy', 'Snowy', 'Sunny', 'Swift', 'Tidy', 'Witty', 'Zesty',
];

/** Second words of names: animals most pupils can picture. */
// prettier-ignore
export const ANIMALS: readonly string[] = [
  'Badger', 'Beaver', 'Bison', 'Crane', 'Dolphin', 'Eagle', 'Falcon', 'Ferret', 'Finch', 'Fox',
  'Gecko', 'Heron', 'Koala', 'Lemur', 'Lynx', 'Marten', 'Moose', 'Newt', 'Ocelot', 'Otter',
  'Owl', 'Panda', 'Pelican', 'Penguin', 'Puffin', 'Quokka', 'Rabbit', 'Raven', 'Robin', 'Seal',
  'Sparrow', 'Swan', 'Tapir', 'Tiger', 'Toucan', 'Turtle', 'Walrus', 'Wombat', 'Yak', 'Zebra',
];

/** A uniform integer in [0, n): the source of every random choice here, injectable for tests. */
export type RandomIndex = (n: number) => number;

/** A uniform integer in [0, n) from crypto.getRandomValues (present in non-secure contexts). */
export function cryptoRandomIndex(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new RangeError(`bad range ${n}`);
  // Rejection sampling: a plain modulo would favour the low values.
  const limit = 2 ** 32 - (2 ** 32 % n);
  const word = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(word);
    if (word[0]! < limit) return word[0]! % n;
  }
}

/** How many distinct names there are (1,600): enough that a classroom rarely repeats one. */
export const NAME_COUNT = ADJECTIVES.length * ANIMALS.length;

/** Tries before accepting a name already in use; a repeat is harmless, just less friendly. */
const NAME_TRIES = 16;

/** A random "Adjective Animal" name, avoiding names in `taken` when it reasonably can. */
export function friendlyName(
  random: RandomIndex = cryptoRandomIndex,
  taken: ReadonlySet<string> = new Set(),
): string {
  let name = '';
  for (let i = 0; i < NAME_TRIES; i++) {
    name = `${ADJECTIVES[random(ADJECTIVES.length)]} ${ANIMALS[random(ANIMALS.length)]}`;
    if (!taken.has(name)) return name;
  }
  return name;
}

/** The least-used palette index among `used`; ties go to the lowest, so tab one is colour 0. */
export function leastUsedColour(used: Iterable<number>): number {
  const counts = new Array<number>(PALETTE_SIZE).fill(0);
  for (const colour of used) {
    if (Number.isInteger(colour) && colour >= 0 && colour < PALETTE_SIZE) counts[colour]!++;
  }
  let best = 0;
  for (let c = 1; c < PALETTE_SIZE; c++) if (counts[c]! < counts[best]!) best = c;
  return best;
}
