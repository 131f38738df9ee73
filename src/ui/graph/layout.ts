// Node sizes and the cheap layout shown at once, before ELK (in its worker) answers: rows by
// dependency depth, the modules that use nothing at the top and their users below, each row
// ordered by where its dependencies sit (one barycentre pass), long rows wrapped. Top to bottom
// because module names are wide: rows of wide boxes fit a panel better than columns of them.
import type { GEdge } from './model';

export interface Point { x: number; y: number }
export interface Size { width: number; height: number }

export const NODE_HEIGHT = 50;
/** Module names are drawn in a 13 px monospace font: about 7.9 px a character. */
const CHAR = 7.9;
const PAD = 26;
const MIN_WIDTH = 140;

export function nodeSize(name: string): Size {
  // At least as wide as the longest second line, "UNFORMED refs 10".
  return { width: Math.max(MIN_WIDTH, Math.ceil(name.length * CHAR + PAD)), height: NODE_HEIGHT };
}

/** Between two rows: room for an edge label ("fat_fill_super +18") on the edges between them. */
export const ROW_GAP = 64;
const NODE_GAP = 18;
/** A row wider than this wraps into a further row of the same depth. */
export const MAX_ROW_WIDTH = 1500;

/** The layout depends only on which nodes and edges are shown: this is its cache key. */
export function layoutKey(ids: string[], edges: GEdge[]): string {
  return `${[...ids].sort().join(' ')}|${edges.map((e) => e.id).sort().join(' ')}`;
}

/** Depth of each node: 0 when it uses nothing shown, else 1 + the deepest module it uses. */
export function depths(ids: string[], edges: GEdge[]): Map<string, number> {
  const shown = new Set(ids);
  const uses = new Map<string, string[]>();
  for (const e of edges) {
    if (!shown.has(e.source) || !shown.has(e.target) || e.source === e.target) continue;
    (uses.get(e.source) ?? uses.set(e.source, []).get(e.source)!).push(e.target);
  }
  const depth = new Map<string, number>();
  const onPath = new Set<string>();
  const visit = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (onPath.has(id)) return 0; // a cycle (a pasted graph may have one): cut it here
    onPath.add(id);
    let d = 0;
    for (const t of uses.get(id) ?? []) d = Math.max(d, visit(t) + 1);
    onPath.delete(id);
    depth.set(id, d);
    return d;
  };
  for (const id of ids) visit(id);
  return depth;
}

export function cheapLayout(ids: string[], edges: GEdge[], size: (id: string) => Size = nodeSize): Map<string, Point> {
  const depth = depths(ids, edges);
  const layers: string[][] = [];
  for (const id of ids) (layers[depth.get(id) ?? 0] ??= []).push(id);
  const uses = new Map<string, string[]>();
  for (const e of edges) (uses.get(e.source) ?? uses.set(e.source, []).get(e.source)!).push(e.target);

  // Where each placed node's centre is, for the barycentre of the next rows.
  const centre = new Map<string, number>();
  const pos = new Map<string, Point>();
  let y = 0;
  for (const layer of layers) {
    if (!layer) continue;
    // Order by the mean x of what each node uses (the top row: by name).
    const key = (id: string) => {
      const r = (uses.get(id) ?? []).map((t) => centre.get(t)).filter((v): v is number => v !== undefined);
      return r.length ? r.reduce((a, b) => a + b, 0) / r.length : Number.POSITIVE_INFINITY;
    };
    const keyed = layer.map((id) => [key(id), id] as const);
    keyed.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    let x = 0;
    let height = 0;
    for (const [, id] of keyed) {
      const s = size(id);
      if (x > 0 && x + s.width > MAX_ROW_WIDTH) { y += height + ROW_GAP; x = 0; height = 0; }
      pos.set(id, { x, y });
      centre.set(id, x + s.width / 2);
      x += s.width + NODE_GAP;
      height = Math.max(height, s.height);
    }
    y += height + ROW_GAP;
  }
  return pos;
}
