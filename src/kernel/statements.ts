// Runs a module's init or exit function one statement per step. Allocation statements follow the
// kernel's conventions: kmalloc/vmalloc/alloc_pages/kmem_cache_* return NULL on failure,
// register_chrdev and called functions return a negative errno, so that the seed's goto
// unwinding idiom (`if (!buf) goto err_buf;`) can be written and stepped through.
import { own } from './cow';
import { E, errnoName } from './errno';
import { LOG_LEVELS, type Statement } from './image';
import { printk, store, type Line } from './log';
import { allocate, NULL_ADDR, release } from './memory';
import { paramAsC } from './params';
import { takeStatementFault } from './syscall';
import { vsprintf, type PrintfArg } from './vsprintf';
import type { KernelState, KModule, Syscall, VarValue } from './types';

export type FunctionOutcome = { ret: number } | 'again' | 'block';
export type FunctionName = 'init' | 'exit';

/** The most statements one call of init/exit may run before we call it a soft lockup. */
const MAX_STATEMENTS = 10_000;

const NULL_PTR: VarValue = { kind: 'ptr', addr: NULL_ADDR, value: 0, failed: true };

/** Runs the statement at c.pc of mod's `fn` and moves c.pc on (`c` and `mod` are the action's
 * own: cow.ts). */
export function runStatement(s: KernelState, c: Syscall, mod: KModule, fn: FunctionName): FunctionOutcome {
  const body = mod.image[fn] ?? [];
  c.pc = skipLabels(body, c.pc);
  if (c.pc >= body.length || c.trace.length > MAX_STATEMENTS) return { ret: 0 };
  const stmt = body[c.pc]!;
  const id = `${fn}:${c.pc}`;
  const label = `${mod.name}_${fn}: ${describe(stmt, mod)}`;
  const result = execute(s, c, mod, fn, stmt);
  if (result === 'block') return 'block';
  own(c, 'trace').push({ id, fn: label, seed: [], status: 'done', pc: c.pc, ...(result.note ? { note: result.note } : {}) });
  if (result.jump !== undefined) c.pc = result.jump;
  else c.pc += 1;
  if (result.ret !== undefined) return { ret: result.ret };
  c.pc = skipLabels(body, c.pc);
  return c.pc >= body.length ? { ret: 0 } : 'again';
}

/** Called when modprobe, run for request_module(), exits: the statement returns its status.
 * The waiting function is init for init_module, exit for delete_module. */
export function completeRequestModule(c: Syscall, mod: KModule, code: number): void {
  const fn: FunctionName = c.kind === 'init_module' ? 'init' : 'exit';
  const stmt = (mod.image[fn] ?? [])[c.pc];
  // call_usermodehelper() with UMH_WAIT_PROC returns the wait status: the exit code << 8.
  const status = (code & 0xff) << 8;
  if (stmt?.op === 'request_module') {
    const value: VarValue = { kind: 'int', value: status, failed: status !== 0 };
    const vars = own(mod, 'vars');
    vars['?'] = value;
    if (stmt.as) vars[stmt.as] = value;
    own(c, 'trace').push({ id: `${fn}:${c.pc}`, fn: `${mod.name}_${fn}: ${describe(stmt, mod)}`, seed: [], status: 'done', pc: c.pc, note: `modprobe exited with ${code}: returns ${status}` });
  }
  c.pc += 1;
  c.blocked = false;
}

/** The first statement at or after `pc` that is not a goto label. */
export function skipLabels(body: Statement[], pc: number): number {
  let i = pc;
  while (i < body.length && body[i]!.op === 'label') i++;
  return i;
}

interface Executed { note?: string; ret?: number; jump?: number }

function execute(s: KernelState, c: Syscall, mod: KModule, fn: FunctionName, stmt: Statement): Executed | 'block' {
  const setVar = (name: string | undefined, value: VarValue): void => {
    const vars = own(mod, 'vars');
    vars['?'] = value;
    if (name) vars[name] = value;
  };
  const pointerTo = (alloc: { id: number; addr: string } | null): VarValue =>
    alloc ? { kind: 'ptr', addr: alloc.addr, value: 0, failed: false, alloc: alloc.id } : NULL_PTR;
  const alloc = (op: string, kind: 'kmalloc' | 'vmalloc' | 'pages' | 'kmem_cache' | 'cache_obj', requested: number, extra: { cache?: number; order?: number } = {}) =>
    takeStatementFault(s, op, c) ? null : allocate(s, { kind, requested, owner: mod.name, by: fn, ...extra });
  const freeVar = (name: string): string => {
    const v = mod.vars[name];
    if (v?.alloc !== undefined && s.memory.allocations[v.alloc]) {
      release(s, v.alloc);
      return `freed ${v.addr}`;
    }
    return v && v.addr === NULL_ADDR ? 'NULL: nothing to free' : 'nothing allocated there';
  };
  const showPtr = (v: VarValue) => (v.failed ? 'NULL' : v.addr!);

  switch (stmt.op) {
    case 'printk': {
      const step = `${mod.name}_${fn}`;
      if (stmt.repeat === undefined) {
        printk(s, stmt.level, vsprintf(stmt.text, stmt.args.map((name) => printfArg(mod, name)), s.ptrKey), step);
        return {};
      }
      // The loop: each pass formats its line with the counter i, about a microsecond apart.
      const { repeat, level, text: format } = stmt;
      const fixed = stmt.args.map((name) => (name === LOOP_COUNTER && !(name in mod.vars) ? null : printfArg(mod, name)));
      const { clock, ptrKey } = s;
      const lines: Line[] = [];
      for (let i = 0; i < repeat; i++) {
        const args = fixed.map((arg) => arg ?? { kind: 'int' as const, value: BigInt(i) });
        for (const text of vsprintf(format, args, ptrKey).replace(/\n$/, '').split('\n')) lines.push({ level, text, usec: clock + i, step });
      }
      store(s, lines);
      s.clock = clock + repeat;
      return { note: `printed ${repeat} times` };
    }
    case 'kmalloc': {
      const v = pointerTo(alloc('kmalloc', 'kmalloc', stmt.size));
      setVar(stmt.as, v);
      return { note: `returns ${showPtr(v)}` };
    }
    case 'vmalloc': {
      const v = pointerTo(alloc('vmalloc', 'vmalloc', stmt.size));
      setVar(stmt.as, v);
      return { note: `returns ${showPtr(v)}` };
    }
    case 'alloc_pages': {
      const v = pointerTo(alloc('alloc_pages', 'pages', 4096 * 2 ** stmt.order, { order: stmt.order }));
      setVar(stmt.as, v);
      return { note: `returns ${showPtr(v)}` };
    }
    case 'kfree':
    case 'vfree':
    case 'free_pages':
      return { note: freeVar(stmt.var) };
    case 'kmem_cache_create': {
      const a = alloc('kmem_cache_create', 'kmem_cache', stmt.objectSize);
      if (a) own(s, 'caches')[a.id] = { name: stmt.name, objectSize: stmt.objectSize, owner: mod.name, alloc: a.id, objects: 0 };
      const v = pointerTo(a);
      setVar(stmt.as, v);
      return { note: `returns ${showPtr(v)}` };
    }
    case 'kmem_cache_alloc': {
      const cache = cacheOf(s, mod, stmt.cache);
      const a = cache ? alloc('kmem_cache_alloc', 'cache_obj', cache.objectSize, { cache: cache.alloc }) : null;
      if (a && cache) own(own(s, 'caches'), cache.alloc).objects += 1;
      const v = pointerTo(a);
      setVar(stmt.as, v);
      return { note: `returns ${showPtr(v)}` };
    }
    case 'kmem_cache_free': {
      const cache = cacheOf(s, mod, stmt.cache);
      const v = mod.vars[stmt.var];
      if (cache && v?.alloc !== undefined && s.memory.allocations[v.alloc]) own(own(s, 'caches'), cache.alloc).objects -= 1;
      return { note: freeVar(stmt.var) };
    }
    case 'kmem_cache_destroy': {
      const cache = cacheOf(s, mod, stmt.cache);
      if (!cache) return { note: 'NULL: nothing to destroy' };
      if (cache.objects > 0) {
        // mm/slab_common.c kmem_cache_destroy(): WARN() and the cache is leaked.
        printk(s, 4, '------------[ cut here ]------------');
        printk(s, 4, `kmem_cache_destroy ${cache.name}: Slab cache still has objects when called from ${mod.name}_${fn}+0x${(0x20 + c.pc * 8).toString(16)}/0x${(0x40 + c.pc * 8).toString(16)} [${mod.name}]`);
        return { note: `${cache.objects} objects still allocated: cache leaked` };
      }
      release(s, cache.alloc);
      delete own(s, 'caches')[cache.alloc];
      return { note: 'destroyed' };
    }
    case 'call': {
      const value = stmt.result;
      setVar(stmt.as, { kind: 'int', value, failed: value < 0 });
      return { note: `${stmt.symbol}() returns ${value}` };
    }
    case 'request_module':
      s.umh = { argv: ['/sbin/modprobe', '-q', '--', stmt.name], pid: s.nextPid++, waiter: c.id, ...(s.umh ? { outer: s.umh } : {}) };
      return 'block';
    case 'register_chrdev': {
      const major = registerChrdev(s, mod, stmt.name, stmt.major, c);
      const value = stmt.major === 0 || major < 0 ? major : 0;
      setVar(stmt.as, { kind: 'int', value, failed: value < 0 });
      return { note: major < 0 ? `returns ${major} (${errnoName(major)})` : `major ${major}` };
    }
    case 'unregister_chrdev': {
      const entry = Object.entries(s.chrdevs).find(([, d]) => d.name === stmt.name && d.module === mod.name);
      if (entry) delete own(s, 'chrdevs')[Number(entry[0])];
      return { note: entry ? `major ${entry[0]} released` : 'not registered' };
    }
    case 'if_error': {
      const last = mod.vars['?'];
      const body = mod.image[fn] ?? [];
      const target = body.findIndex((x) => x.op === 'label' && x.name === stmt.goto);
      if (last?.failed && target >= 0) return { jump: target, note: `taken: goto ${stmt.goto}` };
      return { note: 'not taken' };
    }
    case 'label':
      return {};
    case 'return':
      return { ret: stmt.value, note: `returns ${stmt.value}${stmt.value < 0 ? ` (-${errnoName(stmt.value) ?? '?'})` : ''}` };
  }
}

/** The loop counter a repeated printk may print. */
export const LOOP_COUNTER = 'i';

/** A printk argument: a parameter (`irq`, or an array element `paths[1]`) or a local. */
function printfArg(mod: KModule, name: string): PrintfArg {
  const indexed = /^([A-Za-z_][A-Za-z0-9_]*)\[(\d+)\]$/.exec(name);
  const paramName = indexed ? indexed[1]! : name;
  const spec = mod.image.params.find((p) => p.name === paramName);
  if (spec) {
    const value = mod.params[paramName];
    const element = Array.isArray(value) ? value[indexed ? Number(indexed[2]) : 0] ?? null : value ?? null;
    if (spec.type === 'charp') return { kind: 'str', value: element === '(null)' ? null : element };
    return { kind: 'int', value: BigInt(paramAsC(spec, element ?? '0')) };
  }
  const v = mod.vars[name];
  if (!v) return { kind: 'int', value: 0n };
  if (v.kind === 'ptr') return { kind: 'ptr', addr: v.addr ?? NULL_ADDR };
  return { kind: 'int', value: BigInt(v.value) };
}

function cacheOf(s: KernelState, mod: KModule, name: string) {
  const v = mod.vars[name];
  return v?.alloc !== undefined ? s.caches[v.alloc] ?? null : null;
}

/** __register_chrdev(): major 0 takes the highest free dynamic major, 254 down to 234. */
function registerChrdev(s: KernelState, mod: KModule, name: string, major: number, c: Syscall): number {
  if (takeStatementFault(s, 'register_chrdev', c)) return -E.EBUSY;
  let chosen = major;
  if (major === 0) {
    chosen = -E.EBUSY;
    for (let m = 254; m >= 234; m--) if (!s.chrdevs[m]) { chosen = m; break; }
    if (chosen < 0) return chosen;
  } else if (s.chrdevs[major] || major < 0 || major > 511) {
    return -E.EBUSY;
  }
  own(s, 'chrdevs')[chosen] = { name, module: mod.name };
  return chosen;
}

/** The statement as a line of C, for the Steps list. */
export function describe(stmt: Statement, mod: KModule): string {
  const q = (t: string) => JSON.stringify(t);
  switch (stmt.op) {
    case 'printk': {
      const call = `printk(${LOG_LEVELS[stmt.level] ?? stmt.level} ${q(stmt.text)}${stmt.args.map((a) => ', ' + a).join('')})`;
      return stmt.repeat === undefined ? call : `for (i = 0; i < ${stmt.repeat}; i++) ${call}`;
    }
    case 'kmalloc': return `${stmt.as} = kmalloc(${stmt.size}, ${stmt.flags})`;
    case 'kfree': return `kfree(${stmt.var})`;
    case 'vmalloc': return `${stmt.as} = vmalloc(${stmt.size})`;
    case 'vfree': return `vfree(${stmt.var})`;
    case 'alloc_pages': return `${stmt.as} = alloc_pages(GFP_KERNEL, ${stmt.order})`;
    case 'free_pages': return `__free_pages(${stmt.var}, ...)`;
    case 'kmem_cache_create': return `${stmt.as} = kmem_cache_create(${q(stmt.name)}, ${stmt.objectSize}, 0, 0, NULL)`;
    case 'kmem_cache_alloc': return `${stmt.as} = kmem_cache_alloc(${stmt.cache}, GFP_KERNEL)`;
    case 'kmem_cache_free': return `kmem_cache_free(${stmt.cache}, ${stmt.var})`;
    case 'kmem_cache_destroy': return `kmem_cache_destroy(${stmt.cache})`;
    case 'call': return `${stmt.as ? stmt.as + ' = ' : ''}${stmt.symbol}()`;
    case 'request_module': return `request_module(${q(stmt.name)})`;
    case 'register_chrdev': return `${stmt.as ? stmt.as + ' = ' : ''}register_chrdev(${stmt.major}, ${q(stmt.name)}, &fops)`;
    case 'unregister_chrdev': return `unregister_chrdev(major, ${q(stmt.name)})`;
    case 'if_error': {
      const last = mod.vars['?'];
      return last?.kind === 'int' ? `if (ret < 0) goto ${stmt.goto}` : `if (!ptr) goto ${stmt.goto}`;
    }
    case 'label': return `${stmt.name}:`;
    case 'return': return `return ${stmt.value < 0 ? '-' + (errnoName(stmt.value) ?? -stmt.value) : stmt.value}`;
  }
}

