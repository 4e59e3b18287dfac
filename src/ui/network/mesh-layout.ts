/** Positions of the mesh diagram: this node in the middle, peers around, their peers outside. */
import type { MeshLink, MeshNode } from './network-state.svelte.js';

/** A placed node of the diagram. */
export interface PlacedNode extends MeshNode {
  readonly x: number;
  readonly y: number;
}

/** A placed link, ends in diagram coordinates. */
export interface PlacedLink {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  /** Touches this node. */
  readonly ours: boolean;
}

/** Size of the diagram's view box. */
export const MESH_W = 360;
/** Height of the diagram's view box. */
export const MESH_H = 240;

/**
 * Direct peers evenly on an inner ellipse, nodes known through them on an outer one, in key
 * order so the picture does not shuffle when someone joins.
 */
export function layoutMesh(
  selfKey: string,
  nodes: readonly MeshNode[],
  links: readonly MeshLink[],
): { nodes: PlacedNode[]; links: PlacedLink[]; self: { x: number; y: number } } {
  const cx = MESH_W / 2;
  const cy = MESH_H / 2;
  const place = (list: MeshNode[], rx: number, ry: number, offset: number): PlacedNode[] =>
    list.map((n, i) => {
      const a = offset + (2 * Math.PI * i) / Math.max(1, list.length) - Math.PI / 2;
      return { ...n, x: cx + rx * Math.cos(a), y: cy + ry * Math.sin(a) };
    });
  const byKey = (a: MeshNode, b: MeshNode): number => (a.key < b.key ? -1 : 1);
  const direct = place(nodes.filter((n) => n.direct).sort(byKey), 105, 70, 0);
  const outer = place(
    nodes.filter((n) => !n.direct).sort(byKey),
    160,
    105,
    Math.PI / Math.max(2, nodes.length),
  );
  const placed = [...direct, ...outer];
  const at = new Map<string, { x: number; y: number }>(placed.map((n) => [n.key, n]));
  at.set(selfKey, { x: cx, y: cy });
  const placedLinks: PlacedLink[] = [];
  for (const l of links) {
    const a = at.get(l.a);
    const b = at.get(l.b);
    if (!a || !b) continue;
    placedLinks.push({
      x1: a.x,
      y1: a.y,
      x2: b.x,
      y2: b.y,
      ours: l.a === selfKey || l.b === selfKey,
    });
  }
  return { nodes: placed, links: placedLinks, self: { x: cx, y: cy } };
}
