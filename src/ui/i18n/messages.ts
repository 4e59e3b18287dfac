/** Registers every part's messages with the translator, once, when the interface loads. */
import { appMessages } from './messages-app.js';
import { codeMessages } from './messages-codes.js';
import { i18n, type Messages } from './i18n.svelte.js';
import { labMessages } from './messages-lab.js';
import { logMessages } from './messages-log.js';
import { miningMessages } from './messages-mining.js';
import { networkMessages } from './messages-network.js';
import { nodesMessages } from './messages-nodes.js';
import { roomsMessages } from './messages-rooms.js';
import { ruleMessages } from './messages-rules.js';
import { walletMessages } from './messages-wallet.js';

/** The shell's and the panels' messages (the tree and the inspector register their own). */
export const ALL_MESSAGES: readonly Messages[] = [
  appMessages,
  codeMessages,
  ruleMessages,
  networkMessages,
  miningMessages,
  walletMessages,
  roomsMessages,
  nodesMessages,
  logMessages,
  labMessages,
];

for (const m of ALL_MESSAGES) i18n.register(m);
