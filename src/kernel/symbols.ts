// Where find_symbol() looks among modules: an index from exported symbol to the module that
// exports it, kept in the state as a trie (shards.ts), so that a kernel with thousands of modules
// finds a symbol without walking the modules list. A module's exports enter the index in
// complete_formation() (once the duplicate check passed) and leave it in list_del_rcu();
// find_symbol() still skips a module that is UNFORMED.
//
// The index holds only strings, so it is never changed in place: a change builds a new frozen
// trie that shares every node it does not touch.
import { trieGet, trieRebuilt } from './shards';
import type { KernelState, KModule } from './types';

/** The module that exports `symbol` now, if any. */
export function symbolOwner(s: KernelState, symbol: string): string | undefined {
  return trieGet(s.symbolIndex, symbol);
}

export function indexExports(s: KernelState, m: KModule): void {
  if (m.image.exports.length === 0) return;
  const name = m.name;
  s.symbolIndex = trieRebuilt(s.symbolIndex, m.image.exports.map((e) => e.symbol), (leaf, symbol) => { leaf[symbol] = name; });
}

export function unindexExports(s: KernelState, m: KModule): void {
  const index = s.symbolIndex;
  const mine = m.image.exports.map((e) => e.symbol).filter((symbol) => trieGet(index, symbol) === m.name);
  if (mine.length === 0) return;
  s.symbolIndex = trieRebuilt(index, mine, (leaf, symbol) => { delete leaf[symbol]; });
}

/** Used-by lists are only ever replaced, never changed in place: a new list is frozen at once, so
 * the end of the action need not walk its elements (cow.ts). Both copy with Array.from: V8 copies a
 * frozen array through a slow path with slice(), concat() or filter() (some 30 times slower for a
 * list of thousands). */

/** A new frozen list: `list` without any `item`. */
export function without<T>(list: T[], item: T): T[] {
  const copy = Array.from(list);
  for (let i = copy.indexOf(item); i >= 0; i = copy.indexOf(item, i)) copy.splice(i, 1);
  return Object.freeze(copy) as T[];
}

/** A new frozen list: `item`, then `list` (concat(): V8's unshift() of a long array moves every
 * element one by one). */
export function prepended<T>(list: T[], item: T): T[] {
  return Object.freeze([item].concat(Array.from(list))) as T[];
}
