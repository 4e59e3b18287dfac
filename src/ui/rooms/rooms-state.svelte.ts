/**
 * The Rooms panel's state: the new room's form and what it gives (parameters, link, genesis
 * hash), and joining a room by link or short code. A room is its link: opening it reloads
 * the app into that room's chain.
 */
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

/** A room link of the page this app runs at. */
export function roomLink(params: RoomParams): string {
  const base = globalThis.location ? `${location.origin}${location.pathname}` : '/';
  return `${base}?${roomToQuery(params)}`;
}

/**
 * The room a link or a short code names: a link's query (anything after `?`) or a bare
 * room name for the default parameters. Core messages on failure.
 */
export function parseJoin(text: string): { params: RoomParams } | { errors: string[] } {
  const s = text.trim();
  if (s === '') return { errors: [] };
  const q = s.includes('?')
    ? (s.slice(s.indexOf('?') + 1).split('#')[0] ?? '')
    : `room=${encodeURIComponent(s)}`;
  return roomFromQuery(q);
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

  constructor(current: RoomParams) {
    this.#current = current;
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

  /** Opens a room: the app reloads into its chain. */
  open(params: RoomParams): void {
    globalThis.location?.assign(roomLink(params));
  }
}
