// kmod_module_probe_insert_module() and its helpers, kmod 30: the probe list (dependencies with
// their softdeps, then the module's own pre-softdeps, itself, its post-softdeps), the blacklist
// and "already loaded" rules, options and install commands, then one init_module(2) per module.
// Errors of modules that are only softdeps are ignored.
import { strerror } from '../../kernel/errno';
import type { Action } from '../../kernel/types';
import type { KmodContext, KmodModule } from './context';

export interface ProbeFlags {
  forceVermagic?: boolean;
  forceModversion?: boolean;
  /** --ignore-install: the module's own install command and softdeps are skipped. */
  ignoreCommand?: boolean;
  /** --show-depends: loaded modules are listed too. */
  ignoreLoaded?: boolean;
  dryRun?: boolean;
  /** --first-time. */
  failOnLoaded?: boolean;
  /** Refuse a blacklisted module found through an alias (modprobe always sets this). */
  applyBlacklistAliasOnly?: boolean;
  /** -b: refuse a blacklisted module in any case. */
  applyBlacklist?: boolean;
  /** Filter blacklisted modules out of the whole list (not used by modprobe). */
  applyBlacklistAll?: boolean;
}

/** The probe was stopped by the blacklist (a positive return, as KMOD_PROBE_APPLY_BLACKLIST*). */
export const PROBE_BLACKLISTED = 0x10000;

export type PrintAction = (m: KmodModule, install: boolean, options: string) => void;

type Gen<T> = Generator<Action, T, number>;

/** __kmod_module_fill_softdep(): no visited check here, so a module can appear twice. */
function fillSoftdep(ctx: KmodContext, m: KmodModule, list: KmodModule[]): void {
  const { pre, post } = ctx.softdeps(m);
  for (const p of pre) probeList(ctx, p, false, false, list);
  list.push(m);
  m.ignorecmd = pre.length > 0 || post.length > 0;
  for (const p of post) probeList(ctx, p, false, false, list);
}

/** __kmod_module_get_probe_list(). */
function probeList(ctx: KmodContext, m: KmodModule, required: boolean, ignorecmd: boolean, list: KmodModule[]): void {
  if (m.visited) return;
  m.visited = true;
  const deps = ctx.dependencies(m);
  if (required) {
    m.required = true;
    for (const d of deps) d.required = true;
  }
  for (const d of deps) fillSoftdep(ctx, d, list);
  if (ignorecmd) {
    list.push(m);
    m.ignorecmd = true;
  } else fillSoftdep(ctx, m, list);
}

/** kmod_module_get_probe_list(): the modules to load for `m`, in order. */
export function getProbeList(ctx: KmodContext, m: KmodModule, ignorecmd: boolean): KmodModule[] {
  for (const x of ctx.modules()) { x.visited = false; x.required = false; }
  const list: KmodModule[] = [];
  probeList(ctx, m, true, ignorecmd, list);
  return list;
}

function isInKernel(ctx: KmodContext, m: KmodModule): boolean {
  const state = ctx.initstate(m);
  return state === 'live' || state === 'builtin';
}

/** module_options_concat(): "OPT XOPT"; with only config options a space stays at the end. */
export function optionsConcat(opt: string | null, xopt: string | null): string | null {
  if ((opt ?? '') === '' && (xopt ?? '') === '') return null;
  return (opt !== null ? opt + ' ' : '') + (xopt ?? '');
}

/** kmod_module_insert_module(): reads the file and calls init_module(2). */
export function* insertModule(ctx: KmodContext, m: KmodModule, flags: ProbeFlags, options: string | null): Gen<number> {
  const path = ctx.path(m);
  if (path === null) {
    // kmod 30 answers -ENOSYS here (later versions -ENOENT); the line is estimated.
    ctx.err(895, 'kmod_module_insert_module', `could not find module by name='${m.name}'\n`);
    return -38;
  }
  const bytes = ctx.fs.read(path);
  if (typeof bytes === 'number') return bytes;
  const force = !!(flags.forceVermagic || flags.forceModversion);
  return yield { type: 'init_module', bytes, args: options ?? '', force, comm: ctx.comm };
}

/** libkmod's command_do(): system(3) with MODPROBE_MODULE set; a failure is -(exit status). */
function* commandDo(ctx: KmodContext, m: KmodModule, type: string, cmd: string): Gen<number> {
  const status = ctx.system ? yield* ctx.system(cmd, { MODPROBE_MODULE: m.name }) : -1;
  if (status === 0) return 0;
  // Position estimated from the v30 layout.
  ctx.err(1038, 'command_do', `Error running ${type} command for ${m.name}\n`);
  return status === -1 ? -1 : -status;
}

/** $CMDLINE_OPTS in an install or remove command becomes the options. */
export function expandCmdlineOpts(command: string, options: string | null): string {
  return command.split('$CMDLINE_OPTS').join(options ?? '');
}

/** kmod_module_probe_insert_module(): 0 or a negative errno, or PROBE_BLACKLISTED. */
export function* probeInsertModule(ctx: KmodContext, mod: KmodModule, flags: ProbeFlags, extraOptions: string | null, print?: PrintAction): Gen<number> {
  if (!flags.ignoreLoaded && isInKernel(ctx, mod)) return flags.failOnLoaded ? -17 : 0;
  const checkBlacklist = (mod.alias !== null && flags.applyBlacklistAliasOnly) || flags.applyBlacklistAll || flags.applyBlacklist;
  if (checkBlacklist && ctx.isBlacklisted(mod)) return PROBE_BLACKLISTED;
  let list = getProbeList(ctx, mod, !!flags.ignoreCommand);
  if (flags.applyBlacklistAll) {
    list = list.filter((m) => !ctx.isBlacklisted(m));
    if (list.length === 0) return PROBE_BLACKLISTED;
  }
  let err = 0;
  for (const m of list) {
    const cmd = ctx.installCommands(m);
    if (!flags.ignoreLoaded && isInKernel(ctx, m)) {
      err = -17;
    } else {
      const options = optionsConcat(ctx.options(m), m === mod ? extraOptions : null);
      if (cmd !== null && !m.ignorecmd) {
        print?.(m, true, options ?? '');
        if (!flags.dryRun) err = yield* commandDo(ctx, m, 'install', expandCmdlineOpts(cmd, options));
      } else {
        print?.(m, false, options ?? '');
        if (!flags.dryRun) err = yield* insertModule(ctx, m, flags, options);
      }
    }
    // "Already loaded" stops only the module asked for, with --first-time; softdeps never fail.
    if (err === -17 && m === mod && flags.failOnLoaded) break;
    if (err === -17 || !m.required) err = 0;
    else if (err < 0) break;
  }
  return err;
}

/** kmod_module_remove_module(): delete_module(2) with O_NONBLOCK (and O_TRUNC when forced). */
export function* removeModule(ctx: KmodContext, m: KmodModule, force: boolean, nolog = false): Gen<number> {
  const ret = yield { type: 'delete_module', name: m.name, force, comm: ctx.comm };
  if (ret < 0 && !nolog) {
    ctx.err(856, 'kmod_module_remove_module', `could not remove '${m.name}': ${strerror(ret)}\n`);
  }
  return ret;
}
