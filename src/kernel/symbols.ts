// Where find_symbol() looks among modules: an index from exported symbol to the module that
// exports it, kept in the state as a trie (shards.ts), so that a kernel with thousands of modules
// finds a symbol without walking the modules list. A module's exports enter the index in
// complete_formation() (once the duplicate check passed) and leave it in list_del_rcu();
// find_symbol() still skips a module that is UNFORMED.
//
// The index holds only strings, so it is never changed in place: a change builds a new frozen
// trie that shares every node it does not touch. immer then neither drafts (copies) its nodes
// nor walks them when it finishes an action, and a draft's `s.symbolIndex` is always the latest
// index (immer drafts only what was there before the action; peek() unwraps that).
import { current, isDraft } from 'immer';
import { peek } from './peek';
import { trieGet, trieRebuilt } from './shards';
import type { KernelState, KModule } from './types';

/** The module that exports `symbol` now, if any (read without drafting anything). */
export function symbolOwner(s: KernelState, symbol: string): string | undefined {
  return trieGet(peek(s.symbolIndex), symbol);
}

export function indexExports(s: KernelState, m: KModule): void {
  if (m.image.exports.length === 0) return;
  const name = m.name;
  s.symbolIndex = trieRebuilt(peek(s.symbolIndex), m.image.exports.map((e) => e.symbol), (leaf, symbol) => { leaf[symbol] = name; });
}

export function unindexExports(s: KernelState, m: KModule): void {
  const index = peek(s.symbolIndex);
  const mine = m.image.exports.map((e) => e.symbol).filter((symbol) => trieGet(index, symbol) === m.name);
  if (mine.length === 0) return;
  s.symbolIndex = trieRebuilt(index, mine, (leaf, symbol) => { delete leaf[symbol]; });
}

/** A plain copy of a draft array (immer's traps make element-wise edits of big arrays slow). */
export function plain<T>(list: T[]): T[] {
  return isDraft(list) ? current(list) : list;
}

/** A new frozen list: a copy of `list` with `edit` applied, for lists that are only ever
 * replaced, never changed in place (the modules list, used-by lists, the log): a draft of such a
 * list is one of the state before the action, and peek() gives its latest value without immer's
 * current(), which asks the proxy whether it is frozen, element by element. The new list is
 * frozen, so immer neither copies nor walks it, and copied with Array.from: V8 copies a frozen
 * array through a slow path with slice(), concat() or filter() (some 30 times slower for the
 * 4,000 names of the modules list). */
export function replaced<T>(list: T[], edit: (copy: T[]) => void): T[] {
  const copy = Array.from(peek(list));
  edit(copy);
  return Object.freeze(copy) as T[];
}

/** replaced() for the commonest edit, `item` put first (concat(): V8's unshift() of a long array
 * moves every element one by one). */
export function prepended<T>(list: T[], item: T): T[] {
  return Object.freeze([item].concat(Array.from(peek(list)))) as T[];
}
