// Big maps of the state (modules by name, exported symbols) are kept as small tries: immer
// copies every object it changes, so a flat record of 4,000 modules would be copied whole on
// every syscall. Here a key's hash picks one of 16 entries on each of three levels, and the
// leaf holds the few keys with that hash: a change copies four objects of a few entries each.
// (Small matters twice: V8 copies an object that was filled key by key quickly only while it
// has at most about 16 properties; beyond that it turns into a dictionary and a copy costs
// tens of microseconds.) The nodes have no prototype: V8 keeps such objects as small
// dictionaries from the start, where an ordinary object would get a new hidden class for every
// new module or symbol name added to it, which costs more than the copy itself.
import type { KernelState, KModule } from './types';

/** Three levels of 16 entries, then a leaf of key → value. */
export type Trie<T> = Record<string, Record<string, Record<string, Record<string, T>>>>;

const LEVELS = 3;

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
  const walk = (node: Record<string, unknown>, depth: number) => {
    for (const child of Object.values(node)) {
      if (depth === LEVELS) out.push(child as T);
      else walk(child as Record<string, unknown>, depth + 1);
    }
  };
  walk(trie, 0);
  return out;
}

/** A new frozen trie with `edit` applied to a fresh copy of each leaf that holds one of `keys`;
 * every untouched node is shared. For tries of plain values (strings), changed by replacement
 * only, which immer then neither drafts nor walks. */
/** An empty trie node (see above). */
export function trieNode<N extends object>(): N {
  return Object.create(null) as N;
}

function copyOf<N extends object>(node: N | undefined): N {
  return Object.assign(trieNode<N>(), node);
}

export function trieRebuilt<T>(trie: Trie<T>, keys: string[], edit: (leaf: Record<string, T>, key: string) => void): Trie<T> {
  const root = copyOf(trie);
  // The nodes copied so far, by their path: each is copied once however many keys it holds.
  const copies = new Map<string, Record<string, unknown>>();
  for (const key of keys) {
    const [a, b, c] = trieKeys(key);
    let leaf = copies.get(a + b + c) as Record<string, T> | undefined;
    if (!leaf) {
      let l2 = copies.get(a + b) as Trie<T>[string][string] | undefined;
      if (!l2) {
        let l1 = copies.get(a) as Trie<T>[string] | undefined;
        if (!l1) copies.set(a, l1 = root[a] = copyOf(root[a]));
        copies.set(a + b, l2 = l1[b] = copyOf(l1[b]));
      }
      copies.set(a + b + c, leaf = l2[c] = copyOf(l2[c]));
    }
    edit(leaf, key);
  }
  for (const node of copies.values()) Object.freeze(node);
  return Object.freeze(root);
}

export function getMod(s: KernelState, name: string): KModule | undefined {
  return trieGet(s.mods, name);
}

export function putMod(s: KernelState, m: KModule): void {
  const [a, b, c] = trieKeys(m.name);
  (((s.mods[a] ??= trieNode())[b] ??= trieNode())[c] ??= trieNode())[m.name] = m;
}

export function removeMod(s: KernelState, name: string): void {
  const [a, b, c] = trieKeys(name);
  const leaf = s.mods[a]?.[b]?.[c];
  if (leaf && name in leaf) delete leaf[name];
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
