import type { KernelName, MiningKernel } from './kernel';
import { createJsKernel } from './kernel-js';
import { createWasmKernel, wasmKernelBytes } from './kernel-wasm';

/** Every kernel, fastest first. */
export const KERNEL_NAMES: readonly KernelName[] = ['wasm-simd', 'wasm-scalar', 'js'];

/**
 * Whether this runtime can run the named kernel. For wasm it validates the kernel's own binary,
 * which tests exactly the features it uses (SIMD included); WebAssembly is absent in jitless
 * browsers such as iOS Lockdown Mode.
 */
export function isKernelSupported(name: KernelName): boolean {
  if (name === 'js') return true;
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.validate !== 'function') return false;
  try {
    return WebAssembly.validate(wasmKernelBytes(name === 'wasm-simd' ? 'simd' : 'scalar'));
  } catch {
    return false;
  }
}

/** Creates a fresh instance of the named kernel (for benchmarks and tests); throws if unsupported. */
export function createKernel(name: KernelName): MiningKernel {
  switch (name) {
    case 'js':
      return createJsKernel();
    case 'wasm-scalar':
      return createWasmKernel('scalar');
    case 'wasm-simd':
      return createWasmKernel('simd');
  }
}

/** Names of the kernels this runtime supports, fastest first. */
export function supportedKernels(): KernelName[] {
  return KERNEL_NAMES.filter(isKernelSupported);
}

/**
 * Creates the fastest kernel that works here: wasm SIMD, then scalar wasm, then JavaScript.
 * A valid module can still fail to compile (a CSP without 'wasm-unsafe-eval', a main-thread
 * size limit), so each candidate is tried, not just detected.
 */
export function selectKernel(): MiningKernel {
  for (const name of supportedKernels()) {
    try {
      return createKernel(name);
    } catch {
      // Fall through to the next, slower kernel.
    }
  }
  return createJsKernel();
}
