// Where find_symbol() looks among modules: an index from exported symbol to the module that
// exports it, kept in the state and sharded, so that a kernel with thousands of modules finds a
// symbol without walking the modules list and immer copies only one small shard per change.
// A module's exports enter the index in complete_formation() (once the duplicate check passed)
// and leave it in list_del_rcu(); find_symbol() still skips a module that is UNFORMED.
import { current, isDraft } from 'immer';
import { peek } from './peek';
import { shardOf } from './shards';
import type { KernelState, KModule } from './types';

const SHARDS = 256;

/** Reads the index as it was before this action (without drafting, i.e. copying, a shard): only
 * the loading module's own exports can have been added since, and those it never looks up; an
 * owner removed since is caught by the caller, which finds no such module. */
export function symbolOwner(s: KernelState, symbol: string): string | undefined {
  return peek(s.symbolIndex)[shardOf(symbol, SHARDS)]?.[symbol];
}

export function indexExports(s: KernelState, m: KModule): void {
  for (const { symbol } of m.image.exports) (s.symbolIndex[shardOf(symbol, SHARDS)] ??= {})[symbol] = m.name;
}

export function unindexExports(s: KernelState, m: KModule): void {
  for (const { symbol } of m.image.exports) {
    const shard = s.symbolIndex[shardOf(symbol, SHARDS)];
    if (shard?.[symbol] === m.name) delete shard[symbol];
  }
}

/** A plain copy of a draft array (immer's traps make element-wise edits of big arrays slow). */
export function plain<T>(list: T[]): T[] {
  return isDraft(list) ? current(list) : list;
}
