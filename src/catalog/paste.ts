// A user's own machine: what they paste from `lsmod`, `cat /proc/modules` or modules.dep, turned
// into modules and "uses" edges for the dependency graph. Pasted text is untrusted: every line
// that cannot be read becomes an error with its line number, and the rest is still used.

export type PastedFormat = 'lsmod' | 'proc-modules' | 'modules.dep';

export interface PastedModule {
  name: string;
  size?: number;
  refcnt?: number;
  /** /proc/modules: Live, Loading or Unloading. */
  state?: string;
  /** /proc/modules: taint letters, e.g. "OE". */
  taints?: string;
  /** modules.dep: the path relative to /lib/modules/RELEASE. */
  path?: string;
  /** /proc/modules: init without exit. */
  permanent?: boolean;
}

/** `user` uses `used` (so `used` shows `user` in its "Used by" column). */
export interface PastedEdge { user: string; used: string }

export interface PastedGraph {
  format: PastedFormat;
  modules: PastedModule[];
  edges: PastedEdge[];
  errors: Array<{ line: number; message: string }>;
}

const NAME = /^[A-Za-z0-9_-]{1,55}$/;
const MAX_LINES = 20_000;

/** Guesses the format from the first meaningful line. */
export function detectFormat(text: string): PastedFormat {
  const first = text.split('\n').map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#')) ?? '';
  if (/^Module\s+Size\s+Used by/.test(first)) return 'lsmod';
  if (/^\S+\.ko(\.(xz|zst|gz))?:/.test(first)) return 'modules.dep';
  if (/^\S+ \d+ -?\d+ \S+ (Live|Loading|Unloading) 0x[0-9a-f]+/.test(first)) return 'proc-modules';
  return /^\S+\s+\d+\s+-?\d+/.test(first) ? 'lsmod' : 'modules.dep';
}

export function parsePasted(text: string, format: PastedFormat = detectFormat(text)): PastedGraph {
  const graph: PastedGraph = { format, modules: [], edges: [], errors: [] };
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length > MAX_LINES) {
    graph.errors.push({ line: MAX_LINES + 1, message: `only the first ${MAX_LINES} lines are read` });
    lines.length = MAX_LINES;
  }
  if (format === 'modules.dep') parseModulesDep(lines, graph);
  else parseListing(lines, format, graph);
  return graph;
}

function parseListing(lines: string[], format: PastedFormat, graph: PastedGraph): void {
  const seen = new Set<string>();
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const n = i + 1;
    if (line === '' || (format === 'lsmod' && /^Module\s+Size\s+Used by/.test(line))) return;
    const fields = line.split(/\s+/);
    const [name, size, refcnt] = fields;
    if (!name || !NAME.test(name)) { graph.errors.push({ line: n, message: `'${name ?? ''}' is not a module name` }); return; }
    if (!size || !/^\d+$/.test(size) || !refcnt || !/^-?\d+$/.test(refcnt)) {
      graph.errors.push({ line: n, message: `expected "${name} SIZE COUNT${format === 'lsmod' ? ' [USED BY]' : ' USERS STATE ADDRESS'}"` });
      return;
    }
    if (seen.has(name)) { graph.errors.push({ line: n, message: `${name} is listed twice` }); return; }
    seen.add(name);
    const mod: PastedModule = { name, size: Number(size), refcnt: Number(refcnt) };
    let users = fields[3] ?? '';
    if (format === 'proc-modules') {
      const [, , , , state, addr, taints] = fields;
      if (!state || !/^(Live|Loading|Unloading)$/.test(state) || !addr || !/^0x[0-9a-f]+$/.test(addr)) {
        graph.errors.push({ line: n, message: `expected "${name} SIZE COUNT USERS STATE ADDRESS"` });
        return;
      }
      mod.state = state;
      if (taints && /^\([A-Z+-]+\)$/.test(taints)) mod.taints = taints.slice(1, -1).replace(/[+-]/g, '');
      if (users === '-') users = '';
      if (users.includes('[permanent]')) { mod.permanent = true; users = users.replace('[permanent],', ''); }
    }
    graph.modules.push(mod);
    for (const user of users.split(',').filter(Boolean)) {
      if (NAME.test(user)) graph.edges.push({ user, used: name });
      else graph.errors.push({ line: n, message: `'${user}' in the used-by list is not a module name` });
    }
  });
}

/** modules.dep lists every dependency, direct or not; the graph keeps only the direct ones
 * (the transitive reduction): a dependency reachable through another listed one is indirect. */
function parseModulesDep(lines: string[], graph: PastedGraph): void {
  const deps = new Map<string, string[]>();
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const colon = line.indexOf(':');
    if (colon < 0) { graph.errors.push({ line: i + 1, message: 'expected "path/module.ko: dependencies..."' }); return; }
    const path = line.slice(0, colon);
    const name = moduleName(path);
    if (!NAME.test(name)) { graph.errors.push({ line: i + 1, message: `'${path}' is not a module path` }); return; }
    if (deps.has(name)) { graph.errors.push({ line: i + 1, message: `${name} is listed twice` }); return; }
    deps.set(name, line.slice(colon + 1).trim().split(/\s+/).filter(Boolean).map(moduleName));
    graph.modules.push({ name, path });
  });
  for (const [name, all] of deps) {
    const indirect = new Set(all.flatMap((d) => deps.get(d) ?? []));
    for (const d of all) if (!indirect.has(d)) graph.edges.push({ user: name, used: d });
  }
}

function moduleName(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.replace(/\.ko(\.(xz|zst|gz))?$/, '').replace(/-/g, '_');
}
