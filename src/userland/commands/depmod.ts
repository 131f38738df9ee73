// depmod: reads every module under /lib/modules/RELEASE and writes modules.dep, modules.alias,
// modules.softdep, modules.symbols and modules.devname (src/userland/depmod has the algorithm).
// Options as kmod 30: -a/-A (all), -n (to standard output), -v, -b BASEDIR, and a RELEASE.
import { strerror } from '../../kernel/errno';
import { decodeModuleImage, type ModuleImage } from '../../kernel/image';
import type { KernelState } from '../../kernel/types';
import { depmod as computeDepmod, type DepmodInput } from '../depmod';
import type { CommandFn, ProcessContext } from '../types';
import { listPath, readPath } from './files';

/** Module files below `dir`, in directory order; build/ and source/ are skipped as depmod does. */
export function findModules(ctx: ProcessContext, dir: string): DepmodInput['files'] {
  const s = ctx.state();
  const found: DepmodInput['files'] = [];
  // /proc and /sys are not stored in s.fs, and other users meet permission checks: those go the
  // slow way, file by file, through the same calls as cat and ls.
  if (s.cred.uid === 0 && !dir.startsWith('/proc') && !dir.startsWith('/sys')) scanDir(s.fs, dir, '', found);
  else walk(ctx, dir, dir, found);
  return found;
}

function walk(ctx: ProcessContext, dir: string, path: string, found: DepmodInput['files']): void {
  const entries = listPath(ctx.state(), path);
  if (!Array.isArray(entries)) return;
  for (const name of entries) {
    if (name === 'build' || name === 'source') continue;
    const full = `${path}/${name}`;
    if (name.endsWith('.ko')) {
      const data = readPath(ctx.state(), full);
      const image = typeof data === 'string' ? decodeModuleImage(data) : null;
      if (image) found.push({ path: full.slice(dir.length + 1), image });
    } else if (Array.isArray(listPath(ctx.state(), full))) walk(ctx, dir, full, found);
  }
}

/** What walk() finds in one directory, for root: its module files and its subdirectories. */
interface DirScan {
  path: string;
  /** The path relative to depmod's directory ('' or ending in '/'). */
  rel: string;
  /** In readdir order: a module file, or a subdirectory to scan in turn. */
  items: Array<{ path: string; image: ModuleImage } | { dir: string; rel: string }>;
}

/** Scans by directory record (s.fs[path], the directory's entries). The kernel's file system is
 * frozen and copied on write: creating, removing or writing a file gives its directory a new
 * record, so a record holds the same entries and file contents for as long as it exists, and its
 * scan cannot go stale. (A subdirectory has a record of its own, checked on its own.) The cache
 * saves depmod -a thousands of path lookups and strings per run. */
const scans = new WeakMap<object, DirScan>();

function scanDir(fs: KernelState['fs'], path: string, rel: string, found: DepmodInput['files']): void {
  const record = fs[path];
  if (record === undefined) return;
  let scan = scans.get(record);
  if (scan === undefined || scan.path !== path || scan.rel !== rel) {
    scan = { path, rel, items: [] };
    for (const name of Object.keys(record).sort()) {
      if (name === 'build' || name === 'source') continue;
      const node = record[name]!;
      if (name.endsWith('.ko')) {
        const image = node.kind === 'file' ? decodeModuleImage(node.data) : null;
        if (image) scan.items.push({ path: rel + name, image });
      } else if (node.kind === 'dir') scan.items.push({ dir: `${path}/${name}`, rel: `${rel}${name}/` });
    }
    if (Object.isFrozen(record)) scans.set(record, scan);
  }
  for (const item of scan.items) {
    if ('image' in item) found.push(item);
    else scanDir(fs, item.dir, item.rel, found);
  }
}

export const depmod: CommandFn = function* (ctx, argv, io) {
  let dryRun = false;
  let verbose = false;
  let base = '';
  let release: string | null = null;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-n' || a === '--dry-run' || a === '--show') dryRun = true;
    else if (a === '-v' || a === '--verbose') verbose = true;
    else if (a === '-a' || a === '--all' || a === '-A' || a === '--quick' || a === '-e' || a === '-w') continue;
    else if (a === '-b' || a === '--basedir') base = (argv[++i] ?? '').replace(/\/+$/, '');
    else if (a.startsWith('-')) { io.err(`depmod: invalid option -- '${a.replace(/^-+/, '')}'\n`); return 1; }
    else if (release === null && /^\d+\.\d+/.test(a)) release = a;
  }
  const dir = `${base}/lib/modules/${release ?? ctx.state().release}`;
  if (!Array.isArray(listPath(ctx.state(), dir))) {
    io.err(`depmod: ERROR: could not open directory ${dir}: No such file or directory\n`);
    io.err('depmod: FATAL: could not search modules: No such file or directory\n');
    return 1;
  }
  const order = readPath(ctx.state(), `${dir}/modules.order`);
  const result = computeDepmod({
    files: findModules(ctx, dir),
    order: typeof order === 'string' ? order.split('\n').filter((l) => l !== '') : null,
    verbose,
  });
  for (const w of result.warnings) {
    io.err(`depmod: ${w === 'WARNING: could not open modules.order' ? `WARNING: could not open ${dir}/modules.order: No such file or directory` : w}\n`);
  }
  if (verbose) io.out(result.verbose.map((l) => l + '\n').join(''));
  for (const [name, text] of Object.entries(result.files)) {
    if (dryRun) { io.out(text); continue; }
    // The same text as the file has (depmod run again on the same tree) is written as the very
    // string the file holds: the machine keeps every state on its timeline, and whoever parsed
    // the file (modprobe's indexes) finds it at once by identity.
    const path = `${dir}/${name}`;
    const old = readPath(ctx.state(), path);
    const ret = yield { type: 'write_file', path, data: old === text ? old : text };
    if (ret < 0) {
      io.err(`depmod: ERROR: openat(${dir}, ${name}.tmp, 1101, 644): ${strerror(ret)}\n`);
      return 1;
    }
  }
  return 0;
};
