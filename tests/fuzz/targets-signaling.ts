/**
 * Fuzz targets of the signaling server's parsers, which any client on the network can reach:
 * a client's WebSocket frame, the Origin and Host of an upgrade, and an HTTP request target.
 */
import path from 'node:path';
import { originAllowed, originPolicy } from '../../signaling/origin.js';
import { ERROR_CLOSE_CODES, isParseFailure, parseClientMessage } from '../../signaling/protocol.js';
import { resolveRequestPath } from '../../signaling/static.js';
import {
  assert,
  assertSame,
  decodeOrRefuse,
  jsonTextTarget,
  textTarget,
  valueTarget,
  type FuzzTarget,
  type Outcome,
} from './harness.js';

/** A client's text frame: a failure with a known code, or a message that parses back as itself. */
const CLIENT_MESSAGE_TARGET = jsonTextTarget({
  name: 'signaling/client-message',
  dict: ['type', 'join', 'room', 'signal', 'to', 'data', 'leave', 'from', 'link', 'room=', '&t='],
  seeds: () => [
    JSON.stringify({ type: 'join', room: 'physics-1' }),
    JSON.stringify({
      type: 'join',
      room: 'ab'.repeat(32),
      link: 'room=physics-1&t=20&bits=207fffff',
    }),
    JSON.stringify({ type: 'join', room: 'a'.repeat(64) }),
    JSON.stringify({
      type: 'signal',
      to: '0123456789abcdef0123456789abcdef0123',
      data: { v: 1, key: 'ab'.repeat(32), attempt: 'a1', signal: { type: 'answer', sdp: 'v=0' } },
    }),
    JSON.stringify({ type: 'leave' }),
  ],
  check: (text): Outcome => {
    const r = decodeOrRefuse(
      () => parseClientMessage(text),
      () => false,
      text.length,
    );
    const m = r!.value;
    if (isParseFailure(m)) {
      assert(Object.hasOwn(ERROR_CLOSE_CODES, m.error), `unknown code ${m.error}`);
      return 'refused';
    }
    const again = parseClientMessage(JSON.stringify(m));
    assertSame(JSON.stringify(again), JSON.stringify(m), 'message round trip');
    return 'accepted';
  },
});

const POLICY = originPolicy(['http://teacher-laptop:8080']);

/** An upgrade's Origin and Host headers: a yes or no, never a throw. */
const ORIGIN_TARGET = valueTarget({
  name: 'signaling/origin',
  dict: ['http://', 'https://', 'null', 'file://', ':8080', '[::1]', 'localhost', '@', '#'],
  seeds: () => [
    { origin: 'http://192.168.1.20:8080', host: '192.168.1.20:8080' },
    { origin: 'http://teacher-laptop:8080', host: 'other:1' },
    { origin: 'https://evil.example', host: 'localhost:8080' },
    { origin: undefined, host: 'localhost' },
  ],
  check: (value): Outcome => {
    const { origin, host } = (value ?? {}) as Record<string, unknown>;
    // Node gives header values as strings or undefined, nothing else.
    const asHeader = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
    const r = decodeOrRefuse(
      () => originAllowed(asHeader(origin), asHeader(host), POLICY),
      () => false,
      64,
    );
    assert(typeof r!.value === 'boolean', 'not a boolean');
    return 'accepted'; // a yes and a no are both answers
  },
});

const ROOT = path.resolve('/srv/tabchain/dist');

/** An HTTP request target: a refusal, or a file under the root reached by plain segments. */
const REQUEST_PATH_TARGET = textTarget({
  name: 'signaling/request-path',
  dict: ['/', '..', '%2e', '%2f', '%5c', '%00', '.', '?', '#', '//', 'index.html'],
  seeds: () => ['/', '/assets/app-1a2b.js?v=1', '/room/physics-1', '/%E4%BD%A0%20x.png#top'],
  check: (target): Outcome => {
    const r = decodeOrRefuse(
      () => resolveRequestPath(ROOT, target),
      () => false,
      target.length,
    );
    const result = r!.value;
    if (typeof result === 'string') return 'refused';
    const inside = result.file === ROOT || result.file.startsWith(ROOT + path.sep);
    assert(inside, `escaped the root: ${result.file}`);
    assert(!result.segments.some((s) => s.startsWith('.')), 'served a dot segment');
    return 'accepted';
  },
});

/** Every target of this file. */
export const SIGNALING_TARGETS: readonly FuzzTarget[] = [
  CLIENT_MESSAGE_TARGET,
  ORIGIN_TARGET,
  REQUEST_PATH_TARGET,
];
