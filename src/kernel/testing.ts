// Test helpers for the kernel's own tests: a ModuleImage factory with sane defaults, and small
// drivers over reduce() (load, unload, step through, read dmesg). Pure like the rest of
// src/kernel; imported only by *.test.ts files.
import { allMods, getMod, modsOf } from './shards';
import { encodeModuleImage, type ModuleImage, type ParamSpec, type Statement } from './image';
import { reduce } from './reducer';
import { bootState, VERMAGIC, type BootOptions } from './state';
import type { Action, KernelState, StepTrace, Syscall } from './types';
import { logRecords } from './log';
import { moduleNames } from './modlist';

export { VERMAGIC };

/** init_module's steps in Linux 6.1 order; do_one_initcall repeats once per init statement. */
export const INIT_STEP_IDS = [
  'may_init_module', 'copy_module_from_user', 'check_modinfo', 'layout_and_allocate', 'move_module',
  'add_unformed_module', 'module_unload_init', 'simplify_symbols', 'complete_formation', 'parse_args',
  'mod_sysfs_setup', 'free_copy', 'do_one_initcall', 'do_init_module', 'return',
] as const;

/** delete_module's steps; exit repeats once per exit statement. */
export const DELETE_STEP_IDS = [
  'capable', 'strncpy_from_user', 'find_module', 'source_list', 'module_state', 'init_without_exit',
  'stop_machine', 'try_release_module_ref', 'try_stop_module', 'exit', 'module_unload_free',
  'list_del_rcu', 'module_memfree', 'return',
] as const;

export type ImageSpec = Partial<ModuleImage> & { name: string };

/** An out-of-tree, unsigned GPL module built for the running kernel; `spec` overrides any field. */
export function image(spec: ImageSpec): ModuleImage {
  return {
    license: 'GPL',
    alias: [],
    softdep: { pre: [], post: [] },
    vermagic: VERMAGIC,
    srcversion: '0123456789ABCDEF0123456',
    intree: false,
    signed: false,
    params: [],
    exports: [],
    imports: [],
    size: { core: 16384, init: 4096 },
    init: [{ op: 'return', value: 0 }],
    exit: [],
    ...spec,
  };
}

export function bytes(spec: ImageSpec | ModuleImage): string {
  return encodeModuleImage(image(spec));
}

/** Statement shorthands. */
export const st = {
  printk: (text: string, args: string[] = [], level = 6): Statement => ({ op: 'printk', level, text, args }),
  kmalloc: (as: string, size: number): Statement => ({ op: 'kmalloc', as, size, flags: 'GFP_KERNEL' }),
  kfree: (v: string): Statement => ({ op: 'kfree', var: v }),
  vmalloc: (as: string, size: number): Statement => ({ op: 'vmalloc', as, size }),
  vfree: (v: string): Statement => ({ op: 'vfree', var: v }),
  allocPages: (as: string, order: number): Statement => ({ op: 'alloc_pages', as, order }),
  freePages: (v: string): Statement => ({ op: 'free_pages', var: v }),
  cacheCreate: (as: string, name: string, objectSize: number): Statement => ({ op: 'kmem_cache_create', as, name, objectSize }),
  cacheAlloc: (as: string, cache: string): Statement => ({ op: 'kmem_cache_alloc', as, cache }),
  cacheFree: (cache: string, v: string): Statement => ({ op: 'kmem_cache_free', cache, var: v }),
  cacheDestroy: (cache: string): Statement => ({ op: 'kmem_cache_destroy', cache }),
  call: (symbol: string, result = 0, as?: string): Statement => (as ? { op: 'call', symbol, result, as } : { op: 'call', symbol, result }),
  requestModule: (name: string, as?: string): Statement => (as ? { op: 'request_module', name, as } : { op: 'request_module', name }),
  registerChrdev: (name: string, major = 0, as?: string): Statement => (as ? { op: 'register_chrdev', name, major, as } : { op: 'register_chrdev', name, major }),
  unregisterChrdev: (name: string): Statement => ({ op: 'unregister_chrdev', name }),
  ifError: (goto: string): Statement => ({ op: 'if_error', goto }),
  label: (name: string): Statement => ({ op: 'label', name }),
  ret: (value: number): Statement => ({ op: 'return', value }),
};

export function param(name: string, type: ParamSpec['type'], extra: Partial<ParamSpec> = {}): ParamSpec {
  return { name, type, perm: 0o644, ...extra };
}

export function boot(options: BootOptions = {}): KernelState {
  return bootState(options);
}

/** Applies actions in order. */
export function act(s: KernelState, ...actions: Action[]): KernelState {
  return actions.reduce(reduce, s);
}

/** insmod: init_module + run to the end (or until it blocks on modprobe). */
export function insmod(s: KernelState, spec: ImageSpec | ModuleImage, args = '', extra: { force?: boolean } = {}): KernelState {
  return act(s, { type: 'init_module', bytes: bytes(spec), args, ...extra }, { type: 'run' });
}

/** rmmod [-f]: delete_module + run. */
export function rmmod(s: KernelState, name: string, force = false): KernelState {
  return act(s, { type: 'delete_module', name, force }, { type: 'run' });
}

export function ret(s: KernelState): number | undefined {
  return s.ret?.value;
}

export function dmesg(s: KernelState): string[] {
  return logRecords(s.log).map((r) => r.text);
}

/** The log lines `after` printed since `before`. */
export function newLines(before: KernelState, after: KernelState): string[] {
  return logRecords(after.log).filter((r) => r.seq >= before.log.nextSeq).map((r) => r.text);
}

export function call(s: KernelState): Syscall {
  const c = s.inflight[s.inflight.length - 1];
  if (!c) throw new Error('no syscall in flight');
  return c;
}

export interface SteppedRun {
  /** The trace entries each `step` added, one array per step (the final one's from `ret.trace`). */
  steps: StepTrace[][];
  /** State after each step. */
  states: KernelState[];
  final: KernelState;
}

/** Steps the innermost syscall one step at a time until it finishes or blocks. */
export function stepAll(s: KernelState, limit = 10_000): SteppedRun {
  const steps: StepTrace[][] = [];
  const states: KernelState[] = [];
  let cur = s;
  const depth = s.inflight.length;
  for (let i = 0; i < limit; i++) {
    const c = cur.inflight[depth - 1];
    if (!c || c.blocked) break;
    const before = c.trace.length;
    cur = reduce(cur, { type: 'step' });
    states.push(cur);
    const after = cur.inflight[depth - 1];
    const trace = after && after.id === c.id ? after.trace : cur.ret?.id === c.id ? cur.ret.trace ?? [] : [];
    steps.push(trace.slice(before));
    if (!after || after.id !== c.id) break;
  }
  return { steps, states, final: cur };
}

/** Steps until the innermost syscall's trace gains an entry with id `id` (inclusive). */
export function stepUntil(s: KernelState, id: string, limit = 10_000): KernelState {
  let cur = s;
  for (let i = 0; i < limit; i++) {
    const c = call(cur);
    const before = c.trace.length;
    cur = reduce(cur, { type: 'step' });
    const after = cur.inflight.find((x) => x.id === c.id);
    if (!after) throw new Error(`syscall finished before step ${id}`);
    if (after.trace.slice(before).some((t) => t.id === id)) return cur;
  }
  throw new Error(`step ${id} never ran`);
}

/** Sum of a module's per-CPU counters. */
export function refsum(s: KernelState, name: string): number {
  const m = getMod(s, name);
  if (!m) throw new Error(`${name} not loaded`);
  return m.refs.reduce((a, b) => a + b, 0);
}

/** Module memory (core + init sections) held by loaded and in-flight modules. */
export function sectionBytes(s: KernelState): number {
  const mods = [...allMods(s), ...s.inflight.map((c) => c.staged).filter((m) => m !== null)];
  return mods.reduce((sum, m) => sum + (m.core.addr ? m.core.size : 0) + (m.init ? m.init.size : 0), 0);
}

export function allocatedBytes(s: KernelState): number {
  return Object.values(s.memory.allocations).reduce((sum, a) => sum + a.size, 0);
}

/**
 * What a failed load must leave as it found it: modules, refcounts, used-by lists, memory,
 * caches, devices, holders. Not the log, clock, counters, taint (sticky by design) or the bump
 * pointers of the allocators.
 */
export function kernelView(s: KernelState) {
  return {
    modules: moduleNames(s.modules),
    mods: modsOf(s),
    usedBytes: s.memory.usedBytes,
    allocations: s.memory.allocations,
    caches: s.caches,
    chrdevs: s.chrdevs,
    holders: s.holders,
    inflight: s.inflight,
    umh: s.umh,
    cpusStopped: s.cpusStopped,
    faults: s.faults,
  };
}
