/**
 * The Rooms panel's state: the new room's form and what it gives (parameters, link, genesis
 * hash), and joining a room by link or short code. A room is its link: opening it reloads
 * the app into that room's chain. A short code is resolved through the server's live rooms
 * (app/live-rooms.ts), never to a room with default parameters.
 */
import {
  shareTarget,
  type ClassroomServer,
  type ServerInfo,
  type ShareTarget,
} from '../../app/classroom-server.js';
import { lookUpName, type NameLookup } from '../../app/live-rooms.js';
import { hashToHex } from '../../core/hash.js';
import { workFromBits } from '../../core/pow.js';
import { DEFAULT_PARAMS, PARAM_BOUNDS, type RoomParams } from '../../core/params.js';
import { genesisHash, roomFromQuery, roomToQuery } from '../../core/room.js';
import {
  fieldsFromParams,
  paramsFromFields,
  type RoomFields,
  type RoomProblem,
} from './room-form.js';

/** A room link of the page this app runs at, or of the same page at `origin`. */
export function roomLink(params: RoomParams, origin?: string): string {
  const base = globalThis.location ? `${origin ?? location.origin}${location.pathname}` : '/';
  return `${base}?${roomToQuery(params)}`;
}

/**
 * What the join box names: a room link's parameters (anything after `?`), or a short name
 * to look up among the live rooms: a bare name does not say the room's rules. Core messages
 * when neither is valid.
 */
export function parseJoin(
  text: string,
): { params: RoomParams } | { name: string } | { errors: string[] } {
  const s = text.trim();
  if (s === '') return { errors: [] };
  if (s.includes('?')) return roomFromQuery(s.slice(s.indexOf('?') + 1).split('#')[0] ?? '');
  const parsed = roomFromQuery(`room=${encodeURIComponent(s)}`);
  return 'params' in parsed ? { name: parsed.params.name } : parsed;
}

/** A short-name lookup on show: the name asked, and its answer once it came. */
export interface NameLookupState {
  readonly name: string;
  /** Undefined while the server is being asked. */
  readonly result: NameLookup | undefined;
}

/** The Rooms panel's state. */
export class RoomsState {
  /** The form's text fields, bound to the inputs. */
  readonly fields: RoomFields;
  /** The form as parameters, or its problems. */
  readonly result = $derived.by(() => paramsFromFields(this.fields));
  /** Whether the link of the new room is on show (after "Create"). */
  #created = $state.raw<RoomParams | undefined>(undefined);
  readonly #current: RoomParams;
  /** Where students reach the server; null until it says (or if it never does). */
  #info = $state.raw<ServerInfo | null>(null);
  /** The address the teacher picked for links, when the server has several. */
  #chosenHost = $state<string | undefined>(undefined);
  readonly #server: ClassroomServer | undefined;
  /** The short-name lookup on show, if any. */
  #lookup = $state.raw<NameLookupState | undefined>(undefined);
  /** Counts lookups, so the answer to an older one is dropped. */
  #lookups = 0;

  constructor(current: RoomParams, server?: ClassroomServer) {
    this.#current = current;
    this.#server = server;
    server?.info().then(
      (info) => {
        if (info !== undefined) this.#info = info;
      },
      () => {},
    );
    // A new room starts from the classroom defaults, not from this room's (maybe odd) rules.
    const name = `${current.name}-2`.slice(0, PARAM_BOUNDS.nameMaxLength);
    this.fields = $state(fieldsFromParams({ ...DEFAULT_PARAMS, name }));
  }

  /** The room this tab is in. */
  get current(): RoomParams {
    return this.#current;
  }

  /** Problems of one field. */
  problems(field: RoomProblem['field']): RoomProblem[] {
    return this.result.ok ? [] : this.result.problems.filter((p) => p.field === field);
  }

  /** Expected hashes per block at the form's starting difficulty, if valid. */
  get expectedHashes(): number | undefined {
    return this.result.ok ? Number(workFromBits(this.result.params.initialBits)) : undefined;
  }

  /** The room created last, its link shown until the form changes. */
  get created(): RoomParams | undefined {
    const r = this.result;
    // Editing the form after "Create" hides a link that no longer matches it.
    if (!this.#created || !r.ok || roomToQuery(r.params) !== roomToQuery(this.#created)) {
      return undefined;
    }
    return this.#created;
  }

  /** Freezes the form's room for sharing; false when the form has problems. */
  create(): boolean {
    if (!this.result.ok) return false;
    this.#created = this.result.params;
    return true;
  }

  /** The genesis hash (display order) of a room: every tab that opens its link derives it. */
  genesisOf(params: RoomParams): string {
    return hashToHex(genesisHash(params));
  }

  /** Where share links point and whether students can open them. */
  get share(): ShareTarget {
    const page = globalThis.location ?? { protocol: 'http:', hostname: '', origin: '' };
    return shareTarget(page, this.#info, this.#chosenHost);
  }

  /** Picks which of the server's addresses share links use. */
  chooseHost(host: string): void {
    this.#chosenHost = host;
  }

  /** The link students open to join a room: at an address they can reach. */
  shareLink(params: RoomParams): string {
    return roomLink(params, this.share.origin);
  }

  /** The short-name lookup on show, if any. */
  get lookup(): NameLookupState | undefined {
    return this.#lookup;
  }

  /** Forgets the lookup on show (the join box changed). */
  clearLookup(): void {
    this.#lookups++;
    this.#lookup = undefined;
  }

  /**
   * Joins the live room named `name`: opens it if it is the only one; otherwise leaves the
   * answer on show (several rooms to pick from, or none and the rooms that are live).
   */
  async joinByName(name: string): Promise<void> {
    const n = ++this.#lookups;
    this.#lookup = { name, result: undefined };
    const result: NameLookup = this.#server
      ? await lookUpName(this.#server, name)
      : { kind: 'unknown' };
    if (n !== this.#lookups) return;
    this.#lookup = { name, result };
    if (result.kind === 'one') this.open(result.room.params);
  }

  /** Opens a room: the app reloads into its chain. */
  open(params: RoomParams): void {
    globalThis.location?.assign(roomLink(params));
  }
}
