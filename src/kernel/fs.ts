// The simulated file system: a flat map from absolute path to node, with Unix permission checks
// (root bypasses them, as with CAP_DAC_OVERRIDE). /proc and /sys are not stored: procfs.ts
// renders them from the kernel state.
import { isDraft } from 'immer';
import { E } from './errno';
import type { Credentials, FsNode, KernelState } from './types';

export function normalize(path: string, cwd = '/'): string {
  const parts: string[] = [];
  for (const part of (path.startsWith('/') ? path : `${cwd}/${path}`).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return '/' + parts.join('/');
}

export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function allowed(node: FsNode, cred: Credentials, bit: 4 | 2 | 1): boolean {
  if (cred.uid === 0) return bit !== 1 || node.kind === 'dir' || (node.mode & 0o111) !== 0;
  const shift = node.uid === cred.uid ? 6 : 0;
  return ((node.mode >> shift) & bit) !== 0;
}

/** path_lookup(): -ENOENT, -ENOTDIR or -EACCES (search permission on every directory). */
export function lookup(s: KernelState, path: string): FsNode | number {
  let dir = '';
  for (const part of path.split('/').slice(1, -1)) {
    dir += '/' + part;
    const node = s.fs[dir];
    if (!node) return -E.ENOENT;
    if (node.kind !== 'dir') return -E.ENOTDIR;
    if (!allowed(node, s.cred, 1)) return -E.EACCES;
  }
  return s.fs[path] ?? -E.ENOENT;
}

export function readFile(s: KernelState, path: string): string | number {
  const node = lookup(s, path);
  if (typeof node === 'number') return node;
  if (node.kind === 'dir') return -E.EISDIR;
  if (!allowed(node, s.cred, 4)) return -E.EACCES;
  return node.kind === 'file' ? node.data : '';
}

/** All paths of a file system, sorted; remembered per (immutable) fs object, so listing a folder
 * of a tree with thousands of modules is a binary search, not a scan. */
const sortedPaths = new WeakMap<object, string[]>();

function pathsOf(fs: KernelState['fs']): string[] {
  let paths = sortedPaths.get(fs);
  if (!paths) {
    paths = Object.keys(fs).sort();
    // States are never changed in place (the reducer makes new ones), except drafts inside it.
    if (!isDraft(fs)) sortedPaths.set(fs, paths);
  }
  return paths;
}

export function listDir(s: KernelState, path: string): string[] | number {
  const node = path === '/' ? s.fs['/']! : lookup(s, path);
  if (typeof node === 'number') return node;
  if (node.kind !== 'dir') return -E.ENOTDIR;
  if (!allowed(node, s.cred, 4)) return -E.EACCES;
  const prefix = path === '/' ? '/' : path + '/';
  const paths = pathsOf(s.fs);
  let lo = 0;
  let hi = paths.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (paths[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  const names: string[] = [];
  for (let i = lo; i < paths.length && paths[i]!.startsWith(prefix); i++) {
    const rest = paths[i]!.slice(prefix.length);
    if (rest !== '' && !rest.includes('/')) names.push(rest);
  }
  return names;
}

/** Creates or replaces (or appends to) a regular file. Returns 0 or a negative errno. */
export function writeFile(s: KernelState, path: string, data: string, append: boolean, mode = 0o644): number {
  const existing = lookup(s, path);
  if (typeof existing !== 'number') {
    if (existing.kind === 'dir') return -E.EISDIR;
    if (!allowed(existing, s.cred, 2)) return -E.EACCES;
    if (existing.kind === 'chardev') return 0;
    s.fs[path] = { ...existing, data: append ? existing.data + data : data };
    return 0;
  }
  if (existing !== -E.ENOENT) return existing;
  const parent = lookup(s, parentOf(path));
  if (typeof parent === 'number') return parent;
  if (parent.kind !== 'dir') return -E.ENOTDIR;
  if (!allowed(parent, s.cred, 2)) return -E.EACCES;
  s.fs[path] = { kind: 'file', mode, uid: s.cred.uid, data };
  return 0;
}

export function makeDir(s: KernelState, path: string, mode = 0o755): number {
  if (s.fs[path]) return -E.EEXIST;
  const parent = lookup(s, parentOf(path));
  if (typeof parent === 'number') return parent;
  if (parent.kind !== 'dir') return -E.ENOTDIR;
  if (!allowed(parent, s.cred, 2)) return -E.EACCES;
  s.fs[path] = { kind: 'dir', mode, uid: s.cred.uid };
  return 0;
}

export function makeNode(s: KernelState, path: string, major: number, minor: number): number {
  if (s.cred.uid !== 0) return -E.EPERM;
  if (s.fs[path]) return -E.EEXIST;
  const parent = lookup(s, parentOf(path));
  if (typeof parent === 'number') return parent;
  s.fs[path] = { kind: 'chardev', mode: 0o644, uid: 0, major, minor };
  return 0;
}

export function removeFile(s: KernelState, path: string): number {
  const node = lookup(s, path);
  if (typeof node === 'number') return node;
  if (node.kind === 'dir') return -E.EISDIR;
  const parent = lookup(s, parentOf(path));
  if (typeof parent === 'number' || !allowed(parent, s.cred, 2)) return -E.EACCES;
  delete s.fs[path];
  return 0;
}
