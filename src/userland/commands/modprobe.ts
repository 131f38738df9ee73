// modprobe, the part this issue needs: find a module through modules.dep (or modules.alias),
// load what it depends on first, then it; `-r` removes it and the dependencies left unused.
// kmod's request_module() runs exactly this as `/sbin/modprobe -q -- NAME`.
import { E, strerror } from '../../kernel/errno';
import type { CommandFn, Io, Program, ProcessContext } from '../types';
import { readPath } from './files';
import { normalizeModuleName } from './kmod';

interface Found { name: string; path: string; deps: string[] }

function depLines(ctx: ProcessContext): Map<string, { path: string; deps: string[] }> {
  const root = `/lib/modules/${ctx.state().release}`;
  const text = readPath(ctx.state(), `${root}/modules.dep`);
  const map = new Map<string, { path: string; deps: string[] }>();
  if (typeof text !== 'string') return map;
  for (const line of text.split('\n')) {
    const [path, rest] = line.split(':');
    if (!path || rest === undefined) continue;
    const name = normalizeModuleName(path.slice(path.lastIndexOf('/') + 1));
    map.set(name, { path: `${root}/${path}`, deps: rest.trim().split(/\s+/).filter(Boolean).map((d) => `${root}/${d}`) });
  }
  return map;
}

function fnmatch(pattern: string, text: string): boolean {
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
  return re.test(text);
}

/** kmod_module_new_from_lookup(), reduced to modules.dep names and modules.alias patterns. */
export function lookupModule(ctx: ProcessContext, wanted: string): Found[] {
  const deps = depLines(ctx);
  const direct = deps.get(normalizeModuleName(wanted));
  if (direct) return [{ name: normalizeModuleName(wanted), ...direct }];
  const aliases = readPath(ctx.state(), `/lib/modules/${ctx.state().release}/modules.alias`);
  if (typeof aliases !== 'string') return [];
  const found: Found[] = [];
  for (const line of aliases.split('\n')) {
    const [kw, pattern, module] = line.split(/\s+/);
    if (kw !== 'alias' || !pattern || !module || !fnmatch(pattern, wanted)) continue;
    const entry = deps.get(module);
    if (entry) found.push({ name: module, ...entry });
  }
  return found;
}

function isLoaded(ctx: ProcessContext, name: string): boolean {
  return typeof readPath(ctx.state(), `/sys/module/${name}/initstate`) === 'string';
}

/** modprobe's own words for an init_module error. */
function modprobeStrerror(errno: number): string {
  if (-errno === E.EEXIST) return 'Module already in kernel';
  if (-errno === E.ENOENT) return 'Unknown symbol in module, or unknown parameter (see dmesg)';
  return strerror(errno);
}

export const modprobe: CommandFn = function* (ctx, argv, io) {
  let quiet = false; let remove = false; let verbose = false; let dryRun = false; let force = false; let firstTime = false;
  const rest: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') { rest.push(...argv.slice(i + 1)); break; }
    if (a === '--quiet') quiet = true;
    else if (a === '--remove') remove = true;
    else if (a === '--verbose') verbose = true;
    else if (a === '--dry-run' || a === '--show') dryRun = true;
    else if (a === '--force') force = true;
    else if (a === '--first-time') firstTime = true;
    else if (a.startsWith('-') && !a.startsWith('--') && rest.length === 0) {
      for (const c of a.slice(1)) {
        if (c === 'q') quiet = true; else if (c === 'r') remove = true; else if (c === 'v') verbose = true;
        else if (c === 'n') dryRun = true; else if (c === 'f') force = true;
        else { io.err(`modprobe: invalid option -- '${c}'\n`); return 1; }
      }
    } else rest.push(a);
  }
  const [wanted, ...options] = rest;
  if (!wanted) { io.err('modprobe: ERROR: missing parameters. See -h.\n'); return 1; }
  const err = (t: string) => { if (!quiet) io.err(t); };
  const found = lookupModule(ctx, wanted);
  const dir = `/lib/modules/${ctx.state().release}`;
  if (found.length === 0) {
    if (remove && !firstTime) return 0;
    err(remove ? `modprobe: FATAL: Module ${wanted} is not in kernel.\n` : `modprobe: FATAL: Module ${wanted} not found in directory ${dir}\n`);
    return 1;
  }
  for (const target of found) {
    const status = remove
      ? yield* removeChain(ctx, target, { verbose, dryRun, firstTime }, io, err)
      : yield* insertChain(ctx, target, options.join(' '), { verbose, dryRun, force, firstTime }, io, err);
    if (status !== 0) return status;
  }
  return 0;
};

function* insertChain(ctx: ProcessContext, target: Found, options: string, o: { verbose: boolean; dryRun: boolean; force: boolean; firstTime: boolean }, io: Io, err: (t: string) => void): Program {
  const chain = [...target.deps].reverse().map((path) => ({ path, args: '' }));
  chain.push({ path: target.path, args: options });
  for (const [index, step] of chain.entries()) {
    const name = normalizeModuleName(step.path.slice(step.path.lastIndexOf('/') + 1));
    const isTarget = index === chain.length - 1;
    if (isLoaded(ctx, name)) {
      if (isTarget && o.firstTime) { err(`modprobe: ERROR: could not insert '${name}': Module already in kernel\n`); return 1; }
      continue;
    }
    if (o.verbose) io.out(`insmod ${step.path} ${step.args}\n`);
    if (o.dryRun) continue;
    const bytes = readPath(ctx.state(), step.path);
    if (typeof bytes === 'number') { err(`modprobe: ERROR: could not insert '${name}': ${strerror(bytes)}\n`); return 1; }
    const ret = yield { type: 'init_module', bytes, args: step.args, force: o.force, comm: 'modprobe' };
    if (ret < 0 && !(ret === -E.EEXIST && !(isTarget && o.firstTime))) {
      err(`modprobe: ERROR: could not insert '${name}': ${modprobeStrerror(ret)}\n`);
      return 1;
    }
  }
  return 0;
}

function* removeChain(ctx: ProcessContext, target: Found, o: { verbose: boolean; dryRun: boolean; firstTime: boolean }, io: Io, err: (t: string) => void): Program {
  if (!isLoaded(ctx, target.name)) {
    if (o.firstTime) { err(`modprobe: FATAL: Module ${target.name} is not in kernel.\n`); return 1; }
    return 0;
  }
  const refcnt = parseInt(String(readPath(ctx.state(), `/sys/module/${target.name}/refcnt`)), 10);
  if (refcnt > 0) { err(`modprobe: FATAL: Module ${target.name} is in use.\n`); return 1; }
  for (const path of [target.path, ...target.deps]) {
    const name = normalizeModuleName(path.slice(path.lastIndexOf('/') + 1));
    if (!isLoaded(ctx, name)) continue;
    if (path !== target.path && parseInt(String(readPath(ctx.state(), `/sys/module/${name}/refcnt`)), 10) > 0) continue;
    if (o.verbose) io.out(`rmmod ${name}\n`);
    if (o.dryRun) continue;
    const ret = yield { type: 'delete_module', name, comm: 'modprobe' };
    if (ret < 0 && path === target.path) {
      err(`modprobe: ERROR: ../libkmod/libkmod-module.c:856 kmod_module_remove_module() could not remove '${name}': ${strerror(ret)}\n`);
      return 1;
    }
  }
  return 0;
}
