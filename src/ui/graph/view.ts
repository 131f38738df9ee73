// Which part of the graph is on screen. The real tree has 4,000 modules and 6,000 edges, far
// more than a person can read (or a browser can draw smoothly), so the view is one of:
//   all      — a small graph (the default machine, a short paste), shown whole;
//   loaded   — the loaded and in-flight modules with their neighbours;
//   filter   — modules whose name (or path) contains the filter text, with what they depend on;
//   focus    — one module's dependencies and dependants, `depth` levels out.
// Every view is capped; `total` says how many the uncapped view would hold.
import type { GEdge, GNode, ModuleGraph } from './model';

export type ViewMode = 'all' | 'loaded' | 'filter' | 'focus';

export interface ViewOptions {
  filter: string;
  /** Focus on this module (null: no focus). */
  focus: string | null;
  depth: number;
  cap: number;
  /** Also show these (e.g. the selected module) in the loaded view. */
  extra?: string[];
}

export interface GraphView {
  mode: ViewMode;
  /** Node ids on screen, most important first. */
  ids: string[];
  edges: GEdge[];
  /** How many nodes the view would show without the cap. */
  total: number;
}

/** Up to this many nodes, a graph is shown whole when there is no filter or focus. */
export const SMALL_GRAPH = 120;
export const DEFAULT_CAP = 400;

/** Module names treat - and _ alike (the kernel does), and case does not matter. */
export const normalizeQuery = (q: string) => q.trim().toLowerCase().replace(/-/g, '_');

const isActive = (n: GNode) => n.state !== 'AVAILABLE' || n.inflight !== null;

export function selectView(g: ModuleGraph, o: ViewOptions): GraphView {
  const q = normalizeQuery(o.filter);
  let mode: ViewMode;
  let order: string[];
  if (o.focus && g.nodes.has(o.focus)) {
    mode = 'focus';
    order = neighbourhood(g, [o.focus], Math.max(0, o.depth));
  } else if (q) {
    mode = 'filter';
    order = withDependencies(g, matches(g, q));
  } else if (g.nodes.size <= SMALL_GRAPH) {
    mode = 'all';
    order = [...g.nodes.keys()].sort(byActiveThenName(g));
  } else {
    mode = 'loaded';
    const seeds = [...g.nodes.values()].filter(isActive).map((n) => n.id);
    for (const x of o.extra ?? []) if (g.nodes.has(x) && !seeds.includes(x)) seeds.push(x);
    // A loaded module's dependencies are all loaded; the neighbours add what could use them next.
    order = neighbourhood(g, withDependencies(g, seeds), 1);
  }
  const ids = order.slice(0, o.cap);
  return { mode, ids, edges: edgesAmong(g, ids), total: order.length };
}

function byActiveThenName(g: ModuleGraph) {
  return (a: string, b: string) => {
    const d = Number(isActive(g.nodes.get(b)!)) - Number(isActive(g.nodes.get(a)!));
    return d !== 0 ? d : a < b ? -1 : a > b ? 1 : 0;
  };
}

/** Names containing q (paths too, so "fs/fat" works): exact match, then prefix, then the rest. */
export function matches(g: ModuleGraph, q: string): string[] {
  const hits: Array<[number, string]> = [];
  for (const n of g.nodes.values()) {
    const name = n.id.toLowerCase();
    const rank = name === q ? 0 : name.startsWith(q) ? 1 : name.includes(q) ? 2 : n.file?.toLowerCase().replace(/-/g, '_').includes(q) ? 3 : -1;
    if (rank >= 0) hits.push([rank, n.id]);
  }
  hits.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return hits.map((h) => h[1]);
}

/** Each seed followed by everything it depends on (transitively), without repeats. */
export function withDependencies(g: ModuleGraph, seeds: string[]): string[] {
  const seen = new Set<string>();
  const order: string[] = [];
  const visit = (start: string) => {
    const stack = [start];
    while (stack.length) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      order.push(id);
      const deps = g.out.get(id) ?? [];
      for (let i = deps.length - 1; i >= 0; i--) if (!seen.has(deps[i]!)) stack.push(deps[i]!);
    }
  };
  for (const s of seeds) visit(s);
  return order;
}

/** The seeds, then their dependencies and their dependants up to `depth` levels out (each
 * direction on its own: a dependency's other users are not this module's neighbours). */
export function neighbourhood(g: ModuleGraph, seeds: string[], depth: number): string[] {
  const seen = new Set(seeds);
  const order = [...seeds];
  // Level by level, dependencies then dependants, so that a cap cuts the farthest first.
  const ways = [g.out, g.in].map((adj) => ({ adj, visited: new Set(seeds), frontier: seeds }));
  for (let d = 0; d < depth; d++) {
    for (const w of ways) {
      const level = new Set<string>();
      for (const id of w.frontier) for (const n of w.adj.get(id) ?? []) if (!w.visited.has(n)) level.add(n);
      w.frontier = [...level].sort();
      for (const n of w.frontier) {
        w.visited.add(n);
        if (!seen.has(n)) { seen.add(n); order.push(n); }
      }
    }
  }
  return order;
}

export function edgesAmong(g: ModuleGraph, ids: string[]): GEdge[] {
  const shown = new Set(ids);
  const out: GEdge[] = [];
  for (const id of ids) {
    for (const t of g.out.get(id) ?? []) {
      if (shown.has(t)) out.push(g.edges.get(`${id}->${t}`)!);
    }
  }
  return out;
}

/** An edge's label: the first symbol and how many more ("fat_fill_super +3"). */
export function edgeLabel(symbols: string[], max = 26): string {
  if (symbols.length === 0) return '';
  const first = symbols[0]!.length > max ? `${symbols[0]!.slice(0, max - 1)}…` : symbols[0]!;
  return symbols.length > 1 ? `${first} +${symbols.length - 1}` : first;
}
