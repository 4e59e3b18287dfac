/**
 * The handshake proof (threat model 48): each side signs the other's fresh challenge with its
 * node key, bound to the room and to the DTLS fingerprints of the data channel as the signer
 * sees them. A signaling server that swapped SDPs (a man in the middle) gives each side a
 * different remote fingerprint, so the signature fails to verify and the link is closed.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { Writer } from '../../core/codec.js';
import type { Hash } from '../../core/hash.js';
import { verifyEd25519 } from '../../core/tx.js';

/** Domain tag: a handshake signature can never be mistaken for a transfer signature. */
const AUTH_DOMAIN = utf8ToBytes('tabchain handshake v1');

/** DTLS fingerprints of a link, local and remote as one side sees them. */
export interface Fingerprints {
  readonly local: string;
  readonly remote: string;
}

/**
 * The bytes a node signs: domain || peer's challenge || own key || genesis || own fingerprint
 * || peer's fingerprint. Fingerprints are normalised (case, spaces) since browsers print them
 * differently; a missing one is empty, which only verifies if both sides lack them.
 */
export function authBytes(
  peerChallenge: Uint8Array,
  signerKey: Uint8Array,
  genesis: Hash,
  fingerprints: Fingerprints | undefined,
): Uint8Array {
  const w = new Writer(256);
  w.bytes(AUTH_DOMAIN).bytes(peerChallenge).bytes(signerKey).bytes(genesis);
  w.varBytes(utf8ToBytes(normalise(fingerprints?.local)));
  w.varBytes(utf8ToBytes(normalise(fingerprints?.remote)));
  return w.finish();
}

/** Signs the peer's challenge with this node's key (fingerprints as this side sees them). */
export function signAuth(
  secretKey: Uint8Array,
  publicKey: Uint8Array,
  peerChallenge: Uint8Array,
  genesis: Hash,
  fingerprints: Fingerprints | undefined,
): Uint8Array {
  return ed25519.sign(authBytes(peerChallenge, publicKey, genesis, fingerprints), secretKey);
}

/**
 * Verifies the peer's signature over our challenge. The peer signed with its own fingerprint
 * as "local", which is our "remote": the verifier swaps them.
 */
export function verifyAuth(
  signature: Uint8Array,
  peerKey: Uint8Array,
  ourChallenge: Uint8Array,
  genesis: Hash,
  fingerprints: Fingerprints | undefined,
): boolean {
  const asPeerSees = fingerprints && { local: fingerprints.remote, remote: fingerprints.local };
  return verifyEd25519(signature, authBytes(ourChallenge, peerKey, genesis, asPeerSees), peerKey);
}

function normalise(fp: string | undefined): string {
  return (fp ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
}
