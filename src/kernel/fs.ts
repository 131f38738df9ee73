// The simulated file system, with Unix permission checks (root bypasses them, as with
// CAP_DAC_OVERRIDE). It is stored as directory → (entry name → node), so that listing a folder
// is direct and a change copies one small directory, not a map of every path (a real module tree
// has thousands of files). /proc and /sys are not stored: procfs.ts renders them.
import { own, ownOr } from './cow';
import { E } from './errno';
import type { Credentials, FsNode, KernelState } from './types';

const ROOT: FsNode = Object.freeze({ kind: 'dir', mode: 0o755, uid: 0 });

/** The node at an absolute, normalised path (no permission checks), or undefined. */
export function getNode(s: Pick<KernelState, 'fs'>, path: string): FsNode | undefined {
  if (path === '/') return ROOT;
  return s.fs[parentOf(path)]?.[baseName(path)];
}

function setNode(s: Pick<KernelState, 'fs'>, path: string, node: FsNode): void {
  const fs = own(s, 'fs');
  ownOr(fs, parentOf(path), () => ({}))[baseName(path)] = node;
  if (node.kind === 'dir') fs[path] ??= {};
}

/** Builds the stored form from a flat map of path → node (parents are created as needed). */
export function fsFromPaths(flat: Record<string, FsNode>): KernelState['fs'] {
  const fs: KernelState['fs'] = { '/': {} };
  const holder = { fs };
  for (const [path, node] of Object.entries(flat)) {
    if (path === '/') continue;
    const parts = path.split('/');
    for (let i = 2; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!getNode(holder, dir)) setNode(holder, dir, { kind: 'dir', mode: 0o755, uid: 0 });
    }
    setNode(holder, path, node);
  }
  return fs;
}

/** An absolute path without empty, `.` or `..` parts and without a trailing slash. */
const NORMAL = /^(?:\/(?!\.\.?(?:\/|$))[^/]+)+$/;

export function normalize(path: string, cwd = '/'): string {
  if (NORMAL.test(path)) return path;
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
  // Every directory above a node that exists exists too, and root may search them all: only a
  // missing node, or another user, needs the walk (which finds the right errno).
  if (s.cred.uid === 0) {
    const node = getNode(s, path);
    if (node) return node;
  }
  let dir = '';
  for (const part of path.split('/').slice(1, -1)) {
    dir += '/' + part;
    const node = getNode(s, dir);
    if (!node) return -E.ENOENT;
    if (node.kind !== 'dir') return -E.ENOTDIR;
    if (!allowed(node, s.cred, 1)) return -E.EACCES;
  }
  return getNode(s, path) ?? -E.ENOENT;
}

export function readFile(s: KernelState, path: string): string | number {
  const node = lookup(s, path);
  if (typeof node === 'number') return node;
  if (node.kind === 'dir') return -E.EISDIR;
  if (!allowed(node, s.cred, 4)) return -E.EACCES;
  return node.kind === 'file' ? node.data : '';
}

export function listDir(s: KernelState, path: string): string[] | number {
  const node = lookup(s, path);
  if (typeof node === 'number') return node;
  if (node.kind !== 'dir') return -E.ENOTDIR;
  if (!allowed(node, s.cred, 4)) return -E.EACCES;
  return Object.keys(s.fs[path] ?? {}).sort();
}

/** Creates or replaces (or appends to) a regular file. Returns 0 or a negative errno. */
export function writeFile(s: KernelState, path: string, data: string, append: boolean, mode = 0o644): number {
  const existing = lookup(s, path);
  if (typeof existing !== 'number') {
    if (existing.kind === 'dir') return -E.EISDIR;
    if (!allowed(existing, s.cred, 2)) return -E.EACCES;
    if (existing.kind === 'chardev') return 0;
    setNode(s, path, { ...existing, data: append ? existing.data + data : data });
    return 0;
  }
  if (existing !== -E.ENOENT) return existing;
  const parent = lookup(s, parentOf(path));
  if (typeof parent === 'number') return parent;
  if (parent.kind !== 'dir') return -E.ENOTDIR;
  if (!allowed(parent, s.cred, 2)) return -E.EACCES;
  setNode(s, path, { kind: 'file', mode, uid: s.cred.uid, data });
  return 0;
}

export function makeDir(s: KernelState, path: string, mode = 0o755): number {
  if (getNode(s, path)) return -E.EEXIST;
  const parent = lookup(s, parentOf(path));
  if (typeof parent === 'number') return parent;
  if (parent.kind !== 'dir') return -E.ENOTDIR;
  if (!allowed(parent, s.cred, 2)) return -E.EACCES;
  setNode(s, path, { kind: 'dir', mode, uid: s.cred.uid });
  return 0;
}

export function makeNode(s: KernelState, path: string, major: number, minor: number): number {
  if (s.cred.uid !== 0) return -E.EPERM;
  if (getNode(s, path)) return -E.EEXIST;
  const parent = lookup(s, parentOf(path));
  if (typeof parent === 'number') return parent;
  setNode(s, path, { kind: 'chardev', mode: 0o644, uid: 0, major, minor });
  return 0;
}

export function removeFile(s: KernelState, path: string): number {
  const node = lookup(s, path);
  if (typeof node === 'number') return node;
  if (node.kind === 'dir') return -E.EISDIR;
  const parent = lookup(s, parentOf(path));
  if (typeof parent === 'number' || !allowed(parent, s.cred, 2)) return -E.EACCES;
  delete own(own(s, 'fs'), parentOf(path))[baseName(path)];
  return 0;
}
