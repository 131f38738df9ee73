// init_module(2) as a step machine. The steps run in Linux 6.1's order (kernel/module/main.c
// load_module() and do_init_module()); each carries the number(s) of the seed's 14-step
// description of sys_init_module, so a class sees where 6.1 moved a check (the "already loaded?"
// test, seed step 3, now runs after allocation, in add_unformed_module()).
import { E } from './errno';
import { decodeModuleImage, type ModuleImage } from './image';
import { addTaintModule, isTainted, printk, printkOnce } from './log';
import { freeSections, GPL_COMPATIBLE, MODULE_NAME_LEN, moduleMemfree, teardownAndUnloadFree, unlink, unloadFree } from './freeModule';
import { allocate, moduleAlloc, moduleFree, release } from './memory';
import { own, ownOr } from './cow';
import { getMod, ownMod, putMod, trieGet } from './shards';
import { withModule } from './modlist';
import { indexExports, prepended } from './symbols';
import { defaultValue, nextArgs, paramSet, paramSetArray, parameq, storedValue } from './params';
import { modulePut, moduleGet, newRefs, refcount, tryModuleGet } from './refcount';
import { runStatement } from './statements';
import { moduleOf, ownModuleOf, type StepDef, type SyscallTable, type UnwindDef } from './syscall';
import { printTainted } from './taint';
import type { InitModuleCall, KernelState, KModule } from './types';


type Step = StepDef<InitModuleCall>;

function image(c: InitModuleCall): ModuleImage {
  return decodeModuleImage(c.bytes)!;
}

/** The module being loaded, made the action's own to be changed (cow.ts). */
function mod(s: KernelState, c: InitModuleCall): KModule {
  return ownModuleOf(s, c)!;
}

const STEPS: Step[] = [
  {
    id: 'may_init_module', fn: 'may_init_module()', seed: [1],
    run(s) {
      return s.cred.uid !== 0 || s.modulesDisabled ? -E.EPERM : 0;
    },
  },
  {
    // 6.1: copy_module_from_user() (or kernel_read_file() for finit_module), then
    // module_sig_check(), elf_validity_check() and setup_load_info() read the image.
    id: 'copy_module_from_user', fn: 'copy_module_from_user()', seed: [2], unwind: ['free_copy'],
    run(s, c) {
      const copy = allocate(s, { kind: 'vmalloc', requested: Math.max(c.bytes.length, 1), owner: '', by: 'init' });
      if (!copy) return -E.ENOMEM;
      c.copy = copy.id;
      if (c.bytes.length < 64) {
        printk(s, 3, `Invalid ELF header len ${c.bytes.length}`);
        return -E.ENOEXEC;
      }
      const img = decodeModuleImage(c.bytes);
      if (!img) {
        if (!c.bytes.startsWith('\u007fELF')) printk(s, 3, 'Invalid ELF header magic: != \u007fELF');
        return -E.ENOEXEC;
      }
      c.name = img.name.slice(0, MODULE_NAME_LEN - 1);
      c.note = `${c.bytes.length} bytes copied; module name "${c.name}"`;
      return 0;
    },
  },
  {
    // check_modstruct_version() and check_modinfo(): vermagic, then the taints of the .modinfo.
    id: 'check_modinfo', fn: 'check_modinfo()', seed: [], unwind: ['free_copy'],
    run(s, c) {
      const img = image(c);
      const m = newModule(s, c, img);
      c.staged = m;
      const hasCrcs = /(^| )modversions( |$)/.test(img.vermagic) && !c.force;
      // With modversions the kernel first compares the CRC of module_layout: a module built for
      // another release fails here; only the part after the release is compared as vermagic.
      if (!hasCrcs) forceLoad(s, m, 'module_layout');
      else if (releaseOf(img.vermagic) !== releaseOf(s.vermagic)) {
        printk(s, 4, `${m.name}: disagrees about version of symbol module_layout`);
        return -E.ENOEXEC;
      }
      if (c.force) forceLoad(s, m, 'bad vermagic');
      else if (!sameMagic(img.vermagic, s.vermagic, hasCrcs)) {
        printk(s, 3, `${m.name}: version magic '${img.vermagic}' should be '${s.vermagic}'`);
        return -E.ENOEXEC;
      }
      if (!img.intree) {
        if (!isTainted(s, 'OOT_MODULE')) printk(s, 4, `${m.name}: loading out-of-tree module taints kernel.`);
        addTaintModule(s, m, 'OOT_MODULE', false);
      }
      if (img.staging) {
        addTaintModule(s, m, 'CRAP', false);
        printk(s, 4, `${m.name}: module is from the staging directory, the quality is unknown, you have been warned.`);
      }
      const license = img.license ?? 'unspecified';
      if (!GPL_COMPATIBLE.includes(license)) {
        if (!isTainted(s, 'PROPRIETARY_MODULE')) printk(s, 4, `${m.name}: module license '${license}' taints kernel.`);
        addTaintModule(s, m, 'PROPRIETARY_MODULE', true);
      }
      c.note = `vermagic ok; license "${license}"${m.taints ? `; taints ${m.taints}` : ''}`;
      return 0;
    },
  },
  {
    id: 'layout_and_allocate', fn: 'layout_and_allocate()', seed: [4], unwind: ['free_copy'],
    run(s, c) {
      const m = mod(s, c);
      const core = moduleAlloc(s, m.image.size.core);
      if (core === null) return -E.ENOMEM;
      own(m, 'core').addr = core;
      if (m.image.size.init > 0) {
        const init = moduleAlloc(s, m.image.size.init);
        if (init === null) { moduleFree(s, m.image.size.core); own(m, 'core').addr = ''; return -E.ENOMEM; }
        m.init = { size: m.image.size.init, addr: init };
      }
      c.note = `core ${m.core.size} bytes, init ${m.image.size.init} bytes`;
      return 0;
    },
  },
  {
    id: 'move_module', fn: 'move_module()', seed: [5], unwind: ['free_module', 'free_copy'],
    run(s, c) {
      const m = moduleOf(s, c)!;
      c.note = `module_core = 0x${m.core.addr}${m.init ? `, module_init = 0x${m.init.addr}` : ''}`;
      return 0;
    },
  },
  {
    id: 'add_unformed_module', fn: 'add_unformed_module()', seed: [3, 10], unwind: ['free_module', 'free_copy'],
    run(s, c) {
      const m = mod(s, c);
      const old = getMod(s, m.name);
      if (old) {
        // A twin still loading makes 6.1 wait; it then fails with -EBUSY unless that one is live.
        c.note = old.state === 'LIVE' ? `${m.name} is already loaded` : `${m.name} is still ${old.state}`;
        return old.state === 'LIVE' ? -E.EEXIST : -E.EBUSY;
      }
      m.state = 'UNFORMED';
      putMod(s, m);
      s.modules = withModule(s.modules, m.name);
      c.staged = null;
      if (!m.image.signed) {
        printkOnce(s, 'sig', 5, `${m.name}: module verification failed: signature and/or required key missing - tainting kernel`);
        addTaintModule(s, m, 'UNSIGNED_MODULE', false);
      }
      c.note = 'linked into the modules list as UNFORMED';
      return 0;
    },
  },
  {
    id: 'module_unload_init', fn: 'module_unload_init()', seed: [6], unwind: ['unlink_mod', 'free_module', 'free_copy'],
    run(s, c) {
      const m = mod(s, c);
      m.refs = newRefs(s);
      moduleGet(s, m);
      m.usedBy = [];
      m.uses = [];
      c.note = s.refcountModel === 'atomic' ? 'refcnt = 1 (MODULE_REF_BASE + 1 inside)' : `ref[cpu${s.cpu}] = 1, the other CPUs 0`;
      return 0;
    },
  },
  {
    id: 'simplify_symbols', fn: 'simplify_symbols()', seed: [7], unwind: ['free_unload', 'unlink_mod', 'free_module', 'free_copy'],
    run(s, c) {
      return simplifySymbols(s, c, mod(s, c));
    },
  },
  {
    id: 'complete_formation', fn: 'complete_formation()', seed: [11], unwind: ['free_unload', 'unlink_mod', 'free_module', 'free_copy'],
    run(s, c) {
      const m = mod(s, c);
      const find = symbolFinder(s);
      for (const exp of m.image.exports) {
        const owner = find(exp.symbol, true, m.name);
        if (owner) {
          printk(s, 3, `${m.name}: exports duplicate symbol ${exp.symbol} (owned by ${owner.owner ?? 'kernel'})`);
          return -E.ENOEXEC;
        }
      }
      m.state = 'COMING';
      indexExports(s, m);
      c.note = 'state UNFORMED → COMING';
      return 0;
    },
  },
  {
    id: 'parse_args', fn: 'parse_args()', seed: [8], unwind: ['coming_cleanup', 'free_unload', 'unlink_mod', 'free_module', 'free_copy'],
    run(s, c) {
      return parseArgs(s, c, mod(s, c));
    },
  },
  {
    id: 'mod_sysfs_setup', fn: 'mod_sysfs_setup()', seed: [], unwind: ['coming_cleanup', 'free_unload', 'unlink_mod', 'free_module', 'free_copy'],
    run(s, c) {
      mod(s, c).sysfs = true;
      c.note = `/sys/module/${c.name} created`;
      return 0;
    },
  },
  {
    id: 'free_copy', fn: 'free_copy()', seed: [9], unwind: ['coming_cleanup', 'free_unload', 'unlink_mod', 'free_module', 'free_copy'],
    run(s, c) {
      freeCopy(s, c);
      return 0;
    },
  },
  {
    id: 'do_one_initcall', fn: 'do_one_initcall(mod->init)', seed: [12],
    unwind: ['do_init_module_fail', 'module_unload_free', 'list_del_rcu', 'module_memfree'],
    run(s, c) {
      const m = mod(s, c);
      if (m.image.init === null) { c.note = 'no init function'; return 0; }
      const outcome = runStatement(s, c, m, 'init');
      if (outcome === 'again' || outcome === 'block') return outcome;
      c.pc = 0;
      if (outcome.ret < 0) { c.note = `${m.name}_init returned ${outcome.ret}`; return outcome.ret; }
      if (outcome.ret > 0) suspiciousReturn(s, c, m, outcome.ret);
      c.note = `${m.name}_init returned ${outcome.ret}`;
      return 0;
    },
  },
  {
    id: 'do_init_module', fn: 'do_init_module()', seed: [13],
    unwind: ['do_init_module_fail', 'module_unload_free', 'list_del_rcu', 'module_memfree'],
    run(s, c) {
      const m = mod(s, c);
      m.state = 'LIVE';
      modulePut(s, m);
      if (m.init) moduleFree(s, m.init.size);
      m.init = null;
      c.note = `state COMING → LIVE; initial reference dropped (refcount ${refcount(m)}); init section freed`;
      return 0;
    },
  },
  {
    // Only an injected fault fails here; the initial reference is already dropped, so no put.
    id: 'return', fn: 'return 0', seed: [14], unwind: ['module_unload_free', 'list_del_rcu', 'module_memfree'],
    run(_s, c) {
      c.err = 0;
      return 0;
    },
  },
];

const UNWINDS: Record<string, UnwindDef<InitModuleCall>> = {
  free_copy: { id: 'free_copy', fn: 'free_copy:', run: (s, c) => freeCopy(s, c) },
  free_module: {
    id: 'free_module', fn: 'free_module: module_deallocate()',
    run(s, c) {
      const m = ownModuleOf(s, c);
      if (m) freeSections(s, m);
      c.staged = null;
      c.note = 'core and init sections freed';
    },
  },
  unlink_mod: { id: 'unlink_mod', fn: 'unlink_mod: list_del_rcu()', run: unlink },
  free_unload: { id: 'free_unload', fn: 'free_unload: module_unload_free()', run: unloadFree },
  coming_cleanup: {
    id: 'coming_cleanup', fn: 'coming_cleanup:',
    run(s, c) {
      const m = mod(s, c);
      m.state = 'GOING';
      m.sysfs = false;
      c.note = 'state → GOING';
    },
  },
  do_init_module_fail: {
    id: 'do_init_module_fail', fn: 'do_init_module: fail:',
    run(s, c) {
      const m = mod(s, c);
      m.state = 'GOING';
      modulePut(s, m);
      c.note = 'state → GOING; initial reference dropped; exit is not called';
    },
  },
  module_unload_free: { id: 'module_unload_free', fn: 'free_module: module_unload_free()', run: teardownAndUnloadFree },
  list_del_rcu: { id: 'list_del_rcu', fn: 'free_module: list_del_rcu()', run: unlink },
  module_memfree: { id: 'module_memfree', fn: 'free_module: module_memfree()', run: moduleMemfree },
};

export const INIT_MODULE: SyscallTable<InitModuleCall> = { steps: STEPS, unwinds: UNWINDS };

export function newModule(s: KernelState, c: InitModuleCall, img: ModuleImage): KModule {
  return {
    name: c.name ?? img.name,
    state: 'UNFORMED',
    image: img,
    args: c.args,
    refs: newRefs(s),
    usedBy: [],
    uses: [],
    resolvedFrom: {},
    core: { size: img.size.core, addr: '' },
    init: null,
    params: Object.fromEntries(img.params.map((p) => [p.name, defaultValue(p)])),
    taints: '',
    vars: {},
    sysfs: false,
  };
}

function releaseOf(vermagic: string): string {
  const space = vermagic.indexOf(' ');
  return space < 0 ? vermagic : vermagic.slice(0, space);
}

/** same_magic(): with CRCs only the part after the release (the first space) counts. */
function sameMagic(a: string, b: string, hasCrcs: boolean): boolean {
  const afterRelease = (v: string) => v.slice(releaseOf(v).length);
  return hasCrcs ? afterRelease(a) === afterRelease(b) : a === b;
}

/** try_to_force_load() (CONFIG_MODULE_FORCE_LOAD=y on Debian). */
function forceLoad(s: KernelState, m: KModule, reason: string): void {
  if (!isTainted(s, 'FORCED_MODULE')) printk(s, 4, `${m.name}: ${reason}: kernel tainted.`);
  addTaintModule(s, m, 'FORCED_MODULE', true);
}

export interface FoundSymbol { owner: string | null; gpl: boolean; module?: KModule }

/** Each image's exports as symbol → GPL-only, made once per (frozen, shared) image. */
const EXPORTS = new WeakMap<ModuleImage, Map<string, boolean>>();

function exportsOf(image: ModuleImage): Map<string, boolean> {
  let map = EXPORTS.get(image);
  if (!map) {
    map = new Map();
    for (const e of image.exports) if (!map.has(e.symbol)) map.set(e.symbol, e.gpl);
    EXPORTS.set(image, map);
  }
  return map;
}

/** find_symbol(): vmlinux first, then every formed module. GPL-only exports are invisible when
 * !gplok. `except` skips one module (itself). */
export function findSymbol(s: KernelState, name: string, gplok: boolean, except?: string): FoundSymbol | null {
  return symbolFinder(s)(name, gplok, except);
}

/** What find_symbol() returns for vmlinux's symbols: the same two answers every time. */
const IN_KERNEL = { plain: Object.freeze({ owner: null, gpl: false }), gpl: Object.freeze({ owner: null, gpl: true }) };

/** vmlinux's table as a Map, made once per table: looking a name up in a plain object of 10,000
 * keys makes V8 find the name's internalized copy first, every time (the imports come from
 * JSON.parse, not internalized); a Map hashes each string once. */
const KERNEL_TABLES = new WeakMap<object, Map<string, boolean>>();

function kernelTable(exports: Record<string, boolean>): Map<string, boolean> {
  let table = KERNEL_TABLES.get(exports);
  if (!table) KERNEL_TABLES.set(exports, (table = new Map(Object.entries(exports))));
  return table;
}

/** find_symbol() for the many lookups of one step: each exporting module is looked up once (its
 * state and exports do not change meanwhile; only the loading module does, never its own exporter). */
function symbolFinder(s: KernelState): (name: string, gplok: boolean, except?: string) => FoundSymbol | null {
  const kernel = kernelTable(s.vmlinux.exports);
  const index = s.symbolIndex;
  const owners = new Map<string, KModule | undefined>();
  return (name, gplok, except) => {
    const core = kernel.get(name);
    if (core !== undefined && (gplok || !core)) return core ? IN_KERNEL.gpl : IN_KERNEL.plain;
    const owner = trieGet(index, name);
    if (owner === undefined || owner === except) return null;
    let m = owners.get(owner);
    if (m === undefined && !owners.has(owner)) owners.set(owner, m = getMod(s, owner));
    if (!m || m.state === 'UNFORMED') return null;
    const gpl = exportsOf(m.image).get(name);
    return gpl !== undefined && (gplok || !gpl) ? { owner: m.name, gpl, module: m } : null;
  };
}

function simplifySymbols(s: KernelState, c: InitModuleCall, m: KModule): number {
  let ret = 0;
  let usingGplOnly = false;
  let resolved = 0;
  const find = symbolFinder(s);
  const name = m.name;
  // The module's own taints change only when it inherits P below.
  let proprietary = m.taints.includes('P');
  for (const sym of m.image.imports) {
    const found = find(sym, !proprietary, name);
    let err = found ? 0 : -E.ENOENT;
    const owner = found?.module;
    if (found?.gpl) usingGplOnly = true;
    if (owner && owner.taints.includes('P')) {
      // inherit_taint()
      if (usingGplOnly) {
        printk(s, 3, `${name}: module using GPL-only symbols uses symbols ${sym} from proprietary module ${owner.name}.`);
        err = -E.ENOENT;
      } else if (!proprietary) {
        printk(s, 4, `${name}: module uses symbols ${sym} from proprietary module ${owner.name}, inheriting taint.`);
        m.taints = ('P' + m.taints);
        proprietary = true;
      }
    }
    if (err === 0 && owner) err = refModule(s, m, owner.name);
    if (err === 0) {
      resolved++;
      if (owner) ownOr(own(m, 'resolvedFrom'), owner.name, () => []).push(sym);
      continue;
    }
    printk(s, 4, `${name}: Unknown symbol ${sym} (err ${err})`);
    ret = err;
  }
  c.note = ret === 0
    ? `${resolved} symbol${resolved === 1 ? '' : 's'} resolved${m.uses.length ? `; uses ${m.uses.join(', ')}` : ''}`
    : `unresolved symbols: returns ${ret}`;
  return ret;
}

/** ref_module(): take a reference on the module that provides a symbol and record the use. */
function refModule(s: KernelState, a: KModule, name: string): number {
  if (a.uses.includes(name)) return 0;
  const b = ownMod(s, name);
  if (!b) return 0;
  // strong_try_module_get(): a module still coming up cannot be used yet.
  if (b.state === 'COMING') return -E.EBUSY;
  if (!tryModuleGet(s, b)) return -E.ENOENT;
  // A new list rather than unshift(), which moves every element of a long list one by one.
  b.usedBy = prepended(b.usedBy, a.name);
  own(a, 'uses').unshift(b.name);
  return 0;
}

/** parse_args(): every argument is tried, each bad one gets its own line, the last error wins. */
function parseArgs(s: KernelState, c: InitModuleCall, m: KModule): number {
  const args = nextArgs(c.args);
  const dashes = args.findIndex((a) => a.param === '--' && a.val === null);
  const used = dashes < 0 ? args : args.slice(0, dashes);
  let err = 0;
  for (const { param, val } of used) {
    const spec = m.image.params.find((p) => parameq(param, p.name));
    if (!spec) {
      // 6.1 unknown_module_param_cb(); 2.6 refused with "Unknown parameter `P'" and -ENOENT.
      if (param !== 'dyndbg' && param !== 'async_probe') printk(s, 4, `${m.name}: unknown parameter '${param}' ignored`);
      continue;
    }
    const result = spec.array !== undefined ? paramSetArray(spec, val) : paramSet(spec, val);
    for (const message of result.messages) printk(s, 3, message);
    if (result.err === 0) {
      own(m, 'params')[spec.name] = storedValue(result);
      continue;
    }
    // param_array() cut the string at each comma, so only the first element is shown.
    const shown = spec.array !== undefined && val !== null ? val.split(',')[0]! : val ?? '';
    const what = result.err === -E.ENOSPC ? 'too large' : 'invalid';
    printk(s, 3, `${m.name}: \`${shown}' ${what} for parameter \`${param}'`);
    err = result.err;
  }
  if (err !== 0) return err;
  if (dashes >= 0) {
    const rest = c.args.slice(c.args.indexOf('--') + 2).trim();
    printk(s, 4, `${m.name}: parameters '${rest}' after \`--' ignored`);
  }
  c.note = used.length ? `${used.length} argument${used.length === 1 ? '' : 's'} parsed` : 'no arguments';
  return 0;
}

function suspiciousReturn(s: KernelState, c: InitModuleCall, m: KModule, ret: number): void {
  printk(s, 4, `do_init_module: '${m.name}'->init suspiciously returned ${ret}, it should follow 0/-E convention\ndo_init_module: loading module anyway...`);
  // dump_stack()
  printk(s, 4, [
    `CPU: ${s.cpu} PID: ${c.pid} Comm: ${c.comm} ${printTainted(s)} ${s.release} #1  Debian 6.1.192-2`,
    'Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014',
    'Call Trace:', ' <TASK>', ' dump_stack_lvl+0x44/0x5c', ' do_init_module.cold+0x21/0x2c',
    ' __do_sys_finit_module+0xac/0x120', ' do_syscall_64+0x55/0xb0',
    ' entry_SYSCALL_64_after_hwframe+0x6e/0xd8', ' </TASK>',
  ].join('\n'));
}

function freeCopy(s: KernelState, c: InitModuleCall): void {
  if (c.copy !== null) release(s, c.copy);
  c.copy = null;
  c.note = 'temporary copy of the image freed';
}
