/** Why a join was refused; the codes are protocol error codes. */
export type JoinRefusal = 'room-full' | 'too-many-rooms';

/**
 * Room membership with both caps, holding one `M` per member id. A room exists while it has a
 * member, so the room count is bounded by `maxRooms` and memory by `maxRooms * maxRoomSize`.
 */
export class Rooms<M> {
  readonly #rooms = new Map<string, Map<string, M>>();
  #members = 0;

  /** Both caps are counts; see the server's defaults for where the numbers come from. */
  constructor(
    readonly maxRooms: number,
    readonly maxRoomSize: number,
  ) {}

  /** Number of non-empty rooms. */
  get roomCount(): number {
    return this.#rooms.size;
  }

  /** Number of members over all rooms. */
  get memberCount(): number {
    return this.#members;
  }

  /** Adds `id` to `room`, or says which cap refuses it. */
  join(room: string, id: string, member: M): JoinRefusal | null {
    let members = this.#rooms.get(room);
    if (members === undefined) {
      if (this.#rooms.size >= this.maxRooms) return 'too-many-rooms';
      members = new Map();
      this.#rooms.set(room, members);
    }
    if (members.has(id)) return null;
    if (members.size >= this.maxRoomSize) return 'room-full';
    members.set(id, member);
    this.#members += 1;
    return null;
  }

  /** Removes `id` from `room`, dropping the room when it empties; a no-op if absent. */
  leave(room: string, id: string): void {
    const members = this.#rooms.get(room);
    if (members === undefined || !members.delete(id)) return;
    this.#members -= 1;
    if (members.size === 0) this.#rooms.delete(room);
  }

  /** The member `id` of `room`, if it is in that room (not merely in some room). */
  get(room: string, id: string): M | undefined {
    return this.#rooms.get(room)?.get(id);
  }

  /** Every member of `room` except `exceptId`. */
  others(room: string, exceptId: string): M[] {
    const result: M[] = [];
    for (const [id, member] of this.#rooms.get(room) ?? [])
      if (id !== exceptId) result.push(member);
    return result;
  }

  /** Up to `count` ids of `room` other than `exceptId`, uniformly at random. */
  sample(room: string, exceptId: string, count: number, random = Math.random): string[] {
    const ids = [...(this.#rooms.get(room)?.keys() ?? [])].filter((id) => id !== exceptId);
    // Partial Fisher-Yates: the first `take` slots end up a uniform sample without replacement.
    const take = Math.min(count, ids.length);
    for (let i = 0; i < take; i++) {
      const j = i + Math.floor(random() * (ids.length - i));
      [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    }
    return ids.slice(0, take);
  }
}
