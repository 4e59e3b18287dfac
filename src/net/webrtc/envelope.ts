/**
 * What one node sends another to set up a connection, over the signaling server (as the JSON
 * `data` of a signal) or through the mesh (as the UTF-8 JSON payload of a relay-signal). Both
 * carriers are untrusted, so every field is checked and copied; anything else is dropped.
 *
 * The envelope adds to simple-peer's signal:
 * - `key`, the sender's node key, claimed: it breaks glare (two nodes dialing each other at
 *   once) the same way on both sides, and lets a node refuse a banned or partitioned key
 *   before any WebRTC work. The handshake proves the real key later (protocol.md).
 * - `attempt`, chosen by the dialer and echoed by the answerer, so a late signal of an
 *   abandoned attempt never reaches the next one.
 * - `refuse`, instead of a signal: the answerer will not connect, so the dialer stops waiting.
 * - `links`, on an offer: how many links the dialer has, claimed. A full node makes room only
 *   for a dialer that has fewer links than the peer it would drop (eviction.ts). Optional, so
 *   an older node's envelope still parses (and counts as a newcomer's).
 */
import { MAX_SIGNAL_BYTES } from '../wire.js';

/** A simple-peer signal we pass on: an offer, an answer or one ICE candidate. */
export type PeerSignal =
  | { readonly type: 'offer' | 'answer'; readonly sdp: string }
  | {
      readonly type: 'candidate';
      readonly candidate: {
        readonly candidate: string;
        readonly sdpMLineIndex: number | null;
        readonly sdpMid: string | null;
      };
    };

/** One signaling message between two nodes; exactly one of `signal` and `refuse` is set. */
export interface SignalEnvelope {
  readonly v: typeof ENVELOPE_VERSION;
  /** The sender's node key, hex (claimed, not proven). */
  readonly key: string;
  /** The connection attempt, chosen by the dialer. */
  readonly attempt: string;
  readonly signal?: PeerSignal;
  /** Why the answerer will not connect: a {@link RefusalReason}. */
  readonly refuse?: string;
  /** The dialer's open links, claimed (on offers). */
  readonly links?: number;
}

/** Why an offer is refused. */
export type RefusalReason = 'full' | 'busy' | 'duplicate' | 'partitioned' | 'banned' | 'shutdown';

/** Largest `links` claim accepted: a room holds 64 members (signaling/server.ts). */
export const MAX_CLAIMED_LINKS = 255;

/** Version of the envelope format; a different one is dropped. */
export const ENVELOPE_VERSION = 1;

/**
 * Largest SDP accepted: the envelope must fit a relay-signal payload (16 KiB, protocol.md).
 * A data-channel-only SDP with a dozen host candidates is under 2 KiB.
 */
export const MAX_SDP_CHARS = 12 * 1024;

/** An ICE candidate line is under 200 characters; 1 KiB leaves room for extensions. */
const MAX_CANDIDATE_CHARS = 1024;
const KEY_PATTERN = /^[0-9a-f]{64}$/;
const ATTEMPT_PATTERN = /^[A-Za-z0-9]{1,32}$/;
const REASON_PATTERN = /^[a-z-]{1,32}$/;
const MID_PATTERN = /^[ -~]{0,32}$/;

/** A fresh random attempt id: 16 hex digits. */
export function newAttemptId(random: (n: number) => Uint8Array): string {
  return [...random(8)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Checks and copies a simple-peer signal; undefined for anything we do not use. */
export function toPeerSignal(value: unknown): PeerSignal | undefined {
  if (!isRecord(value)) return undefined;
  if (value.type === 'offer' || value.type === 'answer') {
    const sdp = value.sdp;
    if (typeof sdp !== 'string' || sdp.length === 0 || sdp.length > MAX_SDP_CHARS) return undefined;
    return { type: value.type, sdp };
  }
  if (value.type === 'candidate' && isRecord(value.candidate)) {
    const { candidate, sdpMLineIndex, sdpMid } = value.candidate;
    if (typeof candidate !== 'string' || candidate.length > MAX_CANDIDATE_CHARS) return undefined;
    const index =
      sdpMLineIndex === null || sdpMLineIndex === undefined
        ? null
        : Number.isInteger(sdpMLineIndex) && (sdpMLineIndex as number) >= 0
          ? (sdpMLineIndex as number)
          : undefined;
    const mid =
      sdpMid === null || sdpMid === undefined
        ? null
        : typeof sdpMid === 'string' && MID_PATTERN.test(sdpMid)
          ? sdpMid
          : undefined;
    if (index === undefined || mid === undefined) return undefined;
    return { type: 'candidate', candidate: { candidate, sdpMLineIndex: index, sdpMid: mid } };
  }
  return undefined; // renegotiate, transceiverRequest: data-only links never need them
}

/** Checks and copies an envelope from any JSON value; undefined if it is not one. */
export function parseEnvelope(value: unknown): SignalEnvelope | undefined {
  if (!isRecord(value) || value.v !== ENVELOPE_VERSION) return undefined;
  const { key, attempt } = value;
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) return undefined;
  if (typeof attempt !== 'string' || !ATTEMPT_PATTERN.test(attempt)) return undefined;
  const links = value.links;
  if (links !== undefined && !(Number.isInteger(links) && (links as number) >= 0)) return undefined;
  if (links !== undefined && (links as number) > MAX_CLAIMED_LINKS) return undefined;
  const base = {
    v: ENVELOPE_VERSION,
    key,
    attempt,
    ...(links !== undefined ? { links: links as number } : {}),
  } as const;
  if ('refuse' in value) {
    const reason = value.refuse;
    if (typeof reason !== 'string' || !REASON_PATTERN.test(reason) || 'signal' in value) {
      return undefined;
    }
    return { ...base, refuse: reason };
  }
  const signal = toPeerSignal(value.signal);
  return signal === undefined ? undefined : { ...base, signal };
}

/** The envelope as a relay-signal payload; undefined if it would not fit one. */
export function envelopeToBytes(envelope: SignalEnvelope): Uint8Array | undefined {
  const bytes = new TextEncoder().encode(JSON.stringify(envelope));
  return bytes.length <= MAX_SIGNAL_BYTES ? bytes : undefined;
}

/** A relay-signal payload as an envelope; undefined for anything else. */
export function envelopeFromBytes(bytes: Uint8Array): SignalEnvelope | undefined {
  if (bytes.length > MAX_SIGNAL_BYTES) return undefined;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return parseEnvelope(JSON.parse(text));
  } catch {
    return undefined; // not UTF-8 or not JSON: a peer's garbage, dropped
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
