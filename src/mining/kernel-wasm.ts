import { SHA256D_SCALAR_WASM, SHA256D_SIMD_WASM } from './generated/kernels';
import { checkScanArgs } from './kernel';
import type { MiningKernel, ScanResult } from './kernel';
import { WASM_LAYOUT } from './wasm-abi';

/** The two wasm builds of the kernel. */
export type WasmVariant = 'scalar' | 'simd';

/** What the kernel module exports (see sha256d-wat.ts). */
interface KernelExports {
  readonly memory: WebAssembly.Memory;
  /** 1 when a nonce in [start, start+count) meets the target (stored at found), else 0. */
  scan(start: number, count: number): number;
}

const BASE64: Record<WasmVariant, string> = {
  scalar: SHA256D_SCALAR_WASM,
  simd: SHA256D_SIMD_WASM,
};

/**
 * Default nonces per call into wasm: about 10 ms of work, so call overhead is lost in the noise,
 * and V8's optimised code (compiled in the background while baseline code runs the first call)
 * is picked up on the next call rather than after a long first batch.
 */
export const DEFAULT_WASM_CHUNK = 2 ** 16;

const bytesCache = new Map<WasmVariant, Uint8Array<ArrayBuffer>>();
const moduleCache = new Map<WasmVariant, WebAssembly.Module>();

/** The kernel's wasm binary, decoded once (atob exists in browsers, workers and Node >= 16). */
export function wasmKernelBytes(variant: WasmVariant): Uint8Array<ArrayBuffer> {
  let bytes = bytesCache.get(variant);
  if (bytes === undefined) {
    const text = atob(BASE64[variant]);
    bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    bytesCache.set(variant, bytes);
  }
  return bytes;
}

/**
 * Compiles the module once per realm. Synchronous compilation is fine in workers and Node;
 * Chrome before 115 refused it on the main thread above 4 KB, so there it throws and the
 * caller falls back (select-kernel.ts).
 */
function compiled(variant: WasmVariant): WebAssembly.Module {
  let module = moduleCache.get(variant);
  if (module === undefined) {
    module = new WebAssembly.Module(wasmKernelBytes(variant));
    moduleCache.set(variant, module);
  }
  return module;
}

/**
 * Creates a wasm kernel with its own instance and memory; the nonce loop runs inside wasm, in
 * calls of `chunk` nonces (tests shrink it to cross call boundaries cheaply).
 */
export function createWasmKernel(variant: WasmVariant, chunk = DEFAULT_WASM_CHUNK): MiningKernel {
  if (!Number.isInteger(chunk) || chunk < 1 || chunk > DEFAULT_WASM_CHUNK) {
    throw new RangeError('chunk must be an integer in [1, 2^16]');
  }
  const instance = new WebAssembly.Instance(compiled(variant), {});
  const exports = instance.exports as unknown as KernelExports;
  // The module never grows its memory, so these views stay valid.
  const bytes = new Uint8Array(exports.memory.buffer);
  const view = new DataView(exports.memory.buffer);

  function scan(header: Uint8Array, target: Uint8Array, start: number, count: number): ScanResult {
    checkScanArgs(header, target, start, count);
    bytes.set(header, WASM_LAYOUT.header);
    bytes.set(target, WASM_LAYOUT.target);
    for (let done = 0; done < count; done += chunk) {
      // Nonces above 2^31 reach wasm as the same 32 bits; the kernel treats them as unsigned.
      if (exports.scan(start + done, Math.min(count - done, chunk)) !== 0) {
        const nonce = view.getUint32(WASM_LAYOUT.found, true);
        return { nonce, hashes: nonce - start + 1 };
      }
    }
    return { nonce: undefined, hashes: count };
  }

  return { name: variant === 'simd' ? 'wasm-simd' : 'wasm-scalar', scan };
}
