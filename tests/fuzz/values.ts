/**
 * Structured values for the fuzz harness: a tagged JSON form that keeps what plain JSON loses
 * (undefined, -0, NaN, bigint, byte arrays, odd objects), so a reported input replays exactly
 * and two values compare exactly; and a footprint, the size of a value in bytes and nodes,
 * for the allocation bound.
 */

type Tagged = null | boolean | number | string | Tagged[] | { [key: string]: Tagged };

/** A value in tagged JSON form. Objects with a `$` key are wrapped so tags stay unambiguous. */
export function toTagged(v: unknown): Tagged {
  if (v === undefined) return { $: 'undefined' };
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') {
    return Number.isFinite(v) && !Object.is(v, -0) ? v : { $: 'number', v: String(v) };
  }
  if (typeof v === 'bigint') return { $: 'bigint', v: v.toString() };
  if (v instanceof Uint8Array) return { $: 'u8', hex: Buffer.from(v).toString('hex') };
  if (ArrayBuffer.isView(v)) return { $: v.constructor.name, n: v.byteLength };
  if (v instanceof ArrayBuffer) return { $: 'ArrayBuffer', n: v.byteLength };
  if (v instanceof Date) return { $: 'Date', v: v.getTime() };
  if (v instanceof Map) return { $: 'Map' };
  if (Array.isArray(v)) return v.map(toTagged);
  if (typeof v === 'object') {
    const out: { [key: string]: Tagged } = {};
    for (const [k, x] of Object.entries(v)) out[k] = toTagged(x);
    if (Object.getPrototypeOf(v) === null) return { $: 'null-proto', v: out };
    return '$' in out ? { $: 'object', v: out } : out;
  }
  return { $: typeof v };
}

/** A value back from its tagged form. */
export function fromTagged(t: unknown): unknown {
  if (Array.isArray(t)) return t.map(fromTagged);
  if (typeof t !== 'object' || t === null) return t;
  const o = t as Record<string, unknown>;
  const fields = (x: unknown): Record<string, unknown> =>
    Object.fromEntries(Object.entries(x as object).map(([k, y]) => [k, fromTagged(y)]));
  switch (o.$) {
    case undefined:
      return fields(o);
    case 'undefined':
      return undefined;
    case 'number':
      return Number(o.v);
    case 'bigint':
      return BigInt(o.v as string);
    case 'u8':
      return Uint8Array.from(Buffer.from(o.hex as string, 'hex'));
    case 'ArrayBuffer':
      return new ArrayBuffer(o.n as number);
    case 'Uint16Array':
      return new Uint16Array((o.n as number) / 2);
    case 'Date':
      return new Date(o.v as number);
    case 'Map':
      return new Map();
    case 'null-proto':
      return Object.assign(Object.create(null) as object, fields(o.v));
    case 'object':
      return fields(o.v);
    default:
      throw new Error(`unknown tag ${String(o.$)}`);
  }
}

/**
 * The size of a value: its bytes, string characters and nodes, counted without recursion and
 * given up once past `limit` (so a huge value costs no more than the limit to measure).
 */
export function footprint(v: unknown, limit = Infinity): number {
  let size = 0;
  const stack: unknown[] = [v];
  while (stack.length > 0 && size <= limit) {
    const x = stack.pop();
    size += 1;
    if (typeof x === 'string') size += x.length;
    else if (typeof x === 'bigint') size += Math.ceil(x.toString(16).length / 2);
    else if (ArrayBuffer.isView(x)) size += x.byteLength;
    else if (x instanceof ArrayBuffer) size += x.byteLength;
    else if (x instanceof Map) for (const e of x) stack.push(e);
    else if (Array.isArray(x)) for (const y of x) stack.push(y);
    else if (typeof x === 'object' && x !== null) {
      for (const [k, y] of Object.entries(x)) {
        size += k.length;
        stack.push(y);
      }
    }
  }
  return size;
}
