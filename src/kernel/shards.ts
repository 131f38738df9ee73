// Big maps of the state (modules by name, exported symbols) are kept as small tries: the reducer
// copies every object it changes (cow.ts), so a flat record of 4,000 modules would be copied whole
// on every syscall. Here a key's hash picks one of 16 slots on each of three levels, and the leaf
// holds the few keys with that hash: a change copies four small objects.
//
// How the nodes are made matters as much as their size, because of how V8 stores objects:
// - an inner node always has the same 16 slots, a to p (undefined while empty), made from one
//   literal, so that all inner nodes share one hidden class: copying one is quick, and so is
//   asking whether it is frozen. (An object filled key by key in varying orders gets a hidden
//   class of its own; past about 16 keys it becomes a dictionary, which copies slowly.)
// - a leaf has no prototype: V8 keeps it as a small dictionary from the start, where an ordinary
//   object would get a new hidden class for every module or symbol name ever added to one.
import { own, ownOr } from './cow';
import type { KernelState, KModule } from './types';

/** A leaf: key → value, without prototype. */
export type TrieLeaf<T> = Record<string, T>;
/** Three levels of 16 slots (a–p), then a leaf. */
export type Trie<T> = Record<string, Record<string, Record<string, TrieLeaf<T> | undefined> | undefined> | undefined>;

/** An empty inner node: every slot there, undefined. */
function inner<N>(): Record<string, N | undefined> {
  return {
    a: undefined, b: undefined, c: undefined, d: undefined, e: undefined, f: undefined, g: undefined, h: undefined,
    i: undefined, j: undefined, k: undefined, l: undefined, m: undefined, n: undefined, o: undefined, p: undefined,
  };
}

/** An empty trie (the state's `mods` and `symbolIndex` start as one). */
export function emptyTrie<T>(): Trie<T> {
  return inner();
}

function leaf<T>(): TrieLeaf<T> {
  return Object.create(null) as TrieLeaf<T>;
}

/** The trie path of a key: one letter (a–p) per level, from its djb2 hash. */
export function trieKeys(key: string): [string, string, string] {
  let h = 5381;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 33) + key.charCodeAt(i)) >>> 0;
  return [
    String.fromCharCode(97 + (h & 15)),
    String.fromCharCode(97 + ((h >>> 4) & 15)),
    String.fromCharCode(97 + ((h >>> 8) & 15)),
  ];
}

export function trieGet<T>(trie: Trie<T>, key: string): T | undefined {
  const [a, b, c] = trieKeys(key);
  return trie[a]?.[b]?.[c]?.[key];
}

/** Every value, level by level (the order is the hash's, not the insertion's). */
export function trieValues<T>(trie: Trie<T>): T[] {
  const out: T[] = [];
  for (const l1 of Object.values(trie)) {
    if (!l1) continue;
    for (const l2 of Object.values(l1)) {
      if (!l2) continue;
      for (const leafNode of Object.values(l2)) if (leafNode) for (const value of Object.values(leafNode)) out.push(value);
    }
  }
  return out;
}

function copyLeaf<T>(node: TrieLeaf<T> | undefined): TrieLeaf<T> {
  const copy = leaf<T>();
  for (const key in node) copy[key] = node[key]!;
  return copy;
}

/** A new frozen trie with `edit` applied to a fresh copy of each leaf that holds one of `keys`;
 * every untouched node is shared. For tries of plain values (strings), changed by replacement
 * only: a change of many keys at once copies each node once, without own()'s checks. */
export function trieRebuilt<T>(trie: Trie<T>, keys: string[], edit: (leaf: TrieLeaf<T>, key: string) => void): Trie<T> {
  const root = { ...trie };
  // The nodes copied so far, by their path: each is copied once however many keys it holds.
  const copies = new Map<string, object>();
  for (const key of keys) {
    const [a, b, c] = trieKeys(key);
    let node = copies.get(a + b + c) as TrieLeaf<T> | undefined;
    if (!node) {
      let l2 = copies.get(a + b) as NonNullable<NonNullable<Trie<T>[string]>[string]> | undefined;
      if (!l2) {
        let l1 = copies.get(a) as NonNullable<Trie<T>[string]> | undefined;
        if (!l1) copies.set(a, l1 = root[a] = { ...(root[a] ?? inner()) });
        copies.set(a + b, l2 = l1[b] = { ...(l1[b] ?? inner()) });
      }
      copies.set(a + b + c, node = l2[c] = copyLeaf(l2[c]));
    }
    edit(node, key);
  }
  for (const copy of copies.values()) Object.freeze(copy);
  return Object.freeze(root);
}

export function getMod(s: KernelState, name: string): KModule | undefined {
  return trieGet(s.mods, name);
}

/** The leaf where module `name` is (or goes), made the action's own down from the root. */
function ownLeaf(s: KernelState, name: string): TrieLeaf<KModule> {
  const [a, b, c] = trieKeys(name);
  return ownOr(ownOr(ownOr(own(s, 'mods'), a, inner), b, inner), c, leaf);
}

/** The module `name` on the list, made the action's own to be changed, or undefined. */
export function ownMod(s: KernelState, name: string): KModule | undefined {
  if (getMod(s, name) === undefined) return undefined;
  return own(ownLeaf(s, name), name);
}

export function putMod(s: KernelState, m: KModule): void {
  ownLeaf(s, m.name)[m.name] = m;
}

export function removeMod(s: KernelState, name: string): void {
  if (getMod(s, name) !== undefined) delete ownLeaf(s, name)[name];
}

/** Every module on the list, by name: a flat view for readers (tools, panels, tests). */
export function modsOf(s: KernelState): Record<string, KModule> {
  const out: Record<string, KModule> = {};
  for (const m of trieValues(s.mods)) out[m.name] = m;
  return out;
}

export function allMods(s: KernelState): KModule[] {
  return trieValues(s.mods);
}
