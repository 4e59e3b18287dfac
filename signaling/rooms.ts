/** Why a join was refused; the codes are protocol error codes. */
export type JoinRefusal = 'room-full' | 'too-many-rooms';

/** The four caps of {@link Rooms}; see bounds.ts for where the numbers come from. */
export interface RoomLimits {
  /** Non-empty rooms on the server. */
  maxRooms: number;
  /** Members per room. */
  maxRoomSize: number;
  /** Distinct rooms one address has members in. */
  maxRoomsPerAddress: number;
  /** Members of one room from one address. */
  maxMembersPerAddress: number;
}

interface Entry<M> {
  readonly member: M;
  /** The per-address key, or null for an address the per-address caps skip. */
  readonly address: string | null;
}

/**
 * Room membership with its caps, holding one `M` per member id. A room exists while it has a
 * member, so the room count is bounded by `maxRooms` and memory by `maxRooms * maxRoomSize`;
 * one address holds at most `maxRoomsPerAddress` rooms and `maxMembersPerAddress` places in
 * each, so it can neither fill the room table nor a room.
 */
export class Rooms<M> {
  readonly #rooms = new Map<string, Map<string, Entry<M>>>();
  /** Address -> room -> members of that address there. */
  readonly #byAddress = new Map<string, Map<string, number>>();
  #members = 0;

  constructor(readonly limits: RoomLimits) {}

  /** Number of non-empty rooms. */
  get roomCount(): number {
    return this.#rooms.size;
  }

  /** Number of members over all rooms. */
  get memberCount(): number {
    return this.#members;
  }

  /**
   * Adds `id` to `room`, or says which cap refuses it. `address` is the member's per-address
   * key; null skips the per-address caps. Both per-address refusals reuse the room codes, so
   * a client backs off exactly as from a full room or a full server.
   */
  join(room: string, id: string, member: M, address: string | null): JoinRefusal | null {
    const members = this.#rooms.get(room);
    if (members?.has(id) === true) return null;
    if (members === undefined && this.#rooms.size >= this.limits.maxRooms) return 'too-many-rooms';
    if ((members?.size ?? 0) >= this.limits.maxRoomSize) return 'room-full';
    if (address !== null) {
      const rooms = this.#byAddress.get(address);
      const here = rooms?.get(room) ?? 0;
      if (here === 0 && (rooms?.size ?? 0) >= this.limits.maxRoomsPerAddress) {
        return 'too-many-rooms';
      }
      if (here >= this.limits.maxMembersPerAddress) return 'room-full';
      const counts = rooms ?? new Map<string, number>();
      counts.set(room, here + 1);
      this.#byAddress.set(address, counts);
    }
    const entries = members ?? new Map<string, Entry<M>>();
    entries.set(id, { member, address });
    this.#rooms.set(room, entries);
    this.#members += 1;
    return null;
  }

  /** Removes `id` from `room`, dropping the room when it empties; a no-op if absent. */
  leave(room: string, id: string): void {
    const members = this.#rooms.get(room);
    const entry = members?.get(id);
    if (members === undefined || entry === undefined) return;
    members.delete(id);
    this.#members -= 1;
    if (members.size === 0) this.#rooms.delete(room);
    if (entry.address === null) return;
    const rooms = this.#byAddress.get(entry.address);
    const left = (rooms?.get(room) ?? 1) - 1;
    if (left > 0) rooms?.set(room, left);
    else rooms?.delete(room);
    if (rooms?.size === 0) this.#byAddress.delete(entry.address);
  }

  /** Members of `room` (0 when it does not exist). */
  sizeOf(room: string): number {
    return this.#rooms.get(room)?.size ?? 0;
  }

  /** The member `id` of `room`, if it is in that room (not merely in some room). */
  get(room: string, id: string): M | undefined {
    return this.#rooms.get(room)?.get(id)?.member;
  }

  /** Every member of `room` except `exceptId`. */
  others(room: string, exceptId: string): M[] {
    const result: M[] = [];
    for (const [id, entry] of this.#rooms.get(room) ?? [])
      if (id !== exceptId) result.push(entry.member);
    return result;
  }

  /**
   * Up to `count` ids of `room` other than `exceptId`: all of the lowest `rank` first, then
   * the next rank, each rank sampled uniformly at random. The hub ranks members that proved
   * they are alive first, so silent members cannot crowd the live ones out of a welcome.
   */
  sample(
    room: string,
    exceptId: string,
    count: number,
    rank: (member: M) => number = () => 0,
    random = Math.random,
  ): string[] {
    const ranks = new Map<number, string[]>();
    for (const [id, entry] of this.#rooms.get(room) ?? []) {
      if (id === exceptId) continue;
      const r = rank(entry.member);
      const ids = ranks.get(r) ?? [];
      ids.push(id);
      ranks.set(r, ids);
    }
    const result: string[] = [];
    for (const r of [...ranks.keys()].sort((a, b) => a - b)) {
      result.push(...randomSubset(ranks.get(r)!, count - result.length, random));
      if (result.length === count) break;
    }
    return result;
  }
}

/** Up to `count` of `ids`, uniformly at random (partial Fisher-Yates; shuffles `ids`). */
function randomSubset(ids: string[], count: number, random: () => number): string[] {
  const take = Math.min(count, ids.length);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(random() * (ids.length - i));
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  return ids.slice(0, take);
}
