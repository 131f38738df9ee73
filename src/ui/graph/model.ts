// The dependency graph as data (no React): modules are nodes, "user uses used" are edges.
// Three sources feed it: the kernel's modules list (state, refcounts, uses/resolvedFrom: the
// symbols each edge resolves), the module files a modprobe could load (modules.dep under
// /lib/modules/RELEASE, and .ko files built in /root), and a pasted lsmod, /proc/modules or
// modules.dep. Positions belong to the layout, not here.
import { parsePasted, type PastedGraph } from '../../catalog/paste';
import { getNode, listDir, readFile } from '../../kernel/fs';
import { decodeModuleImage, type ModuleImage } from '../../kernel/image';
import { refcount } from '../../kernel/refcount';
import { allMods } from '../../kernel/shards';
import { symbolOwner } from '../../kernel/symbols';
import { moduleOf } from '../../kernel/syscall';
import type { KernelState, KModule, ModuleStateName } from '../../kernel/types';

export type ShownState = ModuleStateName | 'AVAILABLE';

export interface GNode {
  id: string;
  state: ShownState;
  /** Sum of the per-CPU counters (null for a module that is not loaded, or unknown). */
  refs: number | null;
  /** Modules that hold a "uses" reference on this one: why rmmod refuses. */
  usedBy: string[];
  /** The .ko file this module loads from, when known. */
  file: string | null;
  /** A syscall in flight on this module right now. */
  inflight: 'init_module' | 'delete_module' | null;
}

/** `source` uses `target`. `uses`: the kernel's record (ref_module); `dep`: what modules.dep or
 * a .ko's imports say it would use; `pasted`: from a pasted listing. */
export type EdgeKind = 'uses' | 'dep' | 'pasted';

export interface GEdge {
  id: string;
  source: string;
  target: string;
  symbols: string[];
  kind: EdgeKind;
}

export interface ModuleGraph {
  nodes: Map<string, GNode>;
  edges: Map<string, GEdge>;
  /** user → the modules it uses */
  out: Map<string, string[]>;
  /** used → the modules using it */
  in: Map<string, string[]>;
}

export const edgeId = (user: string, used: string) => `${user}->${used}`;

function finish(nodes: Map<string, GNode>, edges: Map<string, GEdge>): ModuleGraph {
  const out = new Map<string, string[]>();
  const inn = new Map<string, string[]>();
  for (const e of edges.values()) {
    if (!nodes.has(e.source) || !nodes.has(e.target)) { edges.delete(e.id); continue; }
    (out.get(e.source) ?? out.set(e.source, []).get(e.source)!).push(e.target);
    (inn.get(e.target) ?? inn.set(e.target, []).get(e.target)!).push(e.source);
  }
  return { nodes, edges, out, in: inn };
}

const available = (id: string, file: string | null): GNode => ({ id, state: 'AVAILABLE', refs: null, usedBy: [], file, inflight: null });

// modules.dep of the real tree is 4,000 lines; its text is the same string until depmod rewrites it.
let depCache: { text: string; parsed: PastedGraph } | null = null;
function parseDep(text: string): PastedGraph {
  if (depCache?.text !== text) depCache = { text, parsed: parsePasted(text, 'modules.dep') };
  return depCache.parsed;
}

// Decoded .ko images, by path, valid while the file's bytes are the same string.
const images = new Map<string, { data: string; image: ModuleImage | null }>();
/** The module image in file `path` of state `s` (null: no such file, or not a module). */
export function imageAt(s: KernelState, path: string): ModuleImage | null {
  const node = getNode(s, path);
  if (!node || node.kind !== 'file') return null;
  const hit = images.get(path);
  if (hit && hit.data === node.data) return hit.image;
  const image = decodeModuleImage(node.data);
  if (images.size > 2000) images.clear();
  images.set(path, { data: node.data, image });
  return image;
}

let lastImage: { bytes: string; name: string | null } | null = null;
function nameInImage(bytes: string): string | null {
  if (lastImage?.bytes !== bytes) lastImage = { bytes, name: decodeModuleImage(bytes)?.name ?? null };
  return lastImage.name;
}

const LOCAL = '/root';

function fromKernel(s: KernelState): ModuleGraph {
  const nodes = new Map<string, GNode>();
  const edges = new Map<string, GEdge>();
  const dir = `/lib/modules/${s.release}`;

  // What modprobe could load: modules.dep's direct dependencies (parsePasted drops the indirect).
  const dep = readFile(s, `${dir}/modules.dep`);
  if (typeof dep === 'string') {
    const parsed = parseDep(dep);
    for (const m of parsed.modules) nodes.set(m.name, available(m.name, m.path ? `${dir}/${m.path}` : null));
    for (const e of parsed.edges) edges.set(edgeId(e.user, e.used), { id: edgeId(e.user, e.used), source: e.user, target: e.used, symbols: [], kind: 'dep' });
  }

  // Modules built in /root: what they would use, from their imports and whoever exports those.
  const local = listDir(s, LOCAL);
  if (Array.isArray(local)) {
    const built: Array<{ name: string; image: ModuleImage }> = [];
    for (const f of local) {
      if (!f.endsWith('.ko')) continue;
      const image = imageAt(s, `${LOCAL}/${f}`);
      if (!image) continue;
      built.push({ name: image.name, image });
      if (!nodes.has(image.name)) nodes.set(image.name, available(image.name, `${LOCAL}/${f}`));
    }
    const exporters = new Map<string, string>();
    for (const b of built) for (const e of b.image.exports) exporters.set(e.symbol, b.name);
    for (const b of built) {
      for (const sym of b.image.imports) {
        const owner = symbolOwner(s, sym) ?? exporters.get(sym);
        if (!owner || owner === b.name) continue;
        const id = edgeId(b.name, owner);
        const e = edges.get(id) ?? { id, source: b.name, target: owner, symbols: [], kind: 'dep' as const };
        if (!e.symbols.includes(sym)) e.symbols = [...e.symbols, sym];
        edges.set(id, e);
      }
    }
  }

  // The modules list, and a module an init_module is still setting up (or a delete_module freeing).
  const loaded: KModule[] = allMods(s);
  const busy = new Map<string, GNode['inflight']>();
  for (const c of s.inflight) {
    const m = moduleOf(s, c);
    if (!m) {
      // Before copy_module_from_user() read the image the kernel does not know the name yet;
      // the graph does (the bytes are the .ko's), and shows the file as being loaded.
      const name = c.kind === 'init_module' ? nameInImage(c.bytes) : null;
      if (name) nodes.set(name, { ...(nodes.get(name) ?? available(name, null)), inflight: 'init_module' });
      continue;
    }
    busy.set(m.name, c.kind);
    if (c.staged === m) loaded.push(m);
  }
  const outOf = new Map<string, GEdge[]>();
  for (const e of edges.values()) (outOf.get(e.source) ?? outOf.set(e.source, []).get(e.source)!).push(e);
  for (const m of loaded) {
    const old = nodes.get(m.name);
    nodes.set(m.name, {
      id: m.name,
      state: m.state,
      refs: m.refs.length ? refcount(m) : null,
      usedBy: [...m.usedBy],
      file: old?.file ?? null,
      inflight: busy.get(m.name) ?? null,
    });
    // Before simplify_symbols the file's dependencies say what it is going to need; from then on
    // the kernel's own record (uses, and the symbols resolved from each) is the truth.
    if (m.state !== 'UNFORMED' || m.uses.length > 0) {
      for (const e of outOf.get(m.name) ?? []) if (!m.uses.includes(e.target)) edges.delete(e.id);
    }
    for (const used of m.uses) {
      const id = edgeId(m.name, used);
      edges.set(id, { id, source: m.name, target: used, symbols: [...(m.resolvedFrom[used] ?? [])], kind: 'uses' });
      if (!nodes.has(used)) nodes.set(used, available(used, null));
    }
  }
  return finish(nodes, edges);
}

const cache = new WeakMap<KernelState, ModuleGraph>();

/** The graph of kernel state `s` (cached: states are immutable). */
export function buildGraph(s: KernelState): ModuleGraph {
  let g = cache.get(s);
  if (!g) { g = fromKernel(s); cache.set(s, g); }
  return g;
}

const PASTED_STATE: Record<string, ShownState> = { Live: 'LIVE', Loading: 'COMING', Unloading: 'GOING' };

/** A pasted listing: lsmod and /proc/modules list loaded modules, modules.dep module files. */
export function graphFromPasted(p: PastedGraph): ModuleGraph {
  const nodes = new Map<string, GNode>();
  const edges = new Map<string, GEdge>();
  const loaded = p.format !== 'modules.dep';
  for (const m of p.modules) {
    nodes.set(m.name, {
      id: m.name,
      state: m.state ? PASTED_STATE[m.state] ?? 'LIVE' : loaded ? 'LIVE' : 'AVAILABLE',
      refs: m.refcnt ?? null,
      usedBy: [],
      file: m.path ?? null,
      inflight: null,
    });
  }
  for (const e of p.edges) {
    const id = edgeId(e.user, e.used);
    edges.set(id, { id, source: e.user, target: e.used, symbols: [], kind: loaded ? 'pasted' : 'dep' });
    // A used-by list may name a module the paste does not list (a cut-off paste): still show it.
    for (const n of [e.user, e.used]) if (!nodes.has(n)) nodes.set(n, available(n, null));
    if (loaded) nodes.get(e.used)!.usedBy.push(e.user);
  }
  return finish(nodes, edges);
}

export interface Changes {
  nodes: Set<string>;
  edges: Set<string>;
}

/** What the last action changed: nodes that appeared or changed state/refcount/in-flight, and
 * edges that appeared or changed kind or symbols. */
export function changesSince(now: ModuleGraph, before: ModuleGraph | null): Changes {
  const nodes = new Set<string>();
  const edges = new Set<string>();
  if (!before) return { nodes, edges };
  for (const n of now.nodes.values()) {
    const o = before.nodes.get(n.id);
    if (!o || o.state !== n.state || o.refs !== n.refs || o.inflight !== n.inflight) nodes.add(n.id);
  }
  for (const e of now.edges.values()) {
    const o = before.edges.get(e.id);
    if (!o || o.kind !== e.kind || o.symbols.join() !== e.symbols.join()) edges.add(e.id);
  }
  return { nodes, edges };
}

/** For edges read from modules.dep (no symbols yet): the symbols the user's .ko imports that
 * the used module's .ko exports, read from the files. Only for the few edges on screen. */
export function labelFromFiles(s: KernelState, g: ModuleGraph, list: GEdge[]): GEdge[] {
  return list.map((e) => {
    if (e.kind !== 'dep' || e.symbols.length > 0) return e;
    const userFile = g.nodes.get(e.source)?.file;
    const usedFile = g.nodes.get(e.target)?.file;
    if (!userFile || !usedFile) return e;
    const user = imageAt(s, userFile);
    const used = imageAt(s, usedFile);
    if (!user || !used) return e;
    const symbols = symbolsBetween(user, used);
    return symbols.length ? { ...e, symbols } : e;
  });
}

// What one image imports from another, by image (images are cached per file while its bytes stay
// the same): a filter that shows 400 edges asks again at each keystroke and each step.
const between = new WeakMap<ModuleImage, WeakMap<ModuleImage, string[]>>();
const exportSets = new WeakMap<ModuleImage, Set<string>>();
function symbolsBetween(user: ModuleImage, used: ModuleImage): string[] {
  let row = between.get(user);
  if (!row) between.set(user, (row = new WeakMap()));
  let symbols = row.get(used);
  if (!symbols) {
    const exported = exportSets.get(used) ?? new Set(used.exports.map((x) => x.symbol));
    exportSets.set(used, exported);
    symbols = user.imports.filter((sym) => exported.has(sym));
    row.set(used, symbols);
  }
  return symbols;
}
