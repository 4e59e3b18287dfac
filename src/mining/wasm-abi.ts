/** Byte offsets in the kernel's linear memory: the contract between kernel-wasm.ts and the WAT. */
export const WASM_LAYOUT = {
  /** The 80-byte header, as on the wire (the nonce field is ignored). */
  header: 0,
  /** The 32-byte big-endian target. */
  target: 128,
  /** The found nonce (u32), written when scan returns 1. */
  found: 192,
  /** Final hash words of a candidate, 16 bytes apart (one v128 per word). */
  scratch: 256,
} as const;

/** Nonces hashed at once by each wasm build: one per SIMD lane. */
export const WASM_LANES = { scalar: 1, simd: 4 } as const;
