// A libkmod context (kmod_new) and its module objects, as kmod 30's libkmod.c and
// libkmod-module.c build them. Modules are pooled by "hashkey": a module found through an alias
// is a different object ("name\alias") from the same module found by name, so it has its own
// visited/ignorecmd flags in a probe, and its own options (`options ALIAS ...` apply to it).
import { strerror } from '../../kernel/errno';
import type { Action } from '../../kernel/types';
import { loadConfig, type KmodConfig, type Softdep } from './config';
import { FirstMatch, fnmatch } from './fnmatch';
import { aliasNormalize, modnameNormalize, pathToModname, type FsView } from './fs';
import { ModuleIndexes } from './indexes';
import { LOG, MODULE_C, type LogFn, type LogRecord } from './log';

export interface KmodModule {
  readonly name: string;
  /** Set when the module was created from an alias (config, modules.alias, symbol, builtin alias). */
  readonly alias: string | null;
  path: string | null;
  depInit: boolean;
  deps: KmodModule[];
  /** undefined: not looked up yet. */
  install: string | null | undefined;
  remove: string | null | undefined;
  builtin: boolean | undefined;
  visited: boolean;
  ignorecmd: boolean;
  required: boolean;
}

export type InitState = 'builtin' | 'live' | 'coming' | 'going';

/** system(3) for install/remove commands: runs a shell command line with extra environment and
 * returns its exit status (0..255), or -1 when no shell could run it. */
export type SystemFn = (command: string, env: Record<string, string>) => Generator<Action, number, number>;

export interface ContextOptions {
  fs: FsView;
  /** kmod_new()'s dirname: ROOT/lib/modules/RELEASE exactly as the tool built it. */
  dirname: string;
  /** -C paths, or null for kmod's default configuration directories. */
  configPaths: string[] | null;
  /** The logger during kmod_new() (libkmod's default one, at LOG_ERR). */
  log: LogFn;
  cwd?: string;
  system?: SystemFn;
  /** The process name the kernel records (init_module/delete_module's comm). */
  comm?: string;
}

export interface Lookup { err: number; list: KmodModule[] }

interface Rules {
  install: FirstMatch<KmodConfig['installCommands'][number]>;
  remove: FirstMatch<KmodConfig['removeCommands'][number]>;
  softdep: FirstMatch<Softdep>;
}

/** Rules by configuration object: loadConfig() hands out the same object while the files are
 * the same, and nothing changes a configuration once made. */
const rulesOf = new WeakMap<KmodConfig, Rules>();

/** __LINE__ of libkmod-module.c messages in Debian's kmod 30 build. 856 was observed; the others
 * are counted from the v30 source layout and may be off by a few lines. */
const LINE = { newFromPath: 341, parseDepline: 194, initstate: 1768, holders: 1998, softdep: 1528 };

export class KmodContext {
  readonly fs: FsView;
  readonly dirname: string;
  readonly config: KmodConfig;
  readonly indexes: ModuleIndexes;
  readonly cwd: string;
  readonly comm: string;
  readonly system: SystemFn | undefined;
  private logFn: LogFn;
  private logPriority: number = LOG.ERR;
  private readonly pool = new Map<string, KmodModule>();

  constructor(o: ContextOptions) {
    this.fs = o.fs;
    this.cwd = o.cwd ?? '/';
    this.dirname = o.dirname.startsWith('/') ? o.dirname : `${this.cwd}/${o.dirname}`;
    this.logFn = o.log;
    this.comm = o.comm ?? 'modprobe';
    this.system = o.system;
    this.indexes = new ModuleIndexes(o.fs, this.dirname);
    this.config = loadConfig(o.fs, this.dirname, o.configPaths, (r) => this.emit(r));
  }

  /** kmod_set_log_fn() + kmod_set_log_priority(). */
  setLog(fn: LogFn, priority: number): void {
    this.logFn = fn;
    this.logPriority = priority;
  }

  emit(r: LogRecord): void {
    if (r.priority <= this.logPriority) this.logFn(r);
  }

  err(line: number, fn: string, message: string): void {
    this.emit({ priority: LOG.ERR, file: MODULE_C, line, fn, message });
  }

  private create(name: string, alias: string | null): KmodModule {
    const key = alias === null ? name : `${name}\\${alias}`;
    let m = this.pool.get(key);
    if (!m) {
      m = { name, alias, path: null, depInit: false, deps: [], install: undefined, remove: undefined, builtin: undefined, visited: false, ignorecmd: false, required: false };
      this.pool.set(key, m);
    }
    return m;
  }

  /** kmod_module_new_from_name(). */
  fromName(name: string): KmodModule {
    return this.create(modnameNormalize(name), null);
  }

  /** kmod_module_new_from_alias(). */
  fromAlias(alias: string, name: string): KmodModule {
    return this.create(name, alias);
  }

  /** kmod_module_new_from_path(): the file must exist; its name comes from the file name. */
  fromPath(path: string): KmodModule | number {
    const abspath = path.startsWith('/') ? path : `${this.cwd}/${path}`;
    const data = this.fs.read(abspath);
    if (typeof data === 'number' && !Array.isArray(this.fs.list(abspath))) return data;
    const m = this.create(pathToModname(path), null);
    if (m.path === null) m.path = abspath;
    else if (m.path !== abspath) {
      this.err(LINE.newFromPath, 'kmod_module_new_from_path', `kmod_module '${m.name}' already exists with different path: new-path='${abspath}' old-path='${m.path}'\n`);
      return -17;
    }
    return m;
  }

  /** Every module object created so far (kmod_set_modules_visited/required walk the pool). */
  modules(): Iterable<KmodModule> {
    return this.pool.values();
  }

  /** kmod_module_parse_depline(). */
  private parseDepline(m: KmodModule, line: string): void {
    if (m.depInit) return;
    m.depInit = true;
    const colon = line.indexOf(':');
    if (m.path === null) m.path = this.inDirname(line.slice(0, colon));
    const deps: KmodModule[] = [];
    for (const p of line.slice(colon + 1).split(/[ \t]+/).filter(Boolean)) {
      const dep = this.fromPath(this.inDirname(p));
      if (typeof dep === 'number') {
        // The real message shows the context's address.
        this.err(LINE.parseDepline, 'kmod_module_parse_depline', `ctx=0x5581b2f6a2a0 path=${this.inDirname(p)} error=${strerror(dep)}\n`);
        m.depInit = false;
        return;
      }
      deps.unshift(dep);
    }
    m.deps = deps;
  }

  /** A modules.dep path: relative ones are under the module directory. */
  private inDirname(path: string): string {
    return path.startsWith('/') ? path : `${this.dirname}/${path}`;
  }

  /** kmod_module_get_dependencies(): every module of the modules.dep line, in load order. */
  dependencies(m: KmodModule): KmodModule[] {
    if (!m.depInit) {
      const line = this.indexes.moddep(m.name);
      if (line !== null) this.parseDepline(m, line);
    }
    return m.depInit ? m.deps : [];
  }

  /** kmod_module_get_path(). */
  path(m: KmodModule): string | null {
    if (m.path !== null || m.depInit) return m.path;
    this.dependencies(m);
    return m.path;
  }

  isBuiltin(m: KmodModule): boolean {
    if (m.builtin === undefined) m.builtin = this.indexes.isBuiltin(m.name);
    return m.builtin;
  }

  /** kmod_module_get_initstate(): from /sys/module/NAME (a directory without initstate is builtin). */
  initstate(m: KmodModule): InitState | number {
    if (this.isBuiltin(m)) return 'builtin';
    const text = this.fs.read(`/sys/module/${m.name}/initstate`);
    if (typeof text === 'number') return Array.isArray(this.fs.list(`/sys/module/${m.name}`)) ? 'builtin' : text;
    const state = text.replace(/\n$/, '');
    if (state === 'live' || state === 'coming' || state === 'going') return state;
    this.err(LINE.initstate, 'kmod_module_get_initstate', `unknown /sys/module/${m.name}/initstate: '${text}'\n`);
    return -22;
  }

  /** kmod_module_get_refcnt(). */
  refcnt(m: KmodModule): number {
    const text = this.fs.read(`/sys/module/${m.name}/refcnt`);
    return typeof text === 'number' ? text : parseInt(text, 10);
  }

  /** kmod_module_get_holders(). */
  holders(m: KmodModule): KmodModule[] {
    const dir = `/sys/module/${m.name}/holders`;
    const names = this.fs.list(dir);
    if (typeof names === 'number') {
      this.err(LINE.holders, 'kmod_module_get_holders', `could not open '${dir}': ${strerror(names)}\n`);
      return [];
    }
    return names.map((n) => this.fromName(n));
  }

  /** kmod_module_get_options(): every `options` line for the name or the alias, in config order. */
  options(m: KmodModule): string | null {
    const opts = this.config.options
      .filter((o) => o.modname === m.name || (m.alias !== null && o.modname === m.alias))
      .map((o) => o.options).filter((o) => o.length > 0);
    return opts.length ? opts.join(' ') : null;
  }

  /** The configuration's install, remove and softdep rules, by pattern. */
  private rules(): Rules {
    let rules = rulesOf.get(this.config);
    if (rules === undefined) {
      rules = {
        install: new FirstMatch(this.config.installCommands, (c) => c.modname),
        remove: new FirstMatch(this.config.removeCommands, (c) => c.modname),
        softdep: new FirstMatch(this.config.softdeps, (s) => s.name),
      };
      rulesOf.set(this.config, rules);
    }
    return rules;
  }

  /** kmod_module_get_install_commands(): the first `install` whose pattern matches the name. */
  installCommands(m: KmodModule): string | null {
    if (m.install === undefined) m.install = this.rules().install.find(m.name)?.command ?? null;
    return m.install;
  }

  removeCommands(m: KmodModule): string | null {
    if (m.remove === undefined) m.remove = this.rules().remove.find(m.name)?.command ?? null;
    return m.remove;
  }

  isBlacklisted(m: KmodModule): boolean {
    return this.config.blacklists.includes(m.name);
  }

  /** kmod_module_get_softdeps(): the first softdep whose pattern matches, each name looked up. */
  softdeps(m: KmodModule): { pre: KmodModule[]; post: KmodModule[] } {
    const rule = this.rules().softdep.find(m.name);
    if (!rule) return { pre: [], post: [] };
    return { pre: this.lookupSoftdeps(rule.pre), post: this.lookupSoftdeps(rule.post) };
  }

  private lookupSoftdeps(names: string[]): KmodModule[] {
    return names.flatMap((n) => {
      const r = this.lookup(n);
      if (r.err < 0) this.err(LINE.softdep, 'lookup_softdep', `failed to lookup soft dependency '${n}', continuing anyway.\n`);
      return r.list;
    });
  }

  /** kmod_module_new_from_lookup(): the first source that yields anything wins. */
  lookup(given: string): Lookup {
    const name = aliasNormalize(given);
    if (name === null) return { err: -22, list: [] };
    for (const step of KmodContext.LOOKUP_STEPS) {
      const r = step(this, name);
      if (r.err < 0) return { err: r.err, list: [] };
      if (r.list.length) return r;
    }
    return { err: 0, list: [] };
  }

  /** The sources, in kmod's order. */
  private static readonly LOOKUP_STEPS: Array<(c: KmodContext, name: string) => Lookup> = [
    (c, name) => ({ err: 0, list: c.config.aliases.filter((a) => fnmatch(a.name, name)).map((a) => c.fromAlias(a.name, a.modname)) }),
    (c, name) => c.fromModdep(name),
    (c, name) => (name.startsWith('symbol:') ? c.fromAliasIndex(c.indexes.symbols(), name) : { err: 0, list: [] }),
    (c, name) => c.fromCommands(name),
    (c, name) => c.fromAliasIndex(c.indexes.aliases(), name),
    (c, name) => (!name.includes(':') && c.indexes.isBuiltin(name) ? { err: 0, list: [c.markBuiltin(c.fromName(name))] } : { err: 0, list: [] }),
    (c, name) => {
      // Real depmod always writes modules.builtin.alias.bin; ours writes no modules.builtin.alias,
      // so a missing one counts as empty rather than as kmod's -ENOSYS for a missing index.
      const index = c.indexes.builtinAliases();
      return index === null ? { err: 0, list: [] } : { err: 0, list: index.search(name).map((v) => c.markBuiltin(c.fromAlias(name, v))) };
    },
  ];

  private markBuiltin(m: KmodModule): KmodModule {
    m.builtin = true;
    return m;
  }

  private fromModdep(name: string): Lookup {
    if (name.includes(':')) return { err: 0, list: [] };
    const line = this.indexes.moddep(name);
    if (line === null) return { err: 0, list: [] };
    const m = this.fromName(name);
    this.parseDepline(m, line);
    return { err: 0, list: [m] };
  }

  /** kmod_lookup_alias_from_alias_bin(): a missing index is -ENOSYS, which ends the lookup. */
  private fromAliasIndex(index: ReturnType<ModuleIndexes['aliases']>, name: string): Lookup {
    if (index === null) return { err: -38, list: [] };
    return { err: 0, list: index.search(name).map((value) => this.fromAlias(name, value)) };
  }

  /** kmod_lookup_alias_from_commands(): an exact `install NAME` (else `remove NAME`) line. */
  private fromCommands(name: string): Lookup {
    for (const [list, kind] of [[this.config.installCommands, 'install'], [this.config.removeCommands, 'remove']] as const) {
      const c = list.find((x) => x.modname === name);
      if (!c) continue;
      const m = this.fromName(c.modname);
      if (kind === 'install') m.install = c.command; else m.remove = c.command;
      return { err: 0, list: [m] };
    }
    return { err: 0, list: [] };
  }

  /** kmod_dump_index() of modules.alias or modules.symbols; null when the index is missing. */
  dumpIndex(which: 'alias' | 'symbol'): string | null {
    const index = which === 'alias' ? this.indexes.aliases() : this.indexes.symbols();
    return index === null ? null : index.dump('alias ');
  }
}
