// What libkmod reads of the file system, given as two functions so the library stays pure: the
// tool passes a view over the simulated machine (regular files, /proc and /sys).
import { normalize } from '../../kernel/fs';
import { isRenderedLive } from '../../kernel/procfs';
import type { KernelState } from '../../kernel/types';
import { listPath, readPath } from '../commands/files';

export interface FsView {
  /** A file's text, or a negative errno (-EISDIR for a directory). */
  read(path: string): string | number;
  /** A directory's entries in readdir order, or a negative errno. */
  list(path: string): readonly string[] | number;
}

/** The machine's files as libkmod sees them; paths are taken as kmod builds them (possibly with
 * `//` or relative parts) and normalised here. */
export function machineFs(state: () => KernelState, cwd = '/'): FsView {
  return new MachineFs(state, cwd);
}

interface Memo {
  fs: KernelState['fs'];
  /** Checked once per fs object (a frozen object stays frozen; the check walks every key). */
  frozen: boolean;
  reads: Map<string, string | number>;
  lists: Map<string, readonly string[] | number>;
}

/** Answers for stored files (not /proc or /sys, which the kernel renders from its state), kept
 * while the machine's file system stays the same object: the kernel's fs is frozen and copied
 * on write (src/kernel/cow.ts), so the same frozen s.fs holds the same files. Only root's answers are kept,
 * since root passes every permission check (another user's depend on s.cred too). One modprobe
 * reads the index files, a dozen configuration paths (most of them missing) and each module file
 * it names; this saves the lookups of every one, for every modprobe, until something is written.
 *
 * One slot, deliberately: it holds the last file system read (and so that machine's files) until
 * root next reads another one, which replaces it. A WeakMap by fs would keep a memo for every
 * state on the machine's timeline that was read, for as long as the timeline keeps the state. */
let remembered: Memo | null = null;

function memoFor(s: KernelState, path: string): Memo | null {
  if (s.cred.uid !== 0 || isRenderedLive(path)) return null;
  if (remembered?.fs !== s.fs) remembered = { fs: s.fs, frozen: Object.isFrozen(s.fs), reads: new Map(), lists: new Map() };
  return remembered.frozen ? remembered : null;
}

// Made once, not per call (modprobe makes thousands of calls).
const reads = (memo: Memo) => memo.reads;
const lists = (memo: Memo) => memo.lists;
/** A directory's entries, frozen: a remembered array is handed to every caller. */
const frozenList = (s: KernelState, path: string): readonly string[] | number => {
  const listed = listPath(s, path);
  return typeof listed === 'number' ? listed : Object.freeze(listed);
};

class MachineFs implements FsView {
  constructor(private readonly state: () => KernelState, private readonly cwd: string) {}

  read(path: string): string | number {
    return this.answer(path, reads, readPath);
  }

  list(path: string): readonly string[] | number {
    return this.answer(path, lists, frozenList);
  }

  /** ask(s, path) for the normalised path, remembered in table(memo) where memoFor() allows. */
  private answer<V>(path: string, table: (memo: Memo) => Map<string, V>, ask: (s: KernelState, path: string) => V): V {
    const s = this.state();
    const full = normalize(path, this.cwd);
    const memo = memoFor(s, full);
    if (memo === null) return ask(s, full);
    const known = table(memo);
    let value = known.get(full);
    if (value === undefined) known.set(full, (value = ask(s, full)));
    return value;
  }
}

/** path_to_modname(): the basename up to the first '.', with '-' as '_'. */
export function pathToModname(path: string): string {
  return modnameNormalize(path.slice(path.lastIndexOf('/') + 1));
}

/** modname_normalize(): '-' becomes '_' and the name ends at the first '.'. */
export function modnameNormalize(name: string): string {
  const dot = name.indexOf('.');
  return (dot < 0 ? name : name.slice(0, dot)).replace(/-/g, '_');
}

/** alias_normalize(): '-' becomes '_' outside [...] ranges; null for an unmatched bracket. */
export function aliasNormalize(alias: string): string | null {
  // Most aliases have no brackets: then it is '-' → '_' throughout (modules.alias holds 26,000).
  if (!alias.includes('[')) return alias.includes(']') ? null : alias.includes('-') ? alias.replace(/-/g, '_') : alias;
  let out = '';
  for (let i = 0; i < alias.length; i++) {
    const c = alias[i]!;
    if (c === '-') out += '_';
    else if (c === ']') return null;
    else if (c === '[') {
      const close = alias.indexOf(']', i);
      if (close < 0) return null;
      out += alias.slice(i, close + 1);
      i = close;
    } else out += c;
  }
  return out;
}

/** libkmod-config.c underscores(): like aliasNormalize but never fails (brackets are kept). */
export function underscores(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '-') out += '_';
    else if (c === '[') {
      const close = s.indexOf(']', i);
      const end = close < 0 ? s.length : close + 1;
      out += s.slice(i, end);
      i = end - 1;
    } else out += c;
  }
  return out;
}
