// modprobe, as kmod 30's tools/modprobe.c: parse the options (getopt_long, MODPROBE_OPTIONS),
// make a libkmod context (src/userland/kmod), then insert, remove, resolve or dump, printing what
// the real tool prints. The kernel's request_module() runs this as `/sbin/modprobe -q -- NAME`.
import { E, strerror } from '../../kernel/errno';
import { configDump } from '../kmod/config';
import { KmodContext, type KmodModule } from '../kmod/context';
import { machineFs } from '../kmod/fs';
import { getoptLong, type LongOption } from '../kmod/getopt';
import { defaultLogText, LOG, prioName, toolLogText } from '../kmod/log';
import { expandCmdlineOpts, probeInsertModule, removeModule, type ProbeFlags } from '../kmod/probe';
import { processSystem } from '../kmod/system';
import type { Action } from '../../kernel/types';
import type { CommandFn, Io, ProcessContext } from '../types';

const SHORTOPTS = 'arw:RibfDcnC:d:S:sqvVh';
const LONGOPTS: LongOption[] = [
  ['all', 'none', 'a'], ['remove', 'none', 'r'], ['remove-dependencies', 'none', '5'], ['remove-holders', 'none', '5'],
  ['wait', 'required', 'w'], ['resolve-alias', 'none', 'R'], ['first-time', 'none', '3'], ['ignore-install', 'none', 'i'],
  ['ignore-remove', 'none', 'i'], ['use-blacklist', 'none', 'b'], ['force', 'none', 'f'], ['force-modversion', 'none', '2'],
  ['force-vermagic', 'none', '1'], ['show-depends', 'none', 'D'], ['showconfig', 'none', 'c'], ['show-config', 'none', 'c'],
  ['show-modversions', 'none', '4'], ['dump-modversions', 'none', '4'], ['dry-run', 'none', 'n'], ['show', 'none', 'n'],
  ['config', 'required', 'C'], ['dirname', 'required', 'd'], ['set-version', 'required', 'S'], ['syslog', 'none', 's'],
  ['quiet', 'none', 'q'], ['verbose', 'none', 'v'], ['version', 'none', 'V'], ['help', 'none', 'h'],
].map(([name, arg, val]) => ({ name: name!, arg: arg as LongOption['arg'], val: val! }));

const VERSION = 'kmod version 30\n+ZSTD +XZ -ZLIB +LIBCRYPTO -EXPERIMENTAL\n';

function help(p: string): string {
  return `Usage:\n\t${p} [options] [-i] [-b] modulename\n\t${p} [options] -a [-i] [-b] modulename [modulename...]\n` +
    `\t${p} [options] -r [-i] modulename\n\t${p} [options] -r -a [-i] modulename [modulename...]\n` +
    `\t${p} [options] -c\n\t${p} [options] --dump-modversions filename\nManagement Options:\n` +
    '\t-a, --all                   Consider every non-argument to\n\t                            be a module name to be inserted\n\t                            or removed (-r)\n' +
    '\t-r, --remove                Remove modules instead of inserting\n' +
    '\t    --remove-dependencies   Deprecated: use --remove-holders\n' +
    '\t    --remove-holders        Also remove module holders (use together with -r)\n' +
    "\t-w, --wait <MSEC>           When removing a module, wait up to MSEC for\n\t                            module's refcount to become 0 so it can be\n\t                            removed (use together with -r)\n" +
    '\t    --first-time            Fail if module already inserted or removed\n' +
    '\t-i, --ignore-install        Ignore install commands\n\t-i, --ignore-remove         Ignore remove commands\n' +
    '\t-b, --use-blacklist         Apply blacklist to resolved alias.\n' +
    '\t-f, --force                 Force module insertion or removal.\n\t                            implies --force-modversions and\n\t                            --force-vermagic\n' +
    "\t    --force-modversion      Ignore module's version\n\t    --force-vermagic        Ignore module's version magic\n\n" +
    'Query Options:\n\t-R, --resolve-alias         Only lookup and print alias and exit\n' +
    '\t-D, --show-depends          Only print module dependencies and exit\n' +
    '\t-c, --showconfig            Print out known configuration and exit\n\t-c, --show-config           Same as --showconfig\n' +
    '\t    --show-modversions      Dump module symbol version and exit\n\t    --dump-modversions      Same as --show-modversions\n\n' +
    'General Options:\n\t-n, --dry-run               Do not execute operations, just print out\n\t-n, --show                  Same as --dry-run\n' +
    '\t-C, --config=FILE           Use FILE instead of default search paths\n' +
    '\t-d, --dirname=DIR           Use DIR as filesystem root for /lib/modules\n' +
    "\t-S, --set-version=VERSION   Use VERSION instead of `uname -r`\n" +
    '\t-s, --syslog                print to syslog, not stderr\n\t-q, --quiet                 disable messages\n' +
    '\t-v, --verbose               enables more messages\n\t-V, --version               show version\n\t-h, --help                  show this help\n';
}

/** log_printf() at LOG_CRIT or above ends the process (tools/log.c). */
class Exit { constructor(readonly code: number) {} }

/** prepend_options_from_env(): MODPROBE_OPTIONS words go before the command line's. */
export function splitModprobeOptions(env: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  let quoteAtStart = false;
  for (const c of env) {
    if (quote === null) {
      if (c === ' ') { out.push(cur); cur = ''; } else if (c === '"' || c === "'") { quote = c; quoteAtStart = cur === ''; } else cur += c;
    } else if (c === quote) {
      if (quoteAtStart) { out.push(cur); cur = ''; quote = null; continue; }
      quote = null;
    } else cur += c;
  }
  if (cur !== '') out.push(cur);
  return out;
}

/** options_from_array(): extra words joined by spaces; a value with a space gets double quotes. */
export function optionsFromArray(args: string[]): string | null {
  if (args.length === 0) return null;
  return args.map((a) => {
    const eq = a.indexOf('=');
    if (eq < 0) return a;
    const value = a.slice(eq + 1);
    return value[0] !== '"' && value[0] !== "'" && value.includes(' ') ? `${a.slice(0, eq + 1)}"${value}"` : a;
  }).join(' ');
}

/** strtoul(s, &end, 0) accepting only a whole number. */
function strtoul(s: string): number | null {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return null;
  const t = m[2]!;
  const v = /^0[xX]/.test(t) ? parseInt(t, 16) : t.startsWith('0') ? parseInt(t, 8) : parseInt(t, 10);
  return m[1] === '-' ? -v : v;
}

const RMMOD_REMOVE_HOLDERS = 1;
const RMMOD_IGNORE_BUILTIN = 2;

/** One modprobe process: the options getopt found, the libkmod context, and modprobe.c's
 * functions as methods (one object per run rather than a dozen closures). */
class Modprobe {
  readonly program: string;
  modprobeOptions: string | undefined;
  logLevel: number = LOG.CRIT; // the priority of modprobe's LOG(): FATAL, or WARNING with -a
  verbose: number = LOG.WARNING;
  logPriority: number = LOG.ERR; // tools/log.c, until log_setup_kmod_log()
  useSyslog = false;
  doShow = false; dryRun = false; ignoreLoaded = false; lookupOnly = false; firstTime = false;
  ignoreCommands = false; useBlacklist = false; force = false; stripModversion = false; stripVermagic = false;
  removeHolders = false; waitMsec = 0; useAll = false; doRemove = false; showConfig = false; showModversions = false;
  readonly configPaths: string[] = [];
  root: string | null = null;
  kversion: string | null = null;
  ctx!: KmodContext;

  constructor(readonly pctx: ProcessContext, readonly io: Io, argv0: string | undefined) {
    this.program = (argv0 ?? 'modprobe').slice((argv0 ?? '').lastIndexOf('/') + 1);
    this.modprobeOptions = pctx.env.MODPROBE_OPTIONS;
  }

  appendEnv(v: string): void {
    this.modprobeOptions = this.modprobeOptions === undefined ? v : `${this.modprobeOptions} ${v}`;
  }

  logPrintf(prio: number, msg: string): void {
    if (prio > this.logPriority) return;
    if (!this.useSyslog) this.io.err(`${this.program}: ${prioName(prio)}: ${msg}`);
    if (prio <= LOG.CRIT) throw new Exit(1);
  }

  log(msg: string): void { this.logPrintf(this.logLevel, msg); }

  error(msg: string): void { this.logPrintf(LOG.ERR, msg); }

  show(text: string): void { if (this.doShow || this.verbose > LOG.WARNING) this.io.out(text); }

  *run(origArgv: string[]): Generator<Action, number, number> {
    const { pctx, io } = this;
    const argv = this.modprobeOptions === undefined ? origArgv : [origArgv[0]!, ...splitModprobeOptions(this.modprobeOptions), ...origArgv.slice(1)];
    const operands: string[] = [];
    for (const item of getoptLong(argv, SHORTOPTS, LONGOPTS, operands)) {
      if (item.kind === 'error') { io.err(item.message); return 1; }
      switch (item.val) {
        case 'a': this.logLevel = LOG.WARNING; this.useAll = true; break;
        case 'r': this.doRemove = true; break;
        case '5': this.removeHolders = true; break;
        case 'w': {
          const value = strtoul(item.arg!);
          if (value === null) { this.error(`unexpected wait value '${item.arg}'.\n`); return 1; }
          this.waitMsec = value;
          break;
        }
        case '3': this.firstTime = true; break;
        case 'i': this.ignoreCommands = true; break;
        case 'b': this.useBlacklist = true; break;
        case 'f': this.force = true; break;
        case '2': this.stripModversion = true; break;
        case '1': this.stripVermagic = true; break;
        case 'D': this.ignoreLoaded = true; this.dryRun = true; this.doShow = true; break;
        case 'R': this.lookupOnly = true; break;
        case 'c': this.showConfig = true; break;
        case '4': this.showModversions = true; break;
        case 'n': this.dryRun = true; break;
        case 'C': this.configPaths.push(item.arg!); this.appendEnv('-C'); this.appendEnv(item.arg!); break;
        case 'd': this.root = item.arg!; break;
        case 'S': this.kversion = item.arg!; break;
        case 's': this.appendEnv('-s'); this.useSyslog = true; break;
        case 'q': this.appendEnv('-q'); this.verbose = LOG.EMERG; break;
        case 'v': this.appendEnv('-v'); this.verbose++; break;
        case 'V': io.out(VERSION); return 0;
        case 'h': io.out(help(this.program)); return 0;
      }
    }

    if (!this.showConfig && operands.length === 0) { this.error('missing parameters. See -h.\n'); return 1; }

    let dirname = `/lib/modules/${pctx.state().release}`;
    if (this.root !== null || this.kversion !== null) dirname = `${this.root ?? ''}/lib/modules/${this.kversion ?? pctx.state().release}`;

    const ctx = this.ctx = new KmodContext({
      fs: machineFs(pctx.state, pctx.cwd),
      dirname,
      configPaths: this.configPaths.length ? this.configPaths : null,
      log: (r) => io.err(defaultLogText(r)),
      cwd: pctx.cwd,
      comm: 'modprobe',
      system: processSystem(pctx, io, (): Record<string, string> => (this.modprobeOptions === undefined ? {} : { MODPROBE_OPTIONS: this.modprobeOptions })),
    });
    // log_setup_kmod_log()
    this.logPriority = this.verbose;
    ctx.setLog((r) => { if (!this.useSyslog) io.err(toolLogText(this.program, r)); }, this.verbose);

    let err = 0;
    if (this.showConfig) {
      io.out(configDump(ctx.config) + '\n# End of configuration files. Dumping indexes now:\n\n');
      io.out((ctx.dumpIndex('alias') ?? '') + (ctx.dumpIndex('symbol') ?? ''));
    } else if (this.showModversions) {
      const m = ctx.fromPath(operands[0]!);
      if (typeof m === 'number') { this.log(`Module ${operands[0]} not found.\n`); err = m; }
    } else if (this.doRemove || this.useAll) {
      for (const arg of operands) {
        const r = this.doRemove ? yield* this.rmmod(arg) : yield* this.insmod(arg, null);
        if (r < 0) err = r;
      }
    } else {
      err = yield* this.insmod(operands[0]!, optionsFromArray(operands.slice(1)));
    }
    return err >= 0 ? 0 : 1;
  }

  printAction(m: KmodModule, install: boolean, options: string): void {
    if (install) { this.io.out(`install ${this.ctx.installCommands(m)} ${options}\n`); return; }
    const path = this.ctx.path(m);
    if (path === null) {
      if (this.ctx.initstate(m) === 'builtin') this.io.out(`builtin ${m.name}\n`);
    } else this.io.out(`insmod ${path} ${options}\n`);
  }

  *insmodInsert(m: KmodModule, flags: ProbeFlags, extra: string | null): Generator<Action, number, number> {
    let err = 0;
    if (this.lookupOnly) this.io.out(`${m.name}\n`);
    else {
      const print = this.doShow || this.verbose > LOG.WARNING ? (x: KmodModule, install: boolean, options: string) => this.printAction(x, install, options) : undefined;
      err = yield* probeInsertModule(this.ctx, m, flags, extra, print);
    }
    if (err >= 0) return 0;
    if (err === -E.EEXIST) this.error(`could not insert '${m.name}': Module already in kernel\n`);
    else if (err === -E.ENOENT) this.error(`could not insert '${m.name}': Unknown symbol in module, or unknown parameter (see dmesg)\n`);
    else this.error(`could not insert '${m.name}': ${strerror(err)}\n`);
    return err;
  }

  *insmod(alias: string, extra: string | null): Generator<Action, number, number> {
    let list: KmodModule[];
    if (alias.startsWith('/') || alias.startsWith('./')) {
      const m = this.ctx.fromPath(alias);
      if (typeof m === 'number') { this.log(`Failed to get module from path ${alias}: ${strerror(m)}\n`); return -E.ENOENT; }
      list = [m];
    } else {
      const r = this.ctx.lookup(alias);
      if (r.list.length === 0 || r.err < 0) { this.log(`Module ${alias} not found in directory ${this.ctx.dirname}\n`); return -E.ENOENT; }
      list = r.list;
    }
    const flags: ProbeFlags = {
      forceModversion: this.stripModversion || this.force, forceVermagic: this.stripVermagic || this.force, ignoreCommand: this.ignoreCommands,
      ignoreLoaded: this.ignoreLoaded, dryRun: this.dryRun, applyBlacklistAliasOnly: true, applyBlacklist: this.useBlacklist, failOnLoaded: this.firstTime,
    };
    let err = 0;
    for (const m of list) err = yield* this.insmodInsert(m, flags, extra);
    return err;
  }

  /** modprobe.c's command_do(), used for remove commands. */
  *commandDo(m: KmodModule, type: string, command: string): Generator<Action, number, number> {
    const cmd = expandCmdlineOpts(command, null);
    this.show(`${type} ${cmd}\n`);
    if (this.dryRun) return 0;
    const status = this.ctx.system ? yield* this.ctx.system(cmd, { MODPROBE_MODULE: m.name }) : -1;
    if (status === 0) return 0;
    this.log(`Error running ${type} command for ${m.name}\n`);
    return status === -1 ? -1 : -status;
  }

  *rmmodDoRemoveModule(m: KmodModule): Generator<Action, number, number> {
    this.show(`rmmod ${m.name}\n`);
    if (this.dryRun) return 0;
    let err = yield* removeModule(this.ctx, m, this.force, this.waitMsec > 0);
    if (err === -E.EEXIST) {
      if (!this.firstTime) err = 0; else this.log(`Module ${m.name} is not in kernel.\n`);
    }
    // --wait: time does not pass while modprobe polls, so the refcount never drops.
    if (err < 0 && this.waitMsec) this.error(`could not remove '${m.name}': ${strerror(err)}\n`);
    return err;
  }

  *rmmodDoModlist(list: KmodModule[], stopOnErrors: boolean): Generator<Action, number, number> {
    for (const m of [...list].reverse()) {
      const r = yield* this.rmmodDoModule(m, RMMOD_IGNORE_BUILTIN);
      if (r < 0 && stopOnErrors) return r;
    }
    return 0;
  }

  *rmmodDoModule(mod: KmodModule, flags: number): Generator<Action, number, number> {
    const ctx = this.ctx;
    let pre: KmodModule[] = [];
    let post: KmodModule[] = [];
    let cmd: string | null = null;
    if (!this.ignoreCommands) {
      ({ pre, post } = ctx.softdeps(mod));
      cmd = ctx.removeCommands(mod);
    }
    if (cmd === null && !this.ignoreLoaded) {
      const state = ctx.initstate(mod);
      if (typeof state === 'number') {
        if (!this.firstTime) return 0;
        this.log(`Module ${mod.name} is not in kernel.\n`);
        return -E.ENOENT;
      }
      if (state === 'builtin') {
        if (flags & RMMOD_IGNORE_BUILTIN) return 0;
        this.log(`Module ${mod.name} is builtin.\n`);
        return -E.ENOENT;
      }
    }
    yield* this.rmmodDoModlist(post, false);
    if (flags & RMMOD_REMOVE_HOLDERS) {
      const err = yield* this.rmmodDoModlist(ctx.holders(mod), true);
      if (err < 0) return err;
    }
    if (cmd === null && !this.ignoreLoaded && !this.waitMsec && ctx.refcnt(mod) > 0) {
      this.log(`Module ${mod.name} is in use.\n`);
      return -E.EBUSY;
    }
    const err = cmd === null ? yield* this.rmmodDoRemoveModule(mod) : yield* this.commandDo(mod, 'remove', cmd);
    if (err < 0) return err;
    if (cmd === null) {
      for (const dep of ctx.dependencies(mod)) {
        if (ctx.refcnt(dep) === 0) yield* this.rmmodDoRemoveModule(dep);
      }
    }
    yield* this.rmmodDoModlist(pre, false);
    return err;
  }

  *rmmod(alias: string): Generator<Action, number, number> {
    const r = this.ctx.lookup(alias);
    if (r.err < 0) return r.err;
    let err = 0;
    if (r.list.length === 0) { this.log(`Module ${alias} not found.\n`); err = -E.ENOENT; }
    for (const m of r.list) {
      err = yield* this.rmmodDoModule(m, this.removeHolders ? RMMOD_REMOVE_HOLDERS : 0);
      if (err < 0) break;
    }
    return err;
  }
}

export const modprobe: CommandFn = function* (ctx, argv, io) {
  try {
    return yield* new Modprobe(ctx, io, argv[0]).run(argv);
  } catch (e) {
    if (e instanceof Exit) return e.code;
    throw e;
  }
};
