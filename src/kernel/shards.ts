// Big maps of the state (modules by name, exported symbols) are kept as small tries: the reducer
// copies every object it changes (cow.ts), so a flat record of 4,000 modules would be copied whole
// on every syscall. Here a key's hash picks one of 16 slots on each of three levels, and the leaf
// holds the few keys with that hash: a change copies four small objects.
//
// How the nodes are made matters as much as their size, because of how V8 stores objects:
// - an inner node is an array of 16 slots (undefined while empty), indexed by four bits of the
//   hash: no key string is made for a lookup, and copying or freezing a small array is quick.
// - a leaf has no prototype: V8 keeps it as a small dictionary from the start, where an ordinary
//   object would get a new hidden class for every module or symbol name ever added to one.
import { own, ownOr } from './cow';
import type { KernelState, KModule } from './types';

/** A leaf: key → value, without prototype. */
export type TrieLeaf<T> = Record<string, T>;
/** Three levels of 16 slots, then a leaf. */
export type Trie<T> = Array<Array<Array<TrieLeaf<T> | undefined> | undefined> | undefined>;

/** An empty inner node: 16 slots, undefined. */
function inner<N>(): Array<N | undefined> {
  return [
    undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined,
    undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined,
  ];
}

/** An empty trie (the state's `mods` and `symbolIndex` start as one). */
export function emptyTrie<T>(): Trie<T> {
  return inner();
}

function leaf<T>(): TrieLeaf<T> {
  return Object.create(null) as TrieLeaf<T>;
}

/** The key's djb2 hash, whose lowest twelve bits give its path: four per level. */
function hash(key: string): number {
  let h = 5381;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 33) + key.charCodeAt(i)) >>> 0;
  return h;
}

export function trieGet<T>(trie: Trie<T>, key: string): T | undefined {
  const h = hash(key);
  return trie[h & 15]?.[(h >>> 4) & 15]?.[(h >>> 8) & 15]?.[key];
}

/** Every value, level by level (the order is the hash's, not the insertion's). */
export function trieValues<T>(trie: Trie<T>): T[] {
  const out: T[] = [];
  for (const l1 of trie) {
    if (!l1) continue;
    for (const l2 of l1) {
      if (!l2) continue;
      for (const leafNode of l2) if (leafNode) for (const key in leafNode) out.push(leafNode[key]!);
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
  const root = Array.from(trie);
  // The nodes copied so far, by their path (the hash's low 4, 8 or 12 bits, plus a level bit):
  // each is copied once however many keys it holds.
  const copies = new Map<number, unknown[] | TrieLeaf<T>>();
  for (const key of keys) {
    const h = hash(key);
    const a = h & 15, b = (h >>> 4) & 15, c = (h >>> 8) & 15;
    let node = copies.get(0x3000 | (h & 0xfff)) as TrieLeaf<T> | undefined;
    if (!node) {
      let l2 = copies.get(0x2000 | (h & 0xff)) as Array<TrieLeaf<T> | undefined> | undefined;
      if (!l2) {
        let l1 = copies.get(0x1000 | a) as NonNullable<Trie<T>[number]> | undefined;
        if (!l1) copies.set(0x1000 | a, l1 = root[a] = Array.from(root[a] ?? inner()));
        copies.set(0x2000 | (h & 0xff), l2 = l1[b] = Array.from(l1[b] ?? inner<TrieLeaf<T>>()));
      }
      copies.set(0x3000 | (h & 0xfff), node = l2[c] = copyLeaf(l2[c]));
    }
    edit(node, key);
  }
  for (const copy of copies.values()) Object.freeze(copy);
  return Object.freeze(root) as Trie<T>;
}

export function getMod(s: KernelState, name: string): KModule | undefined {
  return trieGet(s.mods, name);
}

/** The leaf for keys of hash `h`, made the action's own down from the root (created if missing). */
function ownLeaf(s: KernelState, h: number): TrieLeaf<KModule> {
  return ownOr(ownOr(ownOr(own(s, 'mods'), h & 15, inner), (h >>> 4) & 15, inner), (h >>> 8) & 15, leaf);
}

/** The module `name` on the list, made the action's own to be changed, or undefined. */
export function ownMod(s: KernelState, name: string): KModule | undefined {
  const h = hash(name);
  const found = s.mods[h & 15]?.[(h >>> 4) & 15]?.[(h >>> 8) & 15]?.[name];
  return found === undefined ? undefined : own(ownLeaf(s, h), name);
}

export function putMod(s: KernelState, m: KModule): void {
  ownLeaf(s, hash(m.name))[m.name] = m;
}

export function removeMod(s: KernelState, name: string): void {
  if (getMod(s, name) !== undefined) delete ownLeaf(s, hash(name))[name];
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
