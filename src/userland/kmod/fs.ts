// What libkmod reads of the file system, given as two functions so the library stays pure: the
// tool passes a view over the simulated machine (regular files, /proc and /sys).
import { normalize } from '../../kernel/fs';
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

/** Answers for stored files (not /proc or /sys, which the kernel renders from its state), kept
 * while the machine's file system stays the same object: the kernel's fs is frozen and copied
 * on write (immer), so the same frozen s.fs holds the same files. Only root's answers are kept,
 * since root passes every permission check (another user's depend on s.cred too). One modprobe reads the
 * index files, a dozen configuration paths (most of them missing) and each module file it
 * names; this saves the lookups of every one, for every modprobe, until something is written. */
let remembered: {
  fs: KernelState['fs'];
  /** Checked once per fs object (a frozen object stays frozen; the check walks every key). */
  frozen: boolean;
  reads: Map<string, string | number>;
  lists: Map<string, readonly string[] | number>;
} | null = null;

function memoFor(s: KernelState, path: string): NonNullable<typeof remembered> | null {
  if (s.cred.uid !== 0 || path.startsWith('/proc') || path.startsWith('/sys')) return null;
  if (remembered?.fs !== s.fs) remembered = { fs: s.fs, frozen: Object.isFrozen(s.fs), reads: new Map(), lists: new Map() };
  return remembered.frozen ? remembered : null;
}

class MachineFs implements FsView {
  constructor(private readonly state: () => KernelState, private readonly cwd: string) {}

  read(path: string): string | number {
    const s = this.state();
    const full = normalize(path, this.cwd);
    const memo = memoFor(s, full);
    if (memo === null) return readPath(s, full);
    let data = memo.reads.get(full);
    if (data === undefined) memo.reads.set(full, (data = readPath(s, full)));
    return data;
  }

  list(path: string): readonly string[] | number {
    const s = this.state();
    const full = normalize(path, this.cwd);
    const memo = memoFor(s, full);
    if (memo === null) return listPath(s, full);
    let entries = memo.lists.get(full);
    if (entries === undefined) {
      const listed = listPath(s, full);
      memo.lists.set(full, (entries = typeof listed === 'number' ? listed : Object.freeze(listed)));
    }
    return entries;
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
