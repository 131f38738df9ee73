// depmod as kmod 30's tools/depmod.c computes it, so that the files match the real ones line for
// line: modules sorted by modules.order (others after, in kmod's hash order), exports resolved
// with the last module in that order winning, a topological sort whose stack order decides each
// module's dep_sort_idx, and every modules.dep line listing all dependencies by that index.
import type { ModuleImage } from '../../kernel/image';
import { kmodHashOrder } from './hash';

export interface DepmodInput {
  /** Every module file found under the module directory, in readdir order, path relative to it. */
  files: Array<{ path: string; image: ModuleImage }>;
  /** modules.order lines, or null when the file is missing. */
  order: string[] | null;
  /** Collect the `-v` lines (left empty otherwise: there are thousands). */
  verbose?: boolean;
}

interface Mod {
  name: string;
  path: string;
  image: ModuleImage;
  sortIdx: number;
  idx: number;
  deps: Mod[];
  users: number;
  depSortIdx: number;
  depLoop: boolean;
}

export interface DepmodResult {
  files: Record<string, string>;
  /** Messages depmod prints (warnings), without the "depmod: " prefix. */
  warnings: string[];
  /** `-v`: "PATH needs "SYM": OWNER" lines. */
  verbose: string[];
}

/** path_to_modname(): the basename up to the first '.', with '-' as '_'. */
export function pathToModname(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.indexOf('.');
  return (dot < 0 ? base : base.slice(0, dot)).replace(/-/g, '_');
}

/** The default search order "updates built-in": a module under updates/ beats the rest; between
 * equals the one found first stays. */
function higherPriority(oldPath: string, newPath: string): boolean {
  const prio = (p: string) => (p.startsWith('updates/') ? 0 : 1);
  return prio(newPath) >= prio(oldPath);
}

function buildModules(input: DepmodInput, warnings: string[]): Mod[] {
  const byName = new Map<string, Mod>();
  for (const { path, image } of input.files) {
    const name = pathToModname(path);
    const old = byName.get(name);
    if (old && higherPriority(old.path, path)) continue;
    byName.set(name, { name, path, image, sortIdx: 1, idx: 0, deps: [], users: 0, depSortIdx: 2 ** 31 - 1, depLoop: false });
  }
  // The modules array starts in the iteration order of kmod's modules_by_name hash (512 buckets).
  const mods = kmodHashOrder(byName.keys(), 512).map((name) => byName.get(name)!);
  if (input.order === null) {
    warnings.push('WARNING: could not open modules.order');
  } else {
    const byPath = new Map(mods.map((m) => [m.path, m]));
    const total = input.order.length + 1;
    input.order.forEach((line, i) => {
      const m = byPath.get(line);
      if (m) m.sortIdx = i + 1 - total;
    });
    // glibc's qsort is a merge sort: stable, as Array.prototype.sort is.
    mods.sort((a, b) => a.sortIdx - b.sortIdx);
  }
  mods.forEach((m, i) => { m.idx = i; });
  return mods;
}

function calculateDependencies(mods: Mod[], verbose: string[] | null): Map<string, Mod> {
  // hash_add() replaces: the last module in array order that exports a symbol owns it.
  const symbols = new Map<string, Mod>();
  for (const m of mods) for (const e of m.image.exports) symbols.set(e.symbol, m);
  for (const m of mods) {
    for (const sym of m.image.imports) {
      const owner = symbols.get(sym);
      if (!owner || m.deps.includes(owner)) continue;
      m.deps.push(owner);
      owner.users++;
      verbose?.push(`${m.path} needs "${sym}": ${owner.path}`);
    }
  }
  // Topological sort, modules without users first; `roots` is used as a stack.
  const users = mods.map((m) => m.users);
  const roots = mods.filter((m) => m.users === 0).map((m) => m.idx);
  let sorted = 0;
  while (roots.length > 0) {
    const src = mods[roots.pop()!]!;
    src.depSortIdx = sorted++;
    for (const dst of src.deps) {
      users[dst.idx]!--;
      if (users[dst.idx] === 0) roots.push(dst.idx);
    }
  }
  for (const m of mods) {
    if (users[m.idx]! > 0) { m.depLoop = true; m.depSortIdx = 2 ** 31 - 1; }
  }
  for (const m of mods) m.deps.sort(depCmp);
  return symbols;
}

function depCmp(a: Mod, b: Mod): number {
  if (a.depLoop !== b.depLoop) return a.depLoop ? 1 : -1;
  return a.depSortIdx - b.depSortIdx;
}

function allSortedDependencies(mod: Mod): Mod[] {
  const out: Mod[] = [];
  const fill = (m: Mod) => {
    for (const d of m.deps) {
      if (out.includes(d)) continue;
      out.push(d);
      fill(d);
    }
  };
  fill(mod);
  return out.sort(depCmp);
}

export function depmod(input: DepmodInput): DepmodResult {
  const warnings: string[] = [];
  const verbose: string[] = [];
  const mods = buildModules(input, warnings);
  const symbols = calculateDependencies(mods, input.verbose ? verbose : null);
  const loops = mods.filter((m) => m.depLoop);
  if (loops.length > 0) {
    warnings.push(`WARNING: found ${loops.length} modules in dependency cycles!`);
    for (const m of loops) warnings.push(`WARNING: ${m.path} in dependency cycle!`);
  }
  const live = mods.filter((m) => !m.depLoop);
  const dep = live.map((m) => `${m.path}:${allSortedDependencies(m).filter((d) => !d.depLoop).map((d) => ' ' + d.path).join('')}\n`).join('');
  const alias = '# Aliases extracted from modules themselves.\n' +
    mods.flatMap((m) => m.image.alias.map((a) => `alias ${a} ${m.image.name}\n`)).join('');
  const softdep = '# Soft dependencies extracted from modules themselves.\n' +
    mods.flatMap((m) => softdepValues(m.image).map((v) => `softdep ${m.image.name} ${v}\n`)).join('');
  let symbolLines = '# Aliases for symbols, used by symbol_request().\n';
  // Written in the iteration order of kmod's symbols hash (2048 buckets).
  for (const name of kmodHashOrder(symbols.keys(), 2048)) symbolLines += `alias symbol:${name} ${symbols.get(name)!.image.name}\n`;
  const devname = '# Device nodes to trigger on-demand module loading.\n' + mods.map(devnameLine).join('');
  return {
    files: { 'modules.dep': dep, 'modules.alias': alias, 'modules.softdep': softdep, 'modules.symbols': symbolLines, 'modules.devname': devname },
    warnings,
    verbose,
  };
}

/** The raw modinfo softdep values: real modules carry them as written ("pre: crc32c"). */
export function softdepValues(image: ModuleImage): string[] {
  if (image.softdepRaw) return image.softdepRaw;
  const { pre, post } = image.softdep;
  if (!pre.length && !post.length) return [];
  return [[pre.length ? `pre: ${pre.join(' ')}` : '', post.length ? `post: ${post.join(' ')}` : ''].filter(Boolean).join(' ')];
}

/** output_devname(): a devname: alias together with a char- or block-major alias. */
function devnameLine(m: Mod): string {
  let devname: string | null = null;
  let dev: string | null = null;
  for (const a of m.image.alias) {
    if (a.startsWith('devname:')) devname = a.slice(8);
    else {
      const match = /^(char|block)-major-(\d+)-(\d+)/.exec(a);
      if (match) dev = `${match[1] === 'char' ? 'c' : 'b'}${match[2]}:${match[3]}`;
    }
    if (devname !== null && dev !== null) return `${m.image.name} ${devname} ${dev}\n`;
  }
  return '';
}
