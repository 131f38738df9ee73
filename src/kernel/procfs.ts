// /proc and /sys as the kernel renders them from its state: /proc/modules (procfs.c m_show()),
// /proc/kallsyms, /proc/devices, /proc/sys/kernel/{tainted,modules_disabled,printk} and
// /sys/module/NAME/... (initstate, refcnt, coresize, initsize, taint, holders/, parameters/).
import { E } from './errno';
import { paramGet, paramSet, paramSetArray, storedValue } from './params';
import { refcount } from './refcount';
import { own } from './cow';
import { getMod, ownMod } from './shards';
import type { KernelState, KModule } from './types';
import { moduleNames } from './modlist';

const STATE_WORD = { LIVE: 'Live', COMING: 'Loading', GOING: 'Unloading', UNFORMED: '' } as const;
const NULL16 = '0000000000000000';

/** Whether addresses are shown (kallsyms_show_value(): root has CAP_SYSLOG). */
function showAddresses(s: KernelState): boolean {
  return s.cred.uid === 0;
}

/** module_flags(): "(OE)", "(OE+)" while loading, "(OE-)" while unloading. */
export function moduleFlags(m: KModule): string {
  return `(${m.taints}${m.state === 'GOING' ? '-' : m.state === 'COMING' ? '+' : ''})`;
}

export function moduleSize(m: KModule): number {
  return m.core.size + (m.init?.size ?? 0);
}

export function procModulesLine(s: KernelState, m: KModule): string {
  let users = m.usedBy.map((u) => `${u},`).join('');
  if (m.image.init !== null && m.image.exit === null) users += '[permanent],';
  const addr = showAddresses(s) ? m.core.addr || NULL16 : NULL16;
  const taints = m.taints ? ` ${moduleFlags(m)}` : '';
  return `${m.name} ${moduleSize(m)} ${refcount(m)} ${users || '-'} ${STATE_WORD[m.state]} 0x${addr}${taints}`;
}

function procModules(s: KernelState): string {
  return moduleNames(s.modules)
    .map((n) => getMod(s, n)!)
    .filter((m) => m.state !== 'UNFORMED')
    .map((m) => procModulesLine(s, m) + '\n')
    .join('');
}

function kallsyms(s: KernelState): string {
  const show = showAddresses(s);
  const addr = (a: bigint) => (show ? a.toString(16).padStart(16, '0') : NULL16);
  const lines = Object.keys(s.vmlinux.exports).sort().map((name, i) => `${addr(0xffffffff81000000n + BigInt(i) * 0x140n)} T ${name}`);
  for (const name of moduleNames(s.modules)) {
    const m = getMod(s, name)!;
    if (m.state === 'UNFORMED' || !m.core.addr) continue;
    const base = BigInt('0x' + m.core.addr);
    const syms: Array<[string, string]> = m.image.exports.map((e) => ['T', e.symbol]);
    if (m.image.exit) syms.push(['t', `${m.name}_exit`]);
    if (m.init && m.image.init) syms.push(['t', `${m.name}_init`]);
    syms.push(['d', '__this_module']);
    syms.forEach(([type, sym], i) => lines.push(`${addr(base + BigInt(i) * 0x30n)} ${type} ${sym}\t[${m.name}]`));
  }
  return lines.join('\n') + '\n';
}

const STANDARD_CHRDEVS: Array<[number, string]> = [
  [1, 'mem'], [4, '/dev/vc/0'], [4, 'tty'], [4, 'ttyS'], [5, '/dev/tty'], [5, '/dev/console'],
  [5, '/dev/ptmx'], [7, 'vcs'], [10, 'misc'], [13, 'input'], [29, 'fb'], [128, 'ptm'], [136, 'pts'],
  [180, 'usb'], [189, 'usb_device'], [226, 'drm'],
];

function procDevices(s: KernelState): string {
  const all = [...STANDARD_CHRDEVS, ...Object.entries(s.chrdevs).map(([m, d]) => [Number(m), d.name] as [number, string])]
    .sort((a, b) => a[0] - b[0]);
  const chr = all.map(([m, n]) => `${String(m).padStart(3)} ${n}`).join('\n');
  return `Character devices:\n${chr}\n\nBlock devices:\n  7 loop\n  8 sd\n 11 sr\n 65 sd\n254 virtblk\n259 blkext\n`;
}

function sysModuleDir(s: KernelState, name: string): KModule | null {
  const m = getMod(s, name);
  return m && m.sysfs ? m : null;
}

/** Whether the kernel renders `path` from its state rather than storing it in s.fs: /proc, /sys
 * and everything below them (not /process or /system). */
export function isRenderedLive(path: string): boolean {
  return path.startsWith('/proc')
    ? path.length === 5 || path[5] === '/'
    : path.startsWith('/sys') && (path.length === 4 || path[4] === '/');
}

/** The text of a virtual file, a negative errno, or null when `path` is not under /proc or /sys. */
export function readVirtual(s: KernelState, path: string): string | number | null {
  if (!isRenderedLive(path)) return null;
  switch (path) {
    case '/proc/cmdline': return `${s.cmdline}\n`;
    case '/proc/modules': return procModules(s);
    case '/proc/kallsyms': return kallsyms(s);
    case '/proc/devices': return procDevices(s);
    case '/proc/sys/kernel/tainted': return `${s.taint}\n`;
    case '/proc/sys/kernel/modules_disabled': return `${s.modulesDisabled ? 1 : 0}\n`;
    case '/proc/sys/kernel/printk': return `${s.consoleLoglevel}\t4\t1\t7\n`;
    case '/proc/sys/kernel/osrelease': return `${s.release}\n`;
    case '/proc/sys/kernel/modprobe': return '/sbin/modprobe\n';
  }
  const sys = /^\/sys\/module\/([^/]+)\/(.+)$/.exec(path);
  if (sys) {
    const m = sysModuleDir(s, sys[1]!);
    if (!m) return -E.ENOENT;
    const file = sys[2]!;
    const param = /^parameters\/([^/]+)$/.exec(file);
    if (param) {
      const spec = m.image.params.find((p) => p.name === param[1] && p.perm !== 0);
      if (!spec) return -E.ENOENT;
      if (s.cred.uid !== 0 && (spec.perm & 0o004) === 0) return -E.EACCES;
      return paramGet(spec, m.params[spec.name] ?? '');
    }
    switch (file) {
      case 'initstate': return `${m.state.toLowerCase()}\n`;
      case 'refcnt': return `${refcount(m)}\n`;
      case 'coresize': return `${m.core.size}\n`;
      case 'initsize': return `${m.init?.size ?? 0}\n`;
      case 'taint': return `${m.taints}\n`;
      case 'srcversion': return `${m.image.srcversion}\n`;
      case 'version': return m.image.version ? `${m.image.version}\n` : -E.ENOENT;
    }
    return listVirtual(s, path) !== null && typeof listVirtual(s, path) !== 'number' ? -E.EISDIR : -E.ENOENT;
  }
  if (isRenderedLive(path)) {
    const listing = listVirtual(s, path);
    return listing === null || typeof listing === 'number' ? -E.ENOENT : -E.EISDIR;
  }
  return null;
}

const MASK64 = (1n << 64n) - 1n;
const GOLDEN_RATIO_64 = 0x61c8864680b583ebn;
const kernfsHashes = new Map<string, number>();

/** kernfs_name_hash() (fs/kernfs/dir.c) of a name in a directory without namespace tag:
 * partial_name_hash() of each char, then end_name_hash(), i.e. hash_64(h, 32), kept in 31 bits
 * with 0, 1 and INT_MAX reserved. */
export function kernfsHash(name: string): number {
  let hash = kernfsHashes.get(name);
  if (hash !== undefined) return hash;
  let h = 0n;
  for (const byte of new TextEncoder().encode(name)) {
    // A char is signed on x86: a byte above 0x7f becomes a huge unsigned long.
    const c = byte < 0x80 ? BigInt(byte) : (BigInt(byte - 0x100) & MASK64);
    h = ((h + ((c << 4n) & MASK64) + (c >> 4n)) * 11n) & MASK64;
  }
  hash = Number(((h * GOLDEN_RATIO_64) & MASK64) >> 32n) & 0x7fffffff;
  if (hash < 2) hash += 2;
  if (hash >= 0x7fffffff) hash = 0x7fffffff - 1;
  kernfsHashes.set(name, hash);
  return hash;
}

/** The order readdir() lists a sysfs directory in: kernfs keeps its entries in a tree sorted
 * by kernfs_name_hash(), then by name (kernfs_name_compare()). So /sys/module/X/holders, where
 * lsmod and rmmod read a module's users, is in this order, not in the order they came. */
export function kernfsOrder(names: readonly string[]): string[] {
  return [...names].sort((a, b) => kernfsHash(a) - kernfsHash(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Entries of a virtual directory, a negative errno, or null when not under /proc or /sys. */
export function listVirtual(s: KernelState, path: string): string[] | number | null {
  if (!isRenderedLive(path)) return null;
  switch (path) {
    case '/proc': return ['cmdline', 'devices', 'kallsyms', 'modules', 'sys'];
    case '/proc/sys': return ['kernel'];
    case '/proc/sys/kernel': return ['modprobe', 'modules_disabled', 'osrelease', 'printk', 'tainted'];
    case '/sys': return ['module'];
    case '/sys/module': return moduleNames(s.modules).filter((n) => sysModuleDir(s, n)).sort();
  }
  const dir = /^\/sys\/module\/([^/]+)(\/(holders|parameters))?$/.exec(path);
  if (dir) {
    const m = sysModuleDir(s, dir[1]!);
    if (!m) return -E.ENOENT;
    if (dir[3] === 'holders') return kernfsOrder(m.usedBy);
    if (dir[3] === 'parameters') return m.image.params.filter((p) => p.perm !== 0).map((p) => p.name).sort();
    const entries = ['coresize', 'holders', 'initsize', 'initstate', 'refcnt', 'srcversion', 'taint'];
    if (m.image.params.some((p) => p.perm !== 0)) entries.push('parameters');
    if (m.image.version) entries.push('version');
    return entries.sort();
  }
  if (isRenderedLive(path)) {
    const parent = path.slice(0, path.lastIndexOf('/')) || '/';
    const listing = parent === '/' ? null : listVirtual(s, parent);
    return Array.isArray(listing) && listing.includes(path.slice(path.lastIndexOf('/') + 1)) ? -E.ENOTDIR : -E.ENOENT;
  }
  return null;
}

/** The permission bits a virtual file shows (ls -l, and the write check). */
export function virtualMode(s: KernelState, path: string): number {
  const param = /^\/sys\/module\/([^/]+)\/parameters\/([^/]+)$/.exec(path);
  if (param) return getMod(s, param[1]!)?.image.params.find((p) => p.name === param[2])?.perm ?? 0o444;
  if (path === '/proc/sys/kernel/modules_disabled' || path === '/proc/sys/kernel/printk' || path === '/proc/sys/kernel/tainted') return 0o644;
  return 0o444;
}

/** A write to a virtual file; returns 0 or a negative errno, or null when not virtual. */
export function writeVirtual(s: KernelState, path: string, data: string): number | null {
  // A write to /proc or /sys itself goes to the file system, which has them as directories.
  if (!isRenderedLive(path) || path === '/proc' || path === '/sys') return null;
  const content = readVirtual(s, path);
  if (typeof content === 'number') return content;
  const mode = virtualMode(s, path);
  if ((mode & 0o222) === 0) return -E.EACCES;
  if (s.cred.uid !== 0) return -E.EACCES;
  const value = data.trim();
  switch (path) {
    case '/proc/sys/kernel/modules_disabled':
      // proc_dointvec_minmax with min = max = 1: once set it cannot be cleared.
      if (value !== '1') return -E.EINVAL;
      s.modulesDisabled = true;
      return 0;
    case '/proc/sys/kernel/printk': {
      const level = parseInt(value, 10);
      if (!Number.isInteger(level)) return -E.EINVAL;
      s.consoleLoglevel = Math.max(1, Math.min(15, level));
      return 0;
    }
    case '/proc/sys/kernel/tainted': {
      const bits = Number(value);
      if (!Number.isInteger(bits) || bits < 0) return -E.EINVAL;
      s.taint |= bits;
      return 0;
    }
  }
  const param = /^\/sys\/module\/([^/]+)\/parameters\/([^/]+)$/.exec(path);
  if (!param) return -E.EACCES;
  const m = ownMod(s, param[1]!)!;
  const spec = m.image.params.find((p) => p.name === param[2])!;
  // param_attr_store(): the value keeps echo's newline; kstrto*() accept one, charp stores it.
  const result = spec.array !== undefined ? paramSetArray(spec, data) : paramSet(spec, data);
  if (result.err !== 0) return result.err;
  own(m, 'params')[spec.name] = storedValue(result);
  return 0;
}
