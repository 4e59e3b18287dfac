/**
 * The links members announced for their rooms, so that a short name (`lesson1`) can be
 * resolved to the live room's full parameters. The server holds no chain: a link is an opaque
 * bounded string whose shape protocol.ts checked; the page checks that it hashes to the room.
 */
import { MAX_LINKS_PER_ROOM } from './api.js';
import { roomLinkName } from './protocol.js';

/**
 * Per room, each distinct link with the number of members that announced it. A room holds at
 * most `maxLinks` distinct links (further ones are not recorded), and rooms come and go with
 * their members, so memory is bounded by rooms × maxLinks × MAX_ROOM_LINK_CHARS.
 */
export class RoomLinks {
  readonly #rooms = new Map<string, Map<string, number>>();

  constructor(readonly maxLinks = MAX_LINKS_PER_ROOM) {}

  /** Counts one member's `link` for `room`; false if the room already holds maxLinks others. */
  add(room: string, link: string): boolean {
    const links = this.#rooms.get(room) ?? new Map<string, number>();
    const count = links.get(link);
    if (count === undefined && links.size >= this.maxLinks) return false;
    links.set(link, (count ?? 0) + 1);
    this.#rooms.set(room, links);
    return true;
  }

  /** Uncounts one member's `link` (one that {@link add} recorded). */
  remove(room: string, link: string): void {
    const links = this.#rooms.get(room);
    const count = links?.get(link);
    if (links === undefined || count === undefined) return;
    if (count > 1) links.set(link, count - 1);
    else links.delete(link);
    if (links.size === 0) this.#rooms.delete(room);
  }

  /**
   * Rooms with a link, each with its links most announced first (the earlier on a tie); with
   * `name`, only links carrying that short name, and only rooms with one.
   */
  *entries(name?: string): Generator<{ room: string; links: string[] }> {
    for (const [room, counts] of this.#rooms) {
      const links = [...counts]
        .filter(([link]) => name === undefined || roomLinkName(link) === name)
        .sort((a, b) => b[1] - a[1])
        .map(([link]) => link);
      if (links.length > 0) yield { room, links };
    }
  }
}
