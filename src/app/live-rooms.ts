/**
 * Joining by short name: a name (`lesson1`) resolves to the live room of that name with its
 * full parameters, so a name alone never opens a silently different chain with default
 * parameters. The server only repeats the links members announced; each is checked here: it
 * must parse as a room and hash to the genesis the room is named by on the wire.
 */
import type { RoomParams } from '../core/params.js';
import { roomFromQuery } from '../core/room.js';
import { roomName } from '../net/signaling-client.js';
import type { ClassroomServer, LiveRooms } from './classroom-server.js';

/** A live room whose link the page checked against its genesis hash. */
export interface CheckedRoom {
  /** Its parameters, from the link, hashing to `genesis`. */
  readonly params: RoomParams;
  /** Its genesis hash (hex, as on the wire). */
  readonly genesis: string;
  /** Tabs and headless peers in it, as the server counts them. */
  readonly members: number;
}

/**
 * What a short name resolves to: the one live room of that name; several (each its own
 * chain: the user picks); none, with the rooms that are live; or nothing known (the server
 * did not answer).
 */
export type NameLookup =
  | { readonly kind: 'one'; readonly room: CheckedRoom }
  | { readonly kind: 'several'; readonly rooms: readonly CheckedRoom[] }
  | { readonly kind: 'none'; readonly live: readonly CheckedRoom[]; readonly more: boolean }
  | { readonly kind: 'unknown' };

/**
 * The rooms of a server answer whose links check out, in the server's order: for each room
 * the first link (most announced first) that parses, names `name` if given, and hashes to the
 * room. Rooms with no such link are dropped: a wrong link is someone's mistake or a lie.
 */
export function checkLiveRooms(answer: LiveRooms, name?: string): CheckedRoom[] {
  const result: CheckedRoom[] = [];
  for (const entry of answer.rooms) {
    for (const link of entry.links) {
      const parsed = roomFromQuery(link);
      if (!('params' in parsed)) continue;
      if (name !== undefined && parsed.params.name !== name) continue;
      if (roomName(parsed.params) !== entry.room) continue;
      result.push({ params: parsed.params, genesis: entry.room, members: entry.members });
      break;
    }
  }
  return result;
}

/** Resolves a short name through the server's live rooms. */
export async function lookUpName(server: ClassroomServer, name: string): Promise<NameLookup> {
  const named = await server.liveRooms(name);
  if (named === undefined) return { kind: 'unknown' };
  const matches = checkLiveRooms(named, name);
  if (matches.length === 1) return { kind: 'one', room: matches[0]! };
  if (matches.length > 1) return { kind: 'several', rooms: matches };
  const all = await server.liveRooms();
  if (all === undefined) return { kind: 'none', live: [], more: false };
  return { kind: 'none', live: checkLiveRooms(all), more: all.more };
}
