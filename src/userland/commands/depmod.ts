// depmod: reads every module under /lib/modules/RELEASE and writes modules.dep, modules.alias,
// modules.softdep, modules.symbols and modules.devname (src/userland/depmod has the algorithm).
// Options as kmod 30: -a/-A (all), -n (to standard output), -v, -b BASEDIR, and a RELEASE.
import { strerror } from '../../kernel/errno';
import { decodeModuleImage } from '../../kernel/image';
import { isRenderedLive } from '../../kernel/procfs';
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
  if (s.cred.uid === 0 && !isRenderedLive(dir)) scanDir(s.fs, dir, '', found);
  else walk(ctx, dir, '', found);
  return found;
}

/** A module file found (its path relative to depmod's directory), or a subdirectory to search. */
type Item = DepmodInput['files'][number] | { dir: string; rel: string };

/** depmod's rule for the entries of the directory at `path` (`rel`: that directory relative to
 * depmod's, '' or ending in '/'), in the order given: build/ and source/ are skipped, a NAME.ko
 * whose text decodes is a module, and any other subdirectory is searched in turn. */
function itemsOf(
  path: string, rel: string, names: readonly string[],
  read: (name: string) => string | number | null, isDir: (name: string) => boolean,
): Item[] {
  const items: Item[] = [];
  for (const name of names) {
    if (name === 'build' || name === 'source') continue;
    if (name.endsWith('.ko')) {
      const data = read(name);
      const image = typeof data === 'string' ? decodeModuleImage(data) : null;
      if (image) items.push({ path: rel + name, image });
    } else if (isDir(name)) items.push({ dir: `${path}/${name}`, rel: `${rel}${name}/` });
  }
  return items;
}

/** Through the same calls as cat and ls (permission checks, /proc and /sys). */
function walk(ctx: ProcessContext, path: string, rel: string, found: DepmodInput['files']): void {
  const entries = listPath(ctx.state(), path);
  if (!Array.isArray(entries)) return;
  const items = itemsOf(
    path, rel, entries,
    (name) => readPath(ctx.state(), `${path}/${name}`),
    (name) => Array.isArray(listPath(ctx.state(), `${path}/${name}`)),
  );
  for (const item of items) {
    if ('image' in item) found.push(item);
    else walk(ctx, item.dir, item.rel, found);
  }
}

/** What itemsOf() found in one directory record, and where: `path` and `rel` as scanned. */
interface DirScan { path: string; rel: string; items: Item[] }

/** Scans by directory record (s.fs[path], the directory's entries). The kernel's file system is
 * frozen and copied on write: creating, removing or writing a file gives its directory a new
 * record, so a record holds the same entries and file contents for as long as it exists, and its
 * scan cannot go stale. (A subdirectory has a record of its own, checked on its own.) A scan holds
 * paths, so it serves only the same path and rel: one record may be reached as another (depmod
 * -b over a tree that holds a tree: kernel/ of the inner one is lib/modules/R/kernel/ of the
 * outer). The cache saves depmod -a thousands of path lookups and strings per run. */
const scans = new WeakMap<object, DirScan>();

function scanDir(fs: KernelState['fs'], path: string, rel: string, found: DepmodInput['files']): void {
  const record = fs[path];
  if (record === undefined) return;
  let scan = scans.get(record);
  if (scan === undefined || scan.path !== path || scan.rel !== rel) {
    const node = (name: string) => record[name]!;
    scan = {
      path, rel,
      items: itemsOf(
        path, rel, Object.keys(record).sort(),
        (name) => { const n = node(name); return n.kind === 'file' ? n.data : null; },
        (name) => node(name).kind === 'dir',
      ),
    };
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
    // string the file holds, for memory: the machine keeps every state on its timeline, so the
    // states share one copy of modules.alias instead of a new megabyte per depmod -a. (Whoever
    // parsed the file, modprobe's indexes, also finds it again at once, by identity.)
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
