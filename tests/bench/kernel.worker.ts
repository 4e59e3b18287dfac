/**
 * The kernel benchmark's Web Worker: measures each supported kernel and @noble/hashes (once per
 * nonce) in turn, in this one worker, so every figure comes from the same thread context.
 */
import type { KernelName } from '../../src/mining/kernel.js';
import { createKernel, supportedKernels } from '../../src/mining/select-kernel.js';
import { BATCH, noblePerNonce, noncesPerSecond } from './hash-rates.js';
import type { KernelReply, KernelRequest } from './page-api.js';

const supported: KernelName[] = supportedKernels();
const kernels = new Map(supported.map((k) => [k, createKernel(k)]));
const noble = noblePerNonce();

self.onmessage = (ev: MessageEvent<KernelRequest>) => {
  let reply: KernelReply;
  try {
    const { ms, only } = ev.data;
    const rates: Record<string, number> = {};
    for (const [name, kernel] of kernels) {
      if (only !== undefined && name !== only) continue;
      rates[name] = noncesPerSecond(kernel, name === 'js' ? BATCH.js : BATCH.wasm, ms);
    }
    if (only === undefined) rates.noble = noncesPerSecond(noble, BATCH.perNonce, ms);
    reply = { ok: true, round: { rates, supported } };
  } catch (e) {
    reply = { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  self.postMessage(reply);
};
