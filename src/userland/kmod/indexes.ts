// The module directory's indexes. Real kmod reads only the binary tries (modules.dep.bin,
// modules.alias.bin, ...); the simulation keeps depmod's text files and gives them the tries'
// behaviour: alias keys are stored alias_normalize()d, a search returns every value whose key
// matches the name (fnmatch) ordered by the owning module's depmod position (its "priority"),
// and a dump lists keys in byte order.
import { fnmatch } from './fnmatch';
import { aliasNormalize, pathToModname, type FsView } from './fs';

interface Value { value: string; priority: number }

interface Node { prefix: string; values: Value[]; children: Map<string, Node>; sorted?: string[] }

const WILD = ['*', '?', '['];

function newNode(prefix: string): Node {
  return { prefix, values: [], children: new Map() };
}

/** add_value() / index_add_value(): kept sorted by priority, a new value before equal ones. */
function addValue(values: Value[], v: Value): void {
  let i = 0;
  while (i < values.length && values[i]!.priority < v.priority) i++;
  values.splice(i, 0, v);
}

function childChars(node: Node): string[] {
  return (node.sorted ??= [...node.children.keys()].sort());
}

function addValues(out: Value[], node: Node): void {
  for (const v of node.values) addValue(out, v);
}

/** index_searchwild_all(): every key below `node` (its prefix from `j` on, after `buf`) that
 * matches `subkey` as a pattern. */
function searchAll(out: Value[], node: Node, j: number, buf: string, subkey: string): void {
  const pattern = buf + node.prefix.slice(j);
  for (const ch of childChars(node)) searchAll(out, node.children.get(ch)!, 0, pattern + ch, subkey);
  if (node.values.length && fnmatch(pattern, subkey)) addValues(out, node);
}

/** The index as depmod builds it (tools/depmod.c index_insert(): a radix trie whose nodes carry a
 * prefix), searched and dumped as libkmod-index.c does. How often a value is found depends on the
 * trie's shape: a name that itself holds `*` can reach one key along two paths. */
export class AliasIndex {
  private readonly root = newNode('');

  insert(key: string, value: Value): void {
    let node = this.root;
    let i = 0;
    for (;;) {
      let j = 0;
      for (; j < node.prefix.length; j++) {
        if (node.prefix[j] !== key[i + j]) {
          // Split: the node keeps prefix[0..j), a child at prefix[j] takes the rest.
          const rest: Node = { prefix: node.prefix.slice(j + 1), values: node.values, children: node.children };
          const ch = node.prefix[j]!;
          node.prefix = node.prefix.slice(0, j);
          node.values = [];
          node.children = new Map([[ch, rest]]);
          delete node.sorted;
          break;
        }
      }
      i += j;
      if (i === key.length) { addValue(node.values, value); return; }
      const ch = key[i]!;
      const child = node.children.get(ch);
      if (!child) {
        const leaf = newNode(key.slice(i + 1));
        leaf.values.push(value);
        node.children.set(ch, leaf);
        delete node.sorted;
        return;
      }
      node = child;
      i++;
    }
  }

  /** index_mm_searchwild(): the values of every key matching `key` (fnmatch), by priority. */
  search(key: string): string[] {
    const out: Value[] = [];
    let node: Node | undefined = this.root;
    let i = 0;
    while (node) {
      const prefix: string = node.prefix;
      for (let j = 0; j < prefix.length; j++) {
        if (WILD.includes(prefix[j]!)) { searchAll(out, node, j, '', key.slice(i + j)); return out.map((v) => v.value); }
        if (prefix[j] !== key[i + j]) return out.map((v) => v.value);
      }
      i += prefix.length;
      for (const w of WILD) {
        const child = node.children.get(w);
        if (child) searchAll(out, child, 0, w, key.slice(i));
      }
      if (i === key.length) { addValues(out, node); break; }
      node = node.children.get(key[i]!);
      i++;
    }
    return out.map((v) => v.value);
  }

  /** index_dump(): `PREFIX KEY VALUE` lines, keys in byte order. */
  dump(prefix: string): string {
    const lines: string[] = [];
    const walk = (node: Node, buf: string) => {
      const key = buf + node.prefix;
      for (const v of node.values) lines.push(`${prefix}${key} ${v.value}\n`);
      for (const ch of childChars(node)) walk(node.children.get(ch)!, key + ch);
    };
    walk(this.root, '');
    return lines.join('');
  }
}

/** `alias KEY VALUE` lines. `byModule`: priority = the module's first appearance (depmod writes
 * modules in its own order); otherwise every value has priority 0 (modules.builtin.alias). */
export function parseAliasFile(text: string, byModule: boolean, normalize: boolean): AliasIndex {
  const index = new AliasIndex();
  const firstSeen = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('alias')) continue;
    const [kw, rawKey, value] = line.split(/[ \t]+/);
    if (kw !== 'alias' || !rawKey || !value) continue;
    const key = normalize ? aliasNormalize(rawKey) : rawKey;
    if (key === null) continue;
    if (!firstSeen.has(value)) firstSeen.set(value, firstSeen.size);
    index.insert(key, { value, priority: byModule ? firstSeen.get(value)! : 0 });
  }
  return index;
}

/** modules.dep: module name → its line ("kernel/x/y.ko: kernel/dep.ko ..."). */
export function parseDepFile(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = pathToModname(line.slice(0, colon));
    if (!map.has(name)) map.set(name, line);
  }
  return map;
}

/** modules.builtin: the names of the modules built into the kernel. */
export function parseBuiltinFile(text: string): Set<string> {
  return new Set(text.split('\n').filter((l) => l.trim() !== '').map((l) => pathToModname(l.trim())));
}

/** Parsed files, remembered by their text: a real tree's indexes are large and every modprobe
 * (one per request_module) would parse them again. */
const caches = new Map<string, Map<string, unknown>>();

function cached<T>(kind: string, text: string, parse: (text: string) => T): T {
  let cache = caches.get(kind);
  if (!cache) caches.set(kind, (cache = new Map()));
  const hit = cache.get(text);
  if (hit !== undefined) {
    // Kept under this very string from now on: a file depmod wrote again has the same text in a
    // new string, which the Map would otherwise compare character by character (a megabyte for
    // modules.alias) on every lookup.
    cache.delete(text);
    cache.set(text, hit);
    return hit as T;
  }
  const value = parse(text);
  if (cache.size >= 3) cache.delete(cache.keys().next().value!);
  cache.set(text, value);
  return value;
}

/** The indexes of one module directory (a kmod_ctx's dirname), read on first use. */
export class ModuleIndexes {
  constructor(private readonly fs: FsView, readonly dirname: string) {}

  private text(name: string): string | null {
    const t = this.fs.read(`${this.dirname}/${name}`);
    return typeof t === 'string' ? t : null;
  }

  /** kmod_search_moddep(): the modules.dep line of a module name, or null. */
  moddep(name: string): string | null {
    const t = this.text('modules.dep');
    return t === null ? null : cached('dep', t, parseDepFile).get(name) ?? null;
  }

  /** null when the index file is missing (kmod: -ENOSYS from the lookup). */
  aliases(): AliasIndex | null {
    const t = this.text('modules.alias');
    return t === null ? null : cached('alias', t, (x) => parseAliasFile(x, true, true));
  }

  symbols(): AliasIndex | null {
    const t = this.text('modules.symbols');
    return t === null ? null : cached('symbols', t, (x) => parseAliasFile(x, true, false));
  }

  builtinAliases(): AliasIndex | null {
    const t = this.text('modules.builtin.alias');
    return t === null ? null : cached('builtin.alias', t, (x) => parseAliasFile(x, false, true));
  }

  isBuiltin(name: string): boolean {
    const t = this.text('modules.builtin');
    return t !== null && cached('builtin', t, parseBuiltinFile).has(name);
  }
}
