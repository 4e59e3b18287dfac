/** Every fuzz target, by the part of the system whose input it reads. */
import type { FuzzTarget } from './harness.js';
import { CORE_TARGETS } from './targets-core.js';
import { NET_TARGETS } from './targets-net.js';
import { SIGNALING_TARGETS } from './targets-signaling.js';
import { STORE_TARGETS } from './targets-store.js';

/** All targets, names unique. */
export const TARGETS: readonly FuzzTarget[] = [
  ...NET_TARGETS,
  ...CORE_TARGETS,
  ...SIGNALING_TARGETS,
  ...STORE_TARGETS,
];
