// depmod: reads every module under /lib/modules/RELEASE and writes modules.dep, modules.alias,
// modules.softdep, modules.symbols and modules.devname (src/userland/depmod has the algorithm).
// Options as kmod 30: -a/-A (all), -n (to standard output), -v, -b BASEDIR, and a RELEASE.
import { strerror } from '../../kernel/errno';
import { decodeModuleImage } from '../../kernel/image';
import { depmod as computeDepmod, type DepmodInput } from '../depmod';
import type { CommandFn, ProcessContext } from '../types';
import { listPath, readPath } from './files';

/** Module files below `dir`, in directory order; build/ and source/ are skipped as depmod does. */
export function findModules(ctx: ProcessContext, dir: string): DepmodInput['files'] {
  const found: DepmodInput['files'] = [];
  const walk = (path: string) => {
    const entries = listPath(ctx.state(), path);
    if (!Array.isArray(entries)) return;
    for (const name of entries) {
      if (name === 'build' || name === 'source') continue;
      const full = `${path}/${name}`;
      if (name.endsWith('.ko')) {
        const data = readPath(ctx.state(), full);
        const image = typeof data === 'string' ? decodeModuleImage(data) : null;
        if (image) found.push({ path: full.slice(dir.length + 1), image });
      } else if (Array.isArray(listPath(ctx.state(), full))) walk(full);
    }
  };
  walk(dir);
  return found;
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
    const ret = yield { type: 'write_file', path: `${dir}/${name}`, data: text };
    if (ret < 0) {
      io.err(`depmod: ERROR: openat(${dir}, ${name}.tmp, 1101, 644): ${strerror(ret)}\n`);
      return 1;
    }
  }
  return 0;
};
