// ELK's layered layout, run in a Web Worker (its 1.4 MB script parses in about a second, and a
// 400-node layout takes one or two more: never on the page's thread). Results are cached by the
// layout key, so going back to an earlier view is instant. Any failure leaves the cheap layout.
import ELK, { type ElkNode } from 'elkjs/lib/elk-api';
import ElkWorker from 'elkjs/lib/elk-worker.min.js?worker';
import type { GEdge } from './model';
import { ROW_GAP, type Point, type Size } from './layout';

let elk: InstanceType<typeof ELK> | null = null;
let broken = false;

function instance(): InstanceType<typeof ELK> | null {
  if (broken) return null;
  try {
    elk ??= new ELK({ workerFactory: () => new ElkWorker() });
  } catch {
    broken = true;
  }
  return elk;
}

const OPTIONS = {
  'elk.algorithm': 'layered',
  // Edges go from the used module to its user: what is used stands above what uses it.
  'elk.direction': 'DOWN',
  'elk.layered.spacing.nodeNodeBetweenLayers': String(ROW_GAP),
  'elk.spacing.nodeNode': '18',
  'elk.spacing.componentComponent': '40',
  // Thoroughness 1 and simple node placement: several times faster on 400 nodes, still readable.
  'elk.layered.thoroughness': '1',
  'elk.layered.nodePlacement.strategy': 'SIMPLE',
};

const results = new Map<string, Map<string, Point>>();

/** Starts the worker early, so the first real layout does not also wait for ELK to parse. */
export function warmUp(): void {
  const e = instance();
  if (e) e.layout({ id: 'warm', children: [{ id: 'a', width: 10, height: 10 }], edges: [] }).catch(() => { broken = true; });
}

export function cachedLayout(key: string): Map<string, Point> | undefined {
  return results.get(key);
}

export async function elkLayout(key: string, ids: string[], edges: GEdge[], size: (id: string) => Size): Promise<Map<string, Point> | null> {
  const hit = results.get(key);
  if (hit) return hit;
  const e = instance();
  if (!e) return null;
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: OPTIONS,
    children: ids.map((id) => ({ id, ...size(id) })),
    edges: edges.filter((x) => x.source !== x.target).map((x) => ({ id: x.id, sources: [x.target], targets: [x.source] })),
  };
  try {
    const out = await e.layout(graph);
    const pos = new Map<string, Point>();
    for (const c of out.children ?? []) pos.set(c.id, { x: c.x ?? 0, y: c.y ?? 0 });
    if (results.size > 30) results.delete(results.keys().next().value!);
    results.set(key, pos);
    return pos;
  } catch {
    return null;
  }
}
