// Small coreutils over the simulated file system and the kernel's /proc and /sys views:
// cat, echo, ls, mkdir, rm, touch, mknod, grep, head, tail, wc, uname, whoami, id, nproc.
import { E, strerror } from '../../kernel/errno';
import { listDir, lookup, normalize, readFile } from '../../kernel/fs';
import { isRenderedLive, listVirtual, readVirtual, virtualMode } from '../../kernel/procfs';
import type { KernelState } from '../../kernel/types';
import type { CommandFn, Io, Program } from '../types';

/** Reads a regular or virtual file: its text, or a negative errno. */
export function readPath(s: KernelState, path: string): string | number {
  const virtual = readVirtual(s, path);
  if (virtual !== null) return virtual;
  return readFile(s, path);
}

export function listPath(s: KernelState, path: string): string[] | number {
  return listVirtual(s, path) ?? listDir(s, path);
}

function flags(argv: string[]): { opts: Set<string>; args: string[] } {
  const opts = new Set<string>();
  const args: string[] = [];
  for (const a of argv.slice(1)) {
    if (a.length > 1 && a.startsWith('-') && !/^-\d/.test(a)) for (const c of a.slice(1)) opts.add(c);
    else args.push(a);
  }
  return { opts, args };
}

export const cat: CommandFn = function* (ctx, argv, io) {
  const { args } = flags(argv);
  if (args.length === 0) { io.out(io.stdin); return 0; }
  let status = 0;
  for (const arg of args) {
    const path = normalize(arg, ctx.cwd);
    const node = lookup(ctx.state(), path);
    if (typeof node !== 'number' && node.kind === 'chardev') {
      // open() takes a reference on the driver's module, close() drops it.
      const holder = yield { type: 'open_device', major: node.major, label: `cat (pid ${ctx.state().nextPid}) → ${path}` };
      if (holder < 0) { io.err(`cat: ${arg}: ${strerror(holder)}\n`); status = 1; continue; }
      yield { type: 'close_device', holder };
      continue;
    }
    const data = readPath(ctx.state(), path);
    if (typeof data === 'number') { io.err(`cat: ${arg}: ${strerror(data)}\n`); status = 1; continue; }
    io.out(data);
  }
  return status;
};

export const echo: CommandFn = function* (_ctx, argv, io) {
  let args = argv.slice(1);
  let newline = true;
  let escapes = false;
  while (args[0] && /^-[neE]+$/.test(args[0])) {
    if (args[0].includes('n')) newline = false;
    if (args[0].includes('e')) escapes = true;
    args = args.slice(1);
  }
  let text = args.join(' ');
  if (escapes) text = text.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
  io.out(text + (newline ? '\n' : ''));
  return 0;
};

function modeString(kind: string, mode: number): string {
  const bits = 'rwxrwxrwx'.split('').map((c, i) => ((mode >> (8 - i)) & 1 ? c : '-'));
  // The sticky bit (/tmp's 1777) shows in the others' x place, as t (or T without x).
  if (mode & 0o1000) bits[8] = bits[8] === 'x' ? 't' : 'T';
  return (kind === 'dir' ? 'd' : kind === 'chardev' ? 'c' : '-') + bits.join('');
}

export const ls: CommandFn = function* (ctx, argv, io) {
  const { opts, args } = flags(argv);
  const s = ctx.state();
  let status = 0;
  const targets = args.length ? args : ['.'];
  for (const [i, arg] of targets.entries()) {
    const path = normalize(arg, ctx.cwd);
    let entries = listPath(s, path);
    let single = false;
    if (entries === -E.ENOTDIR) { entries = [path.slice(path.lastIndexOf('/') + 1)]; single = true; }
    if (typeof entries === 'number') {
      const content = readPath(s, path);
      if (typeof content === 'number') { io.err(`ls: cannot access '${arg}': ${strerror(entries)}\n`); status = 2; continue; }
      entries = [arg];
      single = true;
    }
    if (targets.length > 1 && !single) io.out(`${i > 0 ? '\n' : ''}${arg}:\n`);
    const names = opts.has('a') ? ['.', '..', ...entries] : entries;
    if (!opts.has('l')) { if (names.length) io.out(names.join('  ') + '\n'); continue; }
    const rows = names.map((name) => {
      const full = single ? path : normalize(name, path);
      const node = lookup(s, full);
      const isVirtual = isRenderedLive(full);
      const virtualDir = isVirtual && Array.isArray(listVirtual(s, full));
      const kind = typeof node !== 'number' ? node.kind : virtualDir ? 'dir' : 'file';
      // procfs directories are dr-xr-xr-x; sysfs's are drwxr-xr-x.
      const mode = typeof node !== 'number' ? node.mode : virtualDir ? (full.startsWith('/proc') ? 0o555 : 0o755) : virtualMode(s, full);
      const owner = typeof node !== 'number' && node.uid === 1000 ? 'student' : 'root';
      const size = typeof node !== 'number' && node.kind === 'file' ? node.data.length : kind === 'dir' ? 4096 : isVirtual ? (full.startsWith('/sys') ? 4096 : 0) : 0;
      const sizeText = typeof node !== 'number' && node.kind === 'chardev' ? `${node.major}, ${node.minor}` : String(size);
      return `${modeString(kind, mode)} 1 ${owner.padEnd(7)} ${owner.padEnd(7)} ${sizeText.padStart(6)} Nov 23 11:50 ${name}`;
    });
    if (!single) io.out(`total ${rows.length * 4}\n`);
    io.out(rows.map((r) => r + '\n').join(''));
  }
  return status;
};

function* simpleFsOp(argv: string[], io: Io, cwd: string, op: (path: string) => Program, name: string): Program {
  const { args } = flags(argv);
  if (args.length === 0) { io.err(`${name}: missing operand\n`); return 1; }
  let status = 0;
  for (const arg of args) {
    const ret = yield* op(normalize(arg, cwd));
    if (ret < 0) {
      const verb = name === 'mkdir' ? `cannot create directory '${arg}'` : name === 'rm' ? `cannot remove '${arg}'` : `cannot touch '${arg}'`;
      io.err(`${name}: ${verb}: ${strerror(ret)}\n`);
      status = 1;
    }
  }
  return status;
}

export const mkdir: CommandFn = function* (ctx, argv, io) {
  return yield* simpleFsOp(argv, io, ctx.cwd, function* (path) { return yield { type: 'mkdir', path }; }, 'mkdir');
};

export const rm: CommandFn = function* (ctx, argv, io) {
  return yield* simpleFsOp(argv, io, ctx.cwd, function* (path) { return yield { type: 'unlink', path }; }, 'rm');
};

export const touch: CommandFn = function* (ctx, argv, io) {
  return yield* simpleFsOp(argv, io, ctx.cwd, function* (path) { return yield { type: 'write_file', path, data: '', append: true }; }, 'touch');
};

export const mknod: CommandFn = function* (ctx, argv, io) {
  const [, path, type, major, minor] = argv;
  if (!path || type !== 'c' || !major || !/^\d+$/.test(major) || !minor || !/^\d+$/.test(minor)) {
    io.err('Usage: mknod NAME c MAJOR MINOR\n');
    return 1;
  }
  const ret = yield { type: 'mknod', path: normalize(path, ctx.cwd), major: Number(major), minor: Number(minor) };
  if (ret < 0) { io.err(`mknod: ${path}: ${strerror(ret)}\n`); return 1; }
  return 0;
};

function inputOf(ctx: { state(): KernelState; cwd: string }, files: string[], io: Io, name: string): string | null {
  if (files.length === 0) return io.stdin;
  let text = '';
  for (const f of files) {
    const data = readPath(ctx.state(), normalize(f, ctx.cwd));
    if (typeof data === 'number') { io.err(`${name}: ${f}: ${strerror(data)}\n`); return null; }
    text += data;
  }
  return text;
}

function lines(text: string): string[] {
  const all = text.split('\n');
  if (all[all.length - 1] === '') all.pop();
  return all;
}

export const grep: CommandFn = function* (ctx, argv, io) {
  const { opts, args } = flags(argv);
  const [pattern, ...files] = args;
  if (pattern === undefined) { io.err('Usage: grep [OPTION]... PATTERNS [FILE]...\n'); return 2; }
  const text = inputOf(ctx, files, io, 'grep');
  if (text === null) return 2;
  let re: RegExp;
  try {
    re = new RegExp(opts.has('F') ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : pattern.replace(/\\([|()])/g, '$1'), opts.has('i') ? 'i' : '');
  } catch {
    io.err('grep: Invalid regular expression\n');
    return 2;
  }
  const matched = lines(text).filter((l) => re.test(l) !== opts.has('v'));
  io.out(opts.has('c') ? `${matched.length}\n` : matched.map((l) => l + '\n').join(''));
  return matched.length > 0 ? 0 : 1;
};

function countOption(argv: string[]): { n: number; files: string[] } {
  let n = 10;
  const files: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-n') n = Number(argv[++i] ?? 10);
    else if (/^-n?\d+$/.test(a)) n = Number(a.replace(/^-n?/, ''));
    else files.push(a);
  }
  return { n, files };
}

export const head: CommandFn = function* (ctx, argv, io) {
  const { n, files } = countOption(argv);
  const text = inputOf(ctx, files, io, 'head');
  if (text === null) return 1;
  io.out(lines(text).slice(0, n).map((l) => l + '\n').join(''));
  return 0;
};

export const tail: CommandFn = function* (ctx, argv, io) {
  const { n, files } = countOption(argv);
  const text = inputOf(ctx, files, io, 'tail');
  if (text === null) return 1;
  io.out(lines(text).slice(-n).map((l) => l + '\n').join(''));
  return 0;
};

export const wc: CommandFn = function* (ctx, argv, io) {
  const { opts, args } = flags(argv);
  const text = inputOf(ctx, args, io, 'wc');
  if (text === null) return 1;
  io.out(opts.has('l') ? `${lines(text).length}\n` : `${String(lines(text).length).padStart(7)} ${String(text.split(/\s+/).filter(Boolean).length).padStart(7)} ${String(text.length).padStart(7)}\n`);
  return 0;
};

export const uname: CommandFn = function* (ctx, argv, io) {
  const s = ctx.state();
  const { opts } = flags(argv);
  if (opts.has('a')) { io.out(`Linux playground ${s.release} ${s.version} x86_64 GNU/Linux\n`); return 0; }
  const parts: string[] = [];
  if (opts.has('s') || opts.size === 0) parts.push('Linux');
  if (opts.has('n')) parts.push('playground');
  if (opts.has('r')) parts.push(s.release);
  if (opts.has('v')) parts.push(s.version);
  if (opts.has('m')) parts.push('x86_64');
  io.out(parts.join(' ') + '\n');
  return 0;
};

export const whoami: CommandFn = function* (ctx, _argv, io) {
  io.out(ctx.state().cred.user + '\n');
  return 0;
};

export const id: CommandFn = function* (ctx, _argv, io) {
  const { uid, user } = ctx.state().cred;
  io.out(`uid=${uid}(${user}) gid=${uid}(${user}) groups=${uid}(${user})\n`);
  return 0;
};

export const nproc: CommandFn = function* (ctx, _argv, io) {
  io.out(`${ctx.state().ncpus}\n`);
  return 0;
};

/** clear(1) from ncurses on a terminal with E3: home, erase the screen, erase the scrollback. */
export const clear: CommandFn = function* (_ctx, _argv, io) {
  io.out('\x1b[H\x1b[2J\x1b[3J');
  return 0;
};


/** /bin/true and /bin/false (the shell also has them as builtins; modprobe.d's `install` runs
 * them by path, e.g. `install pcspkr /bin/false`). */
export const trueCommand: CommandFn = function* () { return 0; };
export const falseCommand: CommandFn = function* () { return 1; };
