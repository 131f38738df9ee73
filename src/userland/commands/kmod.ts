// kmod's tools over the syscalls, as kmod 30's tools/insmod.c, rmmod.c and lsmod.c: parse the
// options, make one library call, turn the errno into words. The kernel never prints for them.
import { E, strerror } from '../../kernel/errno';
import { normalize } from '../../kernel/fs';
import { isRenderedLive } from '../../kernel/procfs';
import type { KernelState } from '../../kernel/types';
import type { CommandFn, Io } from '../types';
import { listPath, readPath } from './files';

/** insmod's mod_strerror(): its own words for four errnos, strerror() for the rest. */
export function insmodStrerror(errno: number): string {
  switch (Math.abs(errno)) {
    case E.ENOEXEC: return 'Invalid module format';
    case E.ENOENT: return 'Unknown symbol in module';
    case E.ESRCH: return 'Module has wrong symbol version';
    case E.EINVAL: return 'Invalid parameters';
    default: return strerror(errno);
  }
}

const KMOD_VERSION = 'kmod version 30\n+ZSTD +XZ -ZLIB +LIBCRYPTO -EXPERIMENTAL\n';

/** getopt_long's complaint about an option, as kmod's tools let it print. */
function badOption(tool: string, arg: string, io: Io): number {
  io.err(arg.startsWith('--') ? `${tool}: unrecognized option '${arg}'\n` : `${tool}: invalid option -- '${arg[1]}'\n`);
  return 1;
}

export const insmod: CommandFn = function* (ctx, argv, io) {
  let force = false;
  let i = 1;
  for (; i < argv.length && argv[i]!.startsWith('-') && argv[i] !== '-'; i++) {
    const a = argv[i]!;
    if (a === '--') { i++; break; }
    if (a === '-h' || a === '--help') {
      io.out('Usage:\n\tinsmod [options] filename [args]\nOptions:\n\t-V, --version     show version\n\t-h, --help        show this help\n');
      return 0;
    }
    if (a === '-V' || a === '--version') { io.out(KMOD_VERSION); return 0; }
    if (a.startsWith('--')) return badOption('insmod', a, io);
    for (const c of a.slice(1)) {
      if (c === 'f') force = true;
      else if (c !== 'p' && c !== 's') return badOption('insmod', `-${c}`, io);
    }
  }
  const filename = argv[i];
  if (filename === undefined) { io.err('insmod: ERROR: missing filename.\n'); return 1; }
  if (filename === '-') { io.err('insmod: ERROR: this tool does not support loading from stdin!\n'); return 1; }
  const bytes = readPath(ctx.state(), normalize(filename, ctx.cwd));
  if (typeof bytes === 'number') {
    io.err(`insmod: ERROR: could not load module ${filename}: ${strerror(bytes)}\n`);
    return 1;
  }
  // Extra arguments are joined with single spaces, as insmod.c does.
  const args = argv.slice(i + 1).join(' ');
  const ret = yield { type: 'init_module', bytes, args, force, comm: 'insmod' };
  if (ret < 0) {
    io.err(insmodFailure(filename, ret));
    return 1;
  }
  return 0;
};

/** What insmod prints when init_module fails (also for the Load button's stepped syscall). */
export function insmodFailure(filename: string, errno: number): string {
  return `insmod: ERROR: could not insert module ${filename}: ${insmodStrerror(errno)}\n`;
}

/** What rmmod prints when delete_module fails (also for the Unload button's stepped syscall). */
export function rmmodFailure(name: string, arg: string, errno: number): string {
  return `rmmod: ERROR: ${LIBKMOD_REMOVE} could not remove '${name}': ${strerror(errno)}\n`
    + `rmmod: ERROR: could not remove module ${arg}: ${strerror(errno)}\n`;
}

/** modname_normalize(): '-' becomes '_' and the name ends at the first '.'. */
export function normalizeModuleName(text: string): string {
  const cut = text.indexOf('.');
  return (cut < 0 ? text : text.slice(0, cut)).replace(/-/g, '_');
}

const LIBKMOD_REMOVE = '../libkmod/libkmod-module.c:856 kmod_module_remove_module()';

export const rmmod: CommandFn = function* (ctx, argv, io) {
  let force = false;
  let syslog = false;
  const names: string[] = [];
  for (const a of argv.slice(1)) {
    if (a === '-h' || a === '--help') {
      io.out('Usage:\n\trmmod [options] modulename ...\nOptions:\n\t-f, --force       forces a module unload and may crash your\n\t                  machine. This requires Forced Module Removal\n\t                  option in your kernel. DANGEROUS\n\t-s, --syslog      print to syslog, not stderr\n\t-v, --verbose     enables more messages\n\t-V, --version     show version\n\t-h, --help        show this help\n');
      return 0;
    }
    if (a === '-V' || a === '--version') { io.out(KMOD_VERSION); return 0; }
    if (a === '--force') force = true;
    else if (a === '--syslog') syslog = true;
    else if (a === '--verbose') continue;
    else if (a.startsWith('--')) return badOption('rmmod', a, io);
    else if (a.startsWith('-') && a.length > 1) {
      for (const c of a.slice(1)) {
        if (c === 'f') force = true;
        else if (c === 's') syslog = true;
        else if (c === 'w') { io.err("rmmod: ERROR: unexpected getopt_long() value 'w'.\n"); return 1; }
        else if (c !== 'v') return badOption('rmmod', `-${c}`, io);
      }
    } else names.push(a);
  }
  const err = (text: string) => { if (!syslog) io.err(text); };
  if (names.length === 0) { err('rmmod: ERROR: missing module name.\n'); return 1; }
  let failed = 0;
  for (const arg of names) {
    const s = ctx.state();
    const path = normalize(arg, ctx.cwd);
    const isFile = typeof readPath(s, path) === 'string' && !isRenderedLive(path);
    const name = normalizeModuleName(isFile ? path.slice(path.lastIndexOf('/') + 1) : arg);
    if (!force) {
      const problem = checkModuleInuse(ctx.state(), name);
      if (problem) { err(problem); failed++; continue; }
    }
    const ret = yield { type: 'delete_module', name, force, comm: 'rmmod' };
    if (ret < 0) {
      err(rmmodFailure(name, arg, ret));
      failed++;
    }
  }
  return failed > 0 ? 1 : 0;
};

/** rmmod.c check_module_inuse(), from /sys/module/NAME like the real tool. */
function checkModuleInuse(s: KernelState, name: string): string | null {
  const initstate = readPath(s, `/sys/module/${name}/initstate`);
  if (typeof initstate === 'number') return `rmmod: ERROR: Module ${name} is not currently loaded\n`;
  const holders = holdersOf(s, name);
  if (holders.length > 0) return `rmmod: ERROR: Module ${name} is in use by:${holders.map((h) => ' ' + h).join('')}\n`;
  const refcnt = readPath(s, `/sys/module/${name}/refcnt`);
  if (typeof refcnt === 'string' && parseInt(refcnt, 10) > 0) return `rmmod: ERROR: Module ${name} is in use\n`;
  return null;
}

function holdersOf(s: KernelState, name: string): string[] {
  const list = listPath(s, `/sys/module/${name}/holders`);
  return Array.isArray(list) ? list : [];
}

export const lsmod: CommandFn = function* (ctx, argv, io) {
  if (argv.length !== 1) { io.err(`Usage: ${argv[0]}\n`); return 1; }
  const s = ctx.state();
  const modules = readPath(s, '/proc/modules');
  if (typeof modules === 'number') return 1;
  let out = 'Module                  Size  Used by\n';
  for (const line of modules.split('\n').filter(Boolean)) {
    const name = line.split(' ')[0]!;
    const size = parseInt(String(readPath(s, `/sys/module/${name}/coresize`)), 10) || 0;
    const refcnt = parseInt(String(readPath(s, `/sys/module/${name}/refcnt`)), 10) || 0;
    const holders = holdersOf(s, name);
    out += `${name.padEnd(19)} ${String(size).padStart(8)}  ${refcnt}${holders.length ? ' ' + holders.join(',') : ''}\n`;
  }
  io.out(out);
  return 0;
};
