// The shell of the Terminal panel and of kshell: parses a line, expands words, wires pipes and
// redirections, runs builtins (cd, su, exit, exec, taskset, export) itself and every other
// command from the registry. It owns only user-space state: cwd, variables, $?, the su stack and
// open file descriptors; everything else is the kernel's.
import { E, strerror } from '../../kernel/errno';
import { lookup, normalize } from '../../kernel/fs';
import { readVirtual } from '../../kernel/procfs';
import type { Machine } from '../machine';
import type { CommandFn, Io, ProcessContext, Program } from '../types';
import { expandWord, parseLine, ParseError, type SimpleCommand } from './parse';
import { readPath } from '../commands/files';

export interface Terminal {
  out(text: string): void;
  err(text: string): void;
}

interface Account { user: string; uid: number; home: string }

export const SHELL_PID = 1000;

export class Shell {
  cwd: string;
  status = 0;
  env: Record<string, string>;
  /** Accounts entered with su; exit leaves the innermost. */
  private accounts: Account[] = [];
  /** Open descriptors from `exec N< /dev/x`: fd → holder id. */
  readonly fds = new Map<number, number>();
  /** Set when `exit` leaves the outermost shell. */
  exited = false;

  constructor(readonly machine: Machine, private readonly commands: Record<string, CommandFn>) {
    this.cwd = '/root';
    this.env = { HOME: '/root', USER: 'root', PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', SHELL: '/bin/bash' };
    machine.helper = (argv, io) => this.runArgv(argv, io);
  }

  get user(): string { return this.machine.state.cred.user; }

  prompt(): string {
    const home = this.env.HOME!;
    const where = this.cwd === home ? '~' : this.cwd.startsWith(home + '/') ? '~' + this.cwd.slice(home.length) : this.cwd;
    return `${this.user}@playground:${where}${this.machine.state.cred.uid === 0 ? '#' : '$'} `;
  }

  /** Runs one command line to completion; returns its exit status. */
  execute(line: string, terminal: Terminal): number {
    return this.machine.drive(this.run(line, terminal));
  }

  *run(line: string, terminal: Terminal): Program {
    let items;
    try {
      items = parseLine(line);
    } catch (e) {
      terminal.err(`-bash: ${(e as ParseError).message}\n`);
      this.status = 2;
      return 2;
    }
    for (const item of items) {
      if (this.exited) break;
      if (item.join === '&&' && this.status !== 0) continue;
      if (item.join === '||' && this.status === 0) continue;
      let stdin = '';
      const { commands } = item.pipeline;
      for (let i = 0; i < commands.length; i++) {
        const last = i === commands.length - 1;
        let piped = '';
        const io: Io = { stdin, out: last ? terminal.out : (t) => { piped += t; }, err: terminal.err };
        this.status = yield* this.runCommand(commands[i]!, io);
        stdin = piped;
      }
    }
    return this.status;
  }

  private vars = (name: string): string => {
    if (name === '?') return String(this.status);
    if (name === '$') return String(SHELL_PID);
    if (name === 'PWD') return this.cwd;
    return this.env[name] ?? '';
  };

  private *runCommand(cmd: SimpleCommand, io: Io): Program {
    const argv = cmd.words.map((w) => expandWord(w, this.vars));
    let out = io.out;
    let err = io.err;
    let stdin = io.stdin;
    const files: Array<{ fd: number; path: string; append: boolean; data: string }> = [];
    for (const r of cmd.redirects) {
      const target = expandWord(r.target, this.vars);
      if (r.fd > 2 && (r.op === '<' || r.op === '<&')) continue;
      if (r.op === '>&') {
        if (r.fd === 2 && target === '1') err = (t) => out(t);
        else if (r.fd === 1 && target === '2') out = (t) => err(t);
        continue;
      }
      if (r.op === '<&') continue;
      const path = normalize(target, this.cwd);
      if (r.op === '<') {
        const data = readPath(this.machine.state, path);
        if (typeof data === 'number') { io.err(`-bash: ${target}: ${strerror(data)}\n`); return 1; }
        stdin = data;
        continue;
      }
      if (path === '/dev/null') {
        if (r.fd === 2) err = () => {};
        else out = () => {};
        continue;
      }
      const file = { fd: r.fd, path, append: r.op === '>>', data: '' };
      files.push(file);
      if (r.fd === 2) err = (t) => { file.data += t; };
      else out = (t) => { file.data += t; };
    }
    if (argv.length === 0) return yield* this.execRedirects(cmd, io);
    const name = argv[0]!;
    const cmdIo: Io = { stdin, out: (t) => out(t), err: (t) => err(t) };
    const status = yield* this.dispatchCommand(name, argv, cmdIo, cmd);
    for (const f of files) {
      const ret = yield { type: 'write_file', path: f.path, data: f.data, append: f.append };
      if (ret < 0) {
        const opening = ret === -E.EACCES || ret === -E.ENOENT || ret === -E.EISDIR || ret === -E.ENOTDIR || ret === -E.EPERM;
        io.err(opening ? `-bash: ${f.path}: ${strerror(ret)}\n` : `-bash: ${name}: write error: ${strerror(ret)}\n`);
        return 1;
      }
    }
    return status;
  }

  private *dispatchCommand(name: string, argv: string[], io: Io, cmd: SimpleCommand): Program {
    switch (name) {
      case 'cd': return this.cd(argv, io);
      case 'pwd': io.out(this.cwd + '\n'); return 0;
      case 'su': return yield* this.su(argv, io);
      case 'exit': case 'logout': return yield* this.exit(argv);
      case 'exec': return yield* this.execRedirects(cmd, io);
      case 'export': for (const a of argv.slice(1)) { const [k, ...v] = a.split('='); if (k) this.env[k] = v.join('='); } return 0;
      case 'taskset': return yield* this.taskset(argv, io);
      case 'true': case ':': return 0;
      case 'false': return 1;
      case 'help': io.out(`Commands: ${['cd', 'pwd', 'su', 'exit', 'exec', 'export', 'taskset', ...Object.keys(this.commands)].sort().join(' ')}\n`); return 0;
    }
    const program = this.lookup(name);
    if (!program) { io.err(`-bash: ${name}: command not found\n`); return 127; }
    return yield* program(this.context(), argv, io);
  }

  /** A command by name or path (/sbin/modprobe is modprobe). */
  private lookup(name: string): CommandFn | undefined {
    return this.commands[name.slice(name.lastIndexOf('/') + 1)];
  }

  /** The command registry, callable with an argv (used for user-mode helpers and make). */
  *runArgv(argv: string[], io: Io): Program {
    const program = this.lookup(argv[0] ?? '');
    if (!program) { io.err(`${argv[0]}: not found\n`); return 127; }
    return yield* program(this.context(), argv, io);
  }

  private context(): ProcessContext {
    return {
      state: () => this.machine.state,
      cwd: this.cwd,
      env: this.env,
      spawn: (argv, io) => this.runArgv(argv, io),
    };
  }

  private cd(argv: string[], io: Io): number {
    const target = normalize(argv[1] ?? this.env.HOME!, this.cwd);
    const s = this.machine.state;
    const virtual = readVirtual(s, target);
    if (virtual === -E.EISDIR) { this.cwd = target; return 0; }
    const node = lookup(s, target);
    const errno = typeof node === 'number' ? node : node.kind !== 'dir' ? -E.ENOTDIR
      : s.cred.uid !== 0 && (node.mode & (node.uid === s.cred.uid ? 0o100 : 0o001)) === 0 ? -E.EACCES : 0;
    if (errno) { io.err(`-bash: cd: ${argv[1]}: ${strerror(errno)}\n`); return 1; }
    this.cwd = target;
    return 0;
  }

  private *su(argv: string[], io: Io): Program {
    const name = argv.slice(1).find((a) => !a.startsWith('-')) ?? 'root';
    const passwd = readPath(this.machine.state, '/etc/passwd');
    const entry = typeof passwd === 'string' ? passwd.split('\n').map((l) => l.split(':')).find((f) => f[0] === name) : undefined;
    if (!entry) { io.err(`su: user ${name} does not exist or the user entry does not contain all the required fields\n`); return 1; }
    this.accounts.push({ user: this.user, uid: this.machine.state.cred.uid, home: this.env.HOME! });
    yield { type: 'set_cred', uid: Number(entry[2]), user: name };
    this.env.USER = name;
    this.env.HOME = entry[5] ?? '/';
    if (argv.includes('-') || argv.includes('-l')) this.cwd = this.env.HOME;
    return 0;
  }

  private *exit(argv: string[]): Program {
    const code = argv[1] !== undefined ? Number(argv[1]) & 0xff : this.status;
    const previous = this.accounts.pop();
    if (!previous) { this.exited = true; return code; }
    yield { type: 'set_cred', uid: previous.uid, user: previous.user };
    this.env.USER = previous.user;
    this.env.HOME = previous.home;
    return code;
  }

  /** `taskset -pc CPU $$` moves the shell (and what it runs) to a CPU; `taskset -c CPU cmd...`
   * runs one command there. */
  private *taskset(argv: string[], io: Io): Program {
    const s = this.machine.state;
    const all = s.ncpus === 1 ? '0' : `0-${s.ncpus - 1}`;
    const parseCpu = (text: string | undefined) => (text !== undefined && /^\d+$/.test(text) && Number(text) < s.ncpus ? Number(text) : null);
    if (argv[1] === '-pc' || argv[1] === '-cp') {
      const cpu = parseCpu(argv[2]);
      if (cpu === null) { io.err(`taskset: failed to parse CPU list: ${argv[2] ?? ''}\n`); return 1; }
      const pid = argv[3] ?? String(SHELL_PID);
      io.out(`pid ${pid}'s current affinity list: ${s.cpu === 0 && s.ncpus > 1 ? all : s.cpu}\npid ${pid}'s new affinity list: ${cpu}\n`);
      yield { type: 'set_cpu', cpu };
      return 0;
    }
    if (argv[1] === '-c' && argv.length > 3) {
      const cpu = parseCpu(argv[2]);
      if (cpu === null) { io.err(`taskset: failed to parse CPU list: ${argv[2] ?? ''}\n`); return 1; }
      const before = s.cpu;
      yield { type: 'set_cpu', cpu };
      const status = yield* this.runArgv(argv.slice(3), io);
      yield { type: 'set_cpu', cpu: before };
      return status;
    }
    io.err('Usage: taskset -pc CPU PID | taskset -c CPU COMMAND...\n');
    return 1;
  }

  /** `exec 3< /dev/hello` opens a character device (try_module_get on its owner);
   * `exec 3<&-` closes it (module_put, possibly on another CPU). */
  private *execRedirects(cmd: SimpleCommand, io: Io): Program {
    for (const r of cmd.redirects) {
      const target = expandWord(r.target, this.vars);
      if (r.op === '<&' && target === '-') {
        const holder = this.fds.get(r.fd);
        if (holder !== undefined) { yield { type: 'close_device', holder }; this.fds.delete(r.fd); }
        continue;
      }
      if (r.op !== '<') { io.err('-bash: exec: only N< FILE and N<&- are supported\n'); return 1; }
      const path = normalize(target, this.cwd);
      const node = lookup(this.machine.state, path);
      if (typeof node === 'number') { io.err(`-bash: ${target}: ${strerror(node)}\n`); return 1; }
      if (node.kind !== 'chardev') continue;
      const ret = yield { type: 'open_device', major: node.major, label: `bash (pid ${SHELL_PID}) fd ${r.fd} → ${path}` };
      if (ret < 0) { io.err(`-bash: ${target}: ${strerror(ret)}\n`); return 1; }
      this.fds.set(r.fd, ret);
    }
    return 0;
  }
}
