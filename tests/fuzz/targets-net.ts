/**
 * Fuzz targets of what a peer or the signaling server sends a node: one per wire message
 * (decodeFrame, seeded with frames of that type), the signaling envelope a relay-signal or a
 * server signal carries, and the server's own messages as the client parses them.
 */
import { DecodeError } from '../../src/core/errors.js';
import { parseServerText } from '../../src/net/signaling-client.js';
import {
  envelopeFromBytes,
  envelopeToBytes,
  parseEnvelope,
} from '../../src/net/webrtc/envelope.js';
import {
  MAX_FRAME_BYTES,
  MAX_SIGNAL_BYTES,
  MESSAGE_TYPE,
  decodeFrame,
  encodeMessage,
  messageViolation,
  type MessageName,
} from '../../src/net/wire.js';
import { PEER_ID_PATTERN } from '../../signaling/protocol.js';
import {
  assert,
  assertSame,
  bytesTarget,
  decodeOrRefuse,
  jsonTextTarget,
  valueTarget,
  type FuzzTarget,
  type Outcome,
} from './harness.js';
import { samples } from './samples.js';
import { footprint } from './values.js';

const isDecodeError = (e: unknown): boolean => e instanceof DecodeError;

/** decodeFrame on frames of one message type: a DecodeError, or a message that re-encodes. */
function wireTarget(type: MessageName): FuzzTarget<Uint8Array> {
  return bytesTarget({
    name: `wire/${type}`,
    maxBytes: MAX_FRAME_BYTES,
    seeds: () =>
      samples()
        .messages.filter((m) => m.type === type)
        .map(encodeMessage),
    check: (frame): Outcome => {
      const r = decodeOrRefuse(() => decodeFrame(frame), isDecodeError, frame.length);
      if (!r) return 'refused';
      const msg = r.value;
      assert(MESSAGE_TYPE[msg.type] === frame[1], `decoded as ${msg.type}`);
      messageViolation(msg); // must not throw on anything decodeFrame returns
      assertSame(encodeMessage(msg), frame, 're-encoded frame');
      return 'accepted';
    },
  });
}

/** Every wire message type, each its own target. */
export const WIRE_TARGETS: readonly FuzzTarget<Uint8Array>[] = (
  Object.keys(MESSAGE_TYPE) as MessageName[]
).map(wireTarget);

const ENVELOPE_DICT = ['v', 'key', 'attempt', 'signal', 'refuse', 'links', 'type', 'sdp'];
const ENVELOPE_WORDS = ['offer', 'answer', 'candidate', 'sdpMid', 'sdpMLineIndex', 'full'];

/** An envelope that was accepted goes out and back in unchanged. */
function envelopeRoundTrips(env: NonNullable<ReturnType<typeof parseEnvelope>>): void {
  const bytes = envelopeToBytes(env);
  if (bytes === undefined) return; // too large for a relay-signal; the server carries it
  // Compared as JSON, the envelope's own encoding (which writes -0 as 0).
  const again = JSON.stringify(envelopeFromBytes(bytes));
  assertSame(again, JSON.stringify(env), 'envelope round trip');
}

/** A signaling envelope as a JSON value (from the server's `signal.data`). */
export const ENVELOPE_VALUE_TARGET = valueTarget({
  name: 'net/envelope',
  dict: [...ENVELOPE_DICT, ...ENVELOPE_WORDS],
  seeds: () => samples().envelopes.map((e) => JSON.parse(JSON.stringify(e)) as unknown),
  check: (value): Outcome => {
    const r = decodeOrRefuse(
      () => parseEnvelope(value),
      () => false,
      footprint(value),
    );
    if (r?.value === undefined) return 'refused';
    envelopeRoundTrips(r.value);
    return 'accepted';
  },
});

/** A signaling envelope as relay-signal payload bytes (through the mesh). */
export const ENVELOPE_BYTES_TARGET = bytesTarget({
  name: 'net/envelope-bytes',
  maxBytes: MAX_SIGNAL_BYTES,
  seeds: () => samples().envelopes.map((e) => envelopeToBytes(e)!),
  check: (bytes): Outcome => {
    const r = decodeOrRefuse(
      () => envelopeFromBytes(bytes),
      () => false,
      bytes.length,
    );
    if (r?.value === undefined) return 'refused';
    envelopeRoundTrips(r.value);
    return 'accepted';
  },
});

const SERVER_SEEDS = [
  { type: 'welcome', id: 'a-1', room: 'physics', peers: ['b-2', 'c_3'] },
  { type: 'peer-joined', id: '0123456789abcdef0123456789abcdef0123' },
  { type: 'peer-left', id: 'b-2' },
  {
    type: 'signal',
    from: 'b-2',
    data: { v: 1, key: 'ab'.repeat(32), attempt: 'x', refuse: 'busy' },
  },
  { type: 'error', code: 'unknown-peer', message: 'gone', peer: 'b-2' },
  { type: 'error', code: 'room-full', message: 'full' },
];

/** A frame from the signaling server, as the client reads it (the server is trusted with nothing). */
export const SERVER_MESSAGE_TARGET = jsonTextTarget({
  name: 'net/signaling-server-message',
  dict: ['type', 'id', 'room', 'peers', 'from', 'data', 'code', 'message', 'peer', 'welcome'],
  seeds: () => SERVER_SEEDS.map((m) => JSON.stringify(m)),
  check: (text): Outcome => {
    const r = decodeOrRefuse(
      () => parseServerText(text),
      () => false,
      text.length,
    );
    const m = r?.value;
    if (m === undefined) return 'refused';
    const id = (x: string): boolean => PEER_ID_PATTERN.test(x);
    if (m.type === 'welcome') assert(id(m.id) && m.peers.every(id), 'welcome with a bad id');
    if (m.type === 'peer-joined' || m.type === 'peer-left') assert(id(m.id), 'bad id');
    if (m.type === 'signal') assert(id(m.from), 'bad from');
    if (m.type === 'error') assert(m.peer === undefined || id(m.peer), 'bad peer');
    return 'accepted';
  },
});

/** Every target of this file. */
export const NET_TARGETS: readonly FuzzTarget[] = [
  ...WIRE_TARGETS,
  ENVELOPE_VALUE_TARGET,
  ENVELOPE_BYTES_TARGET,
  SERVER_MESSAGE_TARGET,
];
