// depmod as kmod 30's tools/depmod.c computes it, so that the files match the real ones line for
// line: modules sorted by modules.order (others after, in kmod's hash order), exports resolved
// with the last module in that order winning, a topological sort whose stack order decides each
// module's dep_sort_idx, and every modules.dep line listing all dependencies by that index.
//
// It runs over thousands of modules (Debian's tree: 4,023 modules, 185,000 imports), so the loops
// avoid searches and throw-away arrays, symbols are numbered (SymbolTable), and what one image
// alone decides (its lines of modules.alias, .softdep, .devname and .symbols, its imports and
// exports as symbol numbers) is worked out once per image (see factsOf).
import type { ModuleImage } from '../../kernel/image';
import { hashSuperfast, kmodHashOrder, strcmp } from './hash';

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
  facts: ImageFacts;
  sortIdx: number;
  idx: number;
  deps: Mod[];
  users: number;
  depSortIdx: number;
  depLoop: boolean;
  /** The module whose imports were resolved last with this one as a dependency (so that a
   * dependency is added once without searching the list). */
  lastUser: Mod | null;
  /** A generation stamp for depLine(): the line of module M marks each module it reaches with
   * M.idx + 1, so one already reached for this line is passed over without a visited set made or
   * cleared per line. Each line has its own stamp, and 0 (the start) is no module's. */
  reachedFrom: number;
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
  const name = dot < 0 ? base : base.slice(0, dot);
  return name.includes('-') ? name.replace(/-/g, '_') : name;
}

/** The default search order "updates built-in": a module under updates/ beats the rest; between
 * equals the one found first stays. */
function higherPriority(oldPath: string, newPath: string): boolean {
  const prio = (p: string) => (p.startsWith('updates/') ? 0 : 1);
  return prio(newPath) >= prio(oldPath);
}

function buildModules(input: DepmodInput, symbols: SymbolTable, warnings: string[]): Mod[] {
  const byName = new Map<string, Mod>();
  for (const { path, image } of input.files) {
    const name = pathToModname(path);
    const old = byName.get(name);
    if (old && higherPriority(old.path, path)) continue;
    byName.set(name, {
      name, path, image, facts: factsOf(image, symbols), sortIdx: 1, idx: 0, deps: [], users: 0, depSortIdx: 2 ** 31 - 1, depLoop: false, lastUser: null, reachedFrom: 0,
    });
  }
  // The modules array starts in the iteration order of kmod's modules_by_name hash (512 buckets).
  const mods = kmodHashOrder(byName.keys(), 512).map((name) => byName.get(name)!);
  if (input.order === null) {
    warnings.push('WARNING: could not open modules.order');
  } else {
    const byPath = new Map<string, Mod>();
    for (const m of mods) byPath.set(m.path, m);
    const total = input.order.length + 1;
    for (let i = 0; i < input.order.length; i++) {
      const m = byPath.get(input.order[i]!);
      if (m) m.sortIdx = i + 1 - total;
    }
    // glibc's qsort is a merge sort: stable, as Array.prototype.sort is.
    mods.sort(bySortIdx);
  }
  for (let i = 0; i < mods.length; i++) mods[i]!.idx = i;
  return mods;
}

const bySortIdx = (a: Mod, b: Mod) => a.sortIdx - b.sortIdx;
const byDepSortIdx = (a: Mod, b: Mod) => a.depSortIdx - b.depSortIdx;

/** Each symbol's owner: the module that exports symbol `id` is mods[owners.modIdx[id]] (-1: none),
 * and owners.line[id] is that export's modules.symbols line. */
interface Owners { modIdx: Int32Array; line: string[] }

/** Resolves every import to the module exporting it and sorts the modules topologically. */
function calculateDependencies(mods: Mod[], symbols: SymbolTable, verbose: string[] | null): Owners {
  // hash_add() replaces: the last module in array order that exports a symbol owns it.
  const owner = new Int32Array(symbols.names.length).fill(-1);
  const ownerLine = new Array<string>(symbols.names.length);
  for (const m of mods) {
    const { exports, symbolLines } = m.facts;
    for (let k = 0; k < exports.length; k++) {
      owner[exports[k]!] = m.idx;
      ownerLine[exports[k]!] = symbolLines[k]!;
    }
  }
  for (const m of mods) {
    const imports = m.facts.imports;
    for (let j = 0; j < imports.length; j++) {
      const o = owner[imports[j]!]!;
      if (o < 0) continue;
      const dep = mods[o]!;
      if (dep.lastUser === m) continue;
      dep.lastUser = m;
      m.deps.push(dep);
      dep.users++;
      if (verbose) verbose.push(`${m.path} needs "${m.image.imports[j]}": ${dep.path}`);
    }
  }
  // Topological sort, modules without users first; `roots` is used as a stack.
  const users = mods.map((m) => m.users);
  const roots: number[] = [];
  for (const m of mods) if (m.users === 0) roots.push(m.idx);
  let sorted = 0;
  while (roots.length > 0) {
    const src = mods[roots.pop()!]!;
    src.depSortIdx = sorted++;
    for (const dst of src.deps) {
      if (--users[dst.idx]! === 0) roots.push(dst.idx);
    }
  }
  for (const m of mods) {
    if (users[m.idx]! > 0) { m.depLoop = true; m.depSortIdx = 2 ** 31 - 1; }
  }
  // kmod also sorts each module's own dependencies (by loop flag, then dep_sort_idx); the files
  // only show the sorted closure (depLine), which does not depend on that order.
  return { modIdx: owner, line: ownerLine };
}

/** modules.symbols: `alias symbol:NAME OWNER` for every exported symbol, in the iteration order
 * of kmod's symbols hash. */
function symbolsFile(owners: Owners, symbols: SymbolTable): string {
  const lines = ['# Aliases for symbols, used by symbol_request().\n'];
  for (const id of symbols.hashOrder()) {
    if (owners.modIdx[id]! >= 0) lines.push(owners.line[id]!);
  }
  return lines.join('');
}

/** The modules.dep line of a module outside any cycle: every module it depends on, directly or
 * not, except those in cycles, by dep_sort_idx. (kmod collects them depth first and sorts them
 * with the ones in cycles last, then leaves those out; the indexes left are all different, so
 * the order in which they were found does not show.) */
function depLine(mod: Mod): string {
  const found: Mod[] = [];
  const stack = [mod];
  while (stack.length > 0) {
    for (const d of stack.pop()!.deps) {
      if (d.reachedFrom === mod.idx + 1) continue;
      d.reachedFrom = mod.idx + 1;
      if (!d.depLoop) found.push(d);
      stack.push(d);
    }
  }
  found.sort(byDepSortIdx);
  let line = mod.path + ':';
  for (const d of found) line += ' ' + d.path;
  return line + '\n';
}

export function depmod(input: DepmodInput): DepmodResult {
  const warnings: string[] = [];
  const verbose: string[] = [];
  const symbols = shared;
  const mods = buildModules(input, symbols, warnings);
  const owners = calculateDependencies(mods, symbols, input.verbose ? verbose : null);
  // The table only grows, with the names of every tree depmod saw in any session: when it holds
  // far more than this run needed, the next run starts a new one (and works out each image's
  // facts again, once).
  if (symbols.names.length > KEEP_SYMBOLS && symbols.names.length > 4 * namesUsed(mods, symbols)) shared = new SymbolTable();
  const loops = mods.filter((m) => m.depLoop);
  if (loops.length > 0) {
    warnings.push(`WARNING: found ${loops.length} modules in dependency cycles!`);
    for (const m of loops) warnings.push(`WARNING: ${m.path} in dependency cycle!`);
  }
  const dep: string[] = [];
  const alias = ['# Aliases extracted from modules themselves.\n'];
  const softdep = ['# Soft dependencies extracted from modules themselves.\n'];
  const devname = ['# Device nodes to trigger on-demand module loading.\n'];
  for (const m of mods) {
    if (!m.depLoop) dep.push(depLine(m));
    alias.push(m.facts.alias);
    softdep.push(m.facts.softdep);
    devname.push(m.facts.devname);
  }
  return {
    files: {
      'modules.dep': dep.join(''),
      'modules.alias': alias.join(''),
      'modules.softdep': softdep.join(''),
      'modules.symbols': symbolsFile(owners, symbols),
      'modules.devname': devname.join(''),
    },
    warnings,
    verbose,
  };
}

/** How many names each image's imports and exports come to, counted once each. */
function namesUsed(mods: Mod[], symbols: SymbolTable): number {
  const seen = new Uint8Array(symbols.names.length);
  let used = 0;
  for (const m of mods) {
    for (const ids of [m.facts.imports, m.facts.exports]) {
      for (let k = 0; k < ids.length; k++) {
        if (seen[ids[k]!] === 0) { seen[ids[k]!] = 1; used++; }
      }
    }
  }
  return used;
}

/** Symbol names as small numbers: resolving 185,000 imports through arrays of numbers is several
 * times faster than looking each name up in a Map (every lookup reads a string somewhere in the
 * heap). A table only grows; depmod() decides when to start a new one. */
class SymbolTable {
  private static made = 0;
  /** Tells this table from every other (ImageFacts names it by this, not by a reference that
   * would keep a dropped table alive). */
  readonly serial = SymbolTable.made++;
  private readonly ids = new Map<string, number>();
  readonly names: string[] = [];
  /** kmod's hash of each name. */
  private readonly hashes: number[] = [];
  private order = new Int32Array(0);

  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
      this.hashes.push(hashSuperfast(name));
    }
    return id;
  }

  /** Every id in the iteration order of kmod's symbols hash (2048 buckets: bucket by bucket, each
   * bucket sorted by strcmp), worked out again when names were added. */
  hashOrder(): Int32Array {
    if (this.order.length !== this.names.length) {
      const buckets: number[][] = [];
      for (let id = 0; id < this.names.length; id++) (buckets[this.hashes[id]! & 2047] ??= []).push(id);
      const byName = (a: number, b: number) => strcmp(this.names[a]!, this.names[b]!);
      this.order = Int32Array.from(buckets.flatMap((b) => (b ? b.sort(byName) : [])));
    }
    return this.order;
  }
}

/** A table up to this size is kept whatever a run needs (Debian's tree has 21,000 names: a few
 * trees' worth, so that a session on a small tree does not make the next one on Debian's tree
 * work out every image's facts again). */
const KEEP_SYMBOLS = 1 << 16;
/** The table runs share, so that an unchanged image's facts (numbered in it) serve again. */
let shared = new SymbolTable();

/** How many names the shared symbol table holds (for tests of when it starts anew). */
export function symbolTableSize(): number {
  return shared.names.length;
}

/** What depmod takes from one image, whatever the other modules are. */
interface ImageFacts {
  /** Its modules.alias lines. */
  alias: string;
  /** Its modules.softdep lines. */
  softdep: string;
  /** Its modules.devname line, or ''. */
  devname: string;
  /** The serial of the table `imports` and `exports` are numbered in. */
  table: number;
  /** image.imports, as symbol ids. */
  imports: Int32Array;
  /** image.exports' symbols, as symbol ids. */
  exports: Int32Array;
  /** The modules.symbols line of each export, should this module own the symbol. */
  symbolLines: string[];
}

/** ImageFacts by image object. decodeModuleImage() gives one deep-frozen image per file content
 * (and a changed file is a new string, so a new image), so such an image cannot change and its
 * entry cannot go stale; the WeakMap lets it go with the image. Images that are not frozen (made
 * by hand, as in tests) could change and are not remembered. */
const factsCache = new WeakMap<ModuleImage, ImageFacts>();

function factsOf(image: ModuleImage, symbols: SymbolTable): ImageFacts {
  let facts = factsCache.get(image);
  if (facts === undefined || facts.table !== symbols.serial) {
    // Built with join(): a flat string, which the files' join() copies fastest (a string built
    // with + is a tree of pieces that every join would walk).
    facts = {
      alias: image.alias.map((a) => ['alias ', a, ' ', image.name, '\n'].join('')).join(''),
      softdep: softdepValues(image).map((v) => ['softdep ', image.name, ' ', v, '\n'].join('')).join(''),
      devname: devnameLine(image),
      table: symbols.serial,
      imports: symbolIds(symbols, image.imports),
      exports: symbolIds(symbols, image.exports.map((e) => e.symbol)),
      symbolLines: image.exports.map((e) => ['alias symbol:', e.symbol, ' ', image.name, '\n'].join('')),
    };
    if (deepFrozen(image)) factsCache.set(image, facts);
  }
  return facts;
}

/** The ids of `names` (a loop: Int32Array.from() with a mapping function walks an iterator and
 * is several times slower, which shows when depmod first reads a tree's 185,000 imports). */
function symbolIds(symbols: SymbolTable, names: readonly string[]): Int32Array {
  const ids = new Int32Array(names.length);
  for (let i = 0; i < names.length; i++) ids[i] = symbols.id(names[i]!);
  return ids;
}

/** Whether everything factsOf reads of the image is frozen. */
function deepFrozen(image: ModuleImage): boolean {
  const { alias, softdep, softdepRaw, imports, exports } = image;
  const read: object[] = [image, alias, softdep, softdep.pre, softdep.post, imports, exports, ...exports];
  if (softdepRaw !== undefined) read.push(softdepRaw);
  return read.every((x) => Object.isFrozen(x));
}

/** The raw modinfo softdep values: real modules carry them as written ("pre: crc32c"). */
export function softdepValues(image: ModuleImage): string[] {
  if (image.softdepRaw) return image.softdepRaw;
  const { pre, post } = image.softdep;
  if (!pre.length && !post.length) return [];
  return [[pre.length ? `pre: ${pre.join(' ')}` : '', post.length ? `post: ${post.join(' ')}` : ''].filter(Boolean).join(' ')];
}

/** output_devname(): a devname: alias together with a char- or block-major alias. */
function devnameLine(image: ModuleImage): string {
  let devname: string | null = null;
  let dev: string | null = null;
  for (const a of image.alias) {
    if (a.startsWith('devname:')) devname = a.slice(8);
    else {
      const match = /^(char|block)-major-(\d+)-(\d+)/.exec(a);
      if (match) dev = `${match[1] === 'char' ? 'c' : 'b'}${match[2]}:${match[3]}`;
    }
    if (devname !== null && dev !== null) return `${image.name} ${devname} ${dev}\n`;
  }
  return '';
}
