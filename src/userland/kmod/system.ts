// system(3) for modprobe's install and remove commands. There is no /bin/sh in the simulation
// yet, so the command line is parsed here with the shell's parser and each simple command is run
// through the process's spawn(): `;`, `&&`, `||` and `|` behave as in sh, $VAR and $? expand,
// `true`, `false` and `:` are built in, redirections to /dev/null, 2>&1 and >FILE work.
import { normalize } from '../../kernel/fs';
import { parseLine, expandWord, ParseError, type SimpleCommand } from '../shell/parse';
import type { Io, ProcessContext, Program } from '../types';
import type { SystemFn } from './context';

function* runSimple(ctx: ProcessContext, cmd: SimpleCommand, io: Io, vars: (n: string) => string): Program {
  const argv = cmd.words.map((w) => expandWord(w, vars));
  let out = io.out;
  let err = io.err;
  const files: Array<{ path: string; append: boolean; data: string }> = [];
  for (const r of cmd.redirects) {
    const target = expandWord(r.target, vars);
    if (r.op === '>&') {
      if (r.fd === 2 && target === '1') err = out;
      else if (r.fd === 1 && target === '2') out = err;
      continue;
    }
    if (r.op !== '>' && r.op !== '>>') continue;
    const path = normalize(target, ctx.cwd);
    if (path === '/dev/null') {
      if (r.fd === 2) err = () => {}; else out = () => {};
      continue;
    }
    const file = { path, append: r.op === '>>', data: '' };
    files.push(file);
    if (r.fd === 2) err = (t) => { file.data += t; }; else out = (t) => { file.data += t; };
  }
  const name = argv[0];
  let status: number;
  if (name === undefined) status = 0;
  else if (name === 'true' || name === ':' || name === '/bin/true' || name === '/usr/bin/true') status = 0;
  else if (name === 'false' || name === '/bin/false' || name === '/usr/bin/false') status = 1;
  else status = yield* ctx.spawn(argv, { stdin: io.stdin, out: (t) => out(t), err: (t) => err(t) });
  for (const f of files) {
    const ret = yield { type: 'write_file', path: f.path, data: f.data, append: f.append };
    if (ret < 0) { io.err(`sh: 1: cannot create ${f.path}: Permission denied\n`); return 2; }
  }
  return status;
}

/** Runs one command line as `sh -c LINE` would; returns its exit status. */
export function* runCommandLine(ctx: ProcessContext, line: string, io: Io): Program {
  let items;
  try {
    items = parseLine(line);
  } catch (e) {
    io.err(`sh: 1: Syntax error: ${(e as ParseError).message}\n`);
    return 2;
  }
  let status = 0;
  const vars = (n: string) => (n === '?' ? String(status) : n === '$' ? '1' : ctx.env[n] ?? '');
  for (const item of items) {
    if (item.join === '&&' && status !== 0) continue;
    if (item.join === '||' && status === 0) continue;
    let stdin = io.stdin;
    const { commands } = item.pipeline;
    for (let i = 0; i < commands.length; i++) {
      let piped = '';
      const last = i === commands.length - 1;
      status = yield* runSimple(ctx, commands[i]!, { stdin, out: last ? io.out : (t) => { piped += t; }, err: io.err }, vars);
      stdin = piped;
    }
  }
  return status;
}

/** A system() for a libkmod context: the extra environment (MODPROBE_MODULE, and the
 * MODPROBE_OPTIONS modprobe exports) is visible to the command only while it runs. */
export function processSystem(ctx: ProcessContext, io: Io, env: () => Record<string, string>): SystemFn {
  return function* (command, extra) {
    const set = { ...env(), ...extra };
    const saved = new Map(Object.keys(set).map((k) => [k, ctx.env[k]]));
    Object.assign(ctx.env, set);
    try {
      return yield* runCommandLine(ctx, command, io);
    } finally {
      for (const [k, v] of saved) {
        if (v === undefined) delete ctx.env[k]; else ctx.env[k] = v;
      }
    }
  };
}
