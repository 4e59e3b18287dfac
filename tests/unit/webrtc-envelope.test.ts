/**
 * The signaling envelope travels through the server and through other peers, so it is read as
 * hostile input: every valid envelope round-trips, and nothing else gets through or throws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SIGNAL_BYTES } from '../../src/net/wire.js';
import {
  MAX_CLAIMED_LINKS,
  MAX_SDP_CHARS,
  envelopeFromBytes,
  envelopeToBytes,
  newAttemptId,
  parseEnvelope,
  toPeerSignal,
  type SignalEnvelope,
} from '../../src/net/webrtc/envelope.js';

const KEY = 'ab'.repeat(32);
const offer: SignalEnvelope = {
  v: 1,
  key: KEY,
  attempt: 'a1b2c3',
  signal: { type: 'offer', sdp: 'v=0\r\n' },
};

const envelopes = fc.record({
  v: fc.constant(1 as const),
  key: fc.stringMatching(/^[0-9a-f]{64}$/),
  attempt: fc.stringMatching(/^[A-Za-z0-9]{1,32}$/),
  signal: fc.oneof(
    fc.record({
      type: fc.constantFrom('offer' as const, 'answer' as const),
      sdp: fc.string({ minLength: 1, maxLength: 2000 }),
    }),
    fc.record({
      type: fc.constant('candidate' as const),
      candidate: fc.record({
        candidate: fc.string({ maxLength: 300 }),
        sdpMLineIndex: fc.option(fc.nat(8)),
        sdpMid: fc.option(fc.stringMatching(/^[0-9]{1,2}$/)),
      }),
    }),
  ),
});

describe('signal envelope', () => {
  it('round-trips every valid envelope through relay bytes', () => {
    fc.assert(
      fc.property(envelopes, (e) => {
        const bytes = envelopeToBytes(e);
        expect(bytes).toBeDefined();
        expect(envelopeFromBytes(bytes!)).toEqual(e);
      }),
    );
  });

  it('never throws on random bytes or random JSON, and accepts none of it', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        expect(envelopeFromBytes(bytes)).toBeUndefined();
      }),
    );
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(parseEnvelope(value)).toBeUndefined();
      }),
    );
  });

  it('refuses bad keys, attempts, versions, both or neither of signal and refuse', () => {
    expect(parseEnvelope(offer)).toEqual(offer);
    expect(parseEnvelope({ ...offer, key: KEY.toUpperCase() })).toBeUndefined();
    expect(parseEnvelope({ ...offer, attempt: 'no spaces' })).toBeUndefined();
    expect(parseEnvelope({ ...offer, v: 2 })).toBeUndefined();
    expect(parseEnvelope({ ...offer, refuse: 'full' })).toBeUndefined();
    expect(parseEnvelope({ v: 1, key: KEY, attempt: 'x' })).toBeUndefined();
    expect(parseEnvelope({ v: 1, key: KEY, attempt: 'x', refuse: 'full' })).toEqual({
      v: 1,
      key: KEY,
      attempt: 'x',
      refuse: 'full',
    });
    expect(parseEnvelope({ v: 1, key: KEY, attempt: 'x', refuse: '<script>' })).toBeUndefined();
  });

  it('keeps only the fields of a signal, and refuses what does not fit a relay payload', () => {
    const extra = { type: 'answer', sdp: 'v=0', evil: { deep: [1] } };
    expect(toPeerSignal(extra)).toEqual({ type: 'answer', sdp: 'v=0' });
    expect(toPeerSignal({ type: 'renegotiate', renegotiate: true })).toBeUndefined();
    expect(toPeerSignal({ type: 'offer', sdp: 'x'.repeat(MAX_SDP_CHARS + 1) })).toBeUndefined();
    const candidate = { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0' };
    expect(toPeerSignal({ type: 'candidate', candidate })).toEqual({
      type: 'candidate',
      candidate: { ...candidate, sdpMLineIndex: null },
    });
    const negative = { ...candidate, sdpMLineIndex: -1 };
    expect(toPeerSignal({ type: 'candidate', candidate: negative })).toBeUndefined();
    expect(envelopeFromBytes(new Uint8Array(MAX_SIGNAL_BYTES + 1))).toBeUndefined();
    const big = { ...offer, signal: { type: 'offer' as const, sdp: '\u{1F600}'.repeat(6000) } };
    expect(envelopeToBytes(big)).toBeUndefined(); // 24 KB of UTF-8: over 16 KiB
  });

  it("carries the dialer's link count as a whole number up to the bound, and nothing else", () => {
    expect(parseEnvelope({ ...offer, links: 0 })).toEqual({ ...offer, links: 0 });
    expect(parseEnvelope({ ...offer, links: MAX_CLAIMED_LINKS })?.links).toBe(MAX_CLAIMED_LINKS);
    for (const links of [-1, 1.5, MAX_CLAIMED_LINKS + 1, '3', null]) {
      expect(parseEnvelope({ ...offer, links })).toBeUndefined();
    }
    expect(parseEnvelope(offer)).not.toHaveProperty('links'); // an older node's offer
  });

  it('makes attempt ids the envelope accepts', () => {
    const id = newAttemptId((n) => new Uint8Array(n).fill(0xab));
    expect(id).toBe('abababababababab');
    expect(parseEnvelope({ ...offer, attempt: id })).toBeDefined();
  });
});
