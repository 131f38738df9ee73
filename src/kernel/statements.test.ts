import { describe, expect, it } from 'vitest';
import { E } from './errno';
import { KMALLOC_MAX_SIZE } from './memory';
import { readVirtual } from './procfs';
import { act, boot, bytes, call, image, insmod, newLines, ret, rmmod, st, stepAll, stepUntil } from './testing';
import type { KernelState, Statement, StepTrace } from './types';
import { modsOf } from './shards';
import { lastRecord } from './log';

/** Loads a module whose init is `init`, stepping; returns every trace entry and the final state. */
function runInit(init: Statement[], s0: KernelState = boot(), name = 'hello'): { trace: StepTrace[]; s: KernelState } {
  const run = stepAll(act(s0, { type: 'init_module', bytes: bytes({ name, init }), args: '' }));
  return { trace: run.steps.flat(), s: run.final };
}

function note(trace: StepTrace[], id: string): string | undefined {
  return trace.find((t) => t.id === id)?.note;
}

describe('kmalloc', () => {
  it('gives at most 32 contiguous pages (the seed\'s limit)', () => {
    expect(KMALLOC_MAX_SIZE).toBe(131072);
    const { trace, s } = runInit([st.kmalloc('a', 131072), st.kmalloc('b', 131073), st.ret(0)]);
    expect(note(trace, 'init:0')).toMatch(/^returns ffff888[0-9a-f]{9}$/);
    expect(note(trace, 'init:1')).toBe('returns NULL');
    expect(Object.values(s.memory.allocations)).toMatchObject([{ kind: 'kmalloc', requested: 131072, size: 131072 }]);
  });

  it('rounds up to the kmalloc size classes', () => {
    const sizes = [1, 8, 9, 64, 65, 96, 97, 128, 129, 192, 193, 256, 257, 4096, 5000];
    const { s } = runInit([...sizes.map((n, i) => st.kmalloc(`v${i}`, n)), st.ret(0)]);
    expect(Object.values(s.memory.allocations).map((a) => a.size)).toEqual([8, 8, 16, 64, 96, 96, 128, 128, 192, 192, 256, 256, 512, 4096, 8192]);
    expect(s.memory.usedBytes).toBe(16384 + sizes.reduce((n, _, i) => n + Object.values(s.memory.allocations)[i]!.size, 0));
  });

  it('sets the variable the goto idiom tests', () => {
    let s = act(boot(), { type: 'init_module', bytes: bytes({ name: 'hello', init: [st.kmalloc('buf', 131073), st.ifError('out'), st.ret(0), st.label('out'), st.ret(-E.ENOMEM)] }), args: '' });
    s = stepUntil(s, 'init:0');
    expect(modsOf(s).hello?.vars.buf).toEqual({ kind: 'ptr', addr: '0000000000000000', value: 0, failed: true });
    s = act(s, { type: 'step' });
    expect(call(s).trace.at(-1)).toMatchObject({ id: 'init:1', note: 'taken: goto out' });
    s = act(s, { type: 'run' });
    expect(ret(s)).toBe(-E.ENOMEM);
  });

  it('frees with kfree, and kfree(NULL) does nothing', () => {
    const { trace, s } = runInit([st.kmalloc('a', 100), st.kfree('a'), st.kmalloc('n', 1 << 20), st.kfree('n'), st.ret(0)]);
    expect(note(trace, 'init:1')).toMatch(/^freed ffff888/);
    expect(note(trace, 'init:3')).toBe('NULL: nothing to free');
    expect(s.memory.allocations).toEqual({});
  });

  it('fails when the memory budget is exhausted', () => {
    const { trace } = runInit([st.kmalloc('a', 100_000), st.ret(0)], boot({ memoryBytes: 120_000 }));
    expect(note(trace, 'init:0')).toBe('returns NULL');
  });
});

describe('vmalloc and alloc_pages', () => {
  it('vmalloc takes much more than kmalloc, page-aligned', () => {
    const { trace, s } = runInit([st.vmalloc('v', 64 * 1024 * 1024 + 1), st.ret(0)]);
    expect(note(trace, 'init:0')).toMatch(/^returns ffffc900/);
    expect(Object.values(s.memory.allocations)).toMatchObject([{ kind: 'vmalloc', size: 64 * 1024 * 1024 + 4096 }]);
  });

  it('vmalloc(0) and vmalloc beyond RAM return NULL', () => {
    const { trace } = runInit([st.vmalloc('a', 0), st.vmalloc('b', 512 * 1024 * 1024), st.ret(0)]);
    expect(note(trace, 'init:0')).toBe('returns NULL');
    expect(note(trace, 'init:1')).toBe('returns NULL');
  });

  it('alloc_pages gives order 10 (4 MiB) but not order 11 (MAX_ORDER 11 in 6.1)', () => {
    const { trace, s } = runInit([st.allocPages('p', 10), st.allocPages('q', 11), st.allocPages('z', 0), st.ret(0)]);
    expect(note(trace, 'init:0')).toMatch(/^returns ffff888/);
    expect(note(trace, 'init:1')).toBe('returns NULL');
    expect(Object.values(s.memory.allocations).map((a) => [a.kind, a.order, a.size])).toEqual([['pages', 10, 4 * 1024 * 1024], ['pages', 0, 4096]]);
  });

  it('vfree and __free_pages release', () => {
    const { s } = runInit([st.vmalloc('v', 10000), st.allocPages('p', 3), st.vfree('v'), st.freePages('p'), st.ret(0)]);
    expect(s.memory.allocations).toEqual({});
    expect(s.memory.usedBytes).toBe(16384);
  });
});

describe('kmem_cache', () => {
  it('creates, allocates, frees and destroys', () => {
    let s = act(boot(), { type: 'init_module', bytes: bytes({ name: 'hello', init: [st.cacheCreate('c', 'mycache', 100), st.cacheAlloc('o', 'c'), st.cacheFree('c', 'o'), st.cacheDestroy('c'), st.ret(0)] }), args: '' });
    s = stepUntil(s, 'init:1');
    const cacheId = modsOf(s).hello!.vars.c!.alloc!;
    expect(s.caches[cacheId]).toEqual({ name: 'mycache', objectSize: 100, owner: 'hello', alloc: cacheId, objects: 1 });
    expect(s.memory.allocations[modsOf(s).hello!.vars.o!.alloc!]).toMatchObject({ kind: 'cache_obj', cache: cacheId, size: 128 });
    s = act(s, { type: 'step' });
    expect(s.caches[cacheId]?.objects).toBe(0);
    s = act(s, { type: 'run' });
    expect(ret(s)).toBe(0);
    expect(s.caches).toEqual({});
    expect(s.memory.allocations).toEqual({});
  });

  it('warns and leaks the cache when it is destroyed with objects left', () => {
    const leaky = image({
      name: 'leaky',
      init: [st.cacheCreate('c', 'mycache', 64), st.cacheAlloc('o', 'c'), st.ret(0)],
      exit: [st.cacheDestroy('c')],
    });
    const s0 = insmod(boot(), leaky);
    const s1 = rmmod(s0, 'leaky');
    expect(ret(s1)).toBe(0);
    const lines = newLines(s0, s1);
    expect(lines.slice(0, 2)).toEqual([
      '------------[ cut here ]------------',
      'kmem_cache_destroy mycache: Slab cache still has objects when called from leaky_exit+0x20/0x40 [leaky]',
    ]);
    expect(lines.at(-1)).toBe('kmemleak: 1 new suspected memory leaks (see /sys/kernel/debug/kmemleak)');
    expect(Object.values(s1.caches)).toMatchObject([{ name: 'mycache', objects: 1 }]);
  });

  it('kmem_cache_destroy(NULL) does nothing', () => {
    const { trace } = runInit([st.cacheDestroy('nothing'), st.ret(0)]);
    expect(note(trace, 'init:0')).toBe('NULL: nothing to destroy');
  });
});

describe('register_chrdev', () => {
  it('hands out dynamic majors from 254 down', () => {
    let s = insmod(boot(), image({ name: 'a', init: [st.registerChrdev('a', 0, 'major'), st.ret(0)] }));
    s = insmod(s, image({ name: 'b', init: [st.registerChrdev('b', 0, 'major'), st.ret(0)] }));
    expect(s.chrdevs).toEqual({ 254: { name: 'a', module: 'a' }, 253: { name: 'b', module: 'b' } });
    const devices = readVirtual(s, '/proc/devices') as string;
    expect(devices).toContain('\n253 b\n254 a\n');
    expect(devices.startsWith('Character devices:\n  1 mem\n')).toBe(true);
  });

  it('returns the major for a dynamic request and 0 for a fixed one; a taken major is EBUSY', () => {
    let s = act(boot(), { type: 'init_module', bytes: bytes({ name: 'a', init: [st.registerChrdev('dyn', 0, 'm1'), st.registerChrdev('fixed', 240, 'm2'), st.registerChrdev('again', 240, 'm3'), st.ret(0)] }), args: '' });
    s = stepUntil(s, 'init:2');
    const vars = modsOf(s).a!.vars;
    expect(vars.m1).toMatchObject({ kind: 'int', value: 254, failed: false });
    expect(vars.m2).toMatchObject({ kind: 'int', value: 0, failed: false });
    expect(vars.m3).toMatchObject({ kind: 'int', value: -E.EBUSY, failed: true });
    expect(call(s).trace.at(-1)?.note).toBe('returns -16 (EBUSY)');
  });

  it('unregister_chrdev frees the major', () => {
    const s = insmod(boot(), image({ name: 'a', init: [st.registerChrdev('a'), st.unregisterChrdev('a'), st.ret(0)] }));
    expect(s.chrdevs).toEqual({});
  });

  it('stmt:register_chrdev makes the registration fail', () => {
    const s = act(boot(),
      { type: 'inject_fault', fault: { step: 'stmt:register_chrdev', errno: E.EBUSY } },
      { type: 'init_module', bytes: bytes({ name: 'a', init: [st.registerChrdev('a', 0, 'major'), st.ifError('out'), st.ret(0), st.label('out'), st.ret(-E.EBUSY)] }), args: '' },
      { type: 'run' });
    expect(ret(s)).toBe(-E.EBUSY);
    expect(s.chrdevs).toEqual({});
  });

  it('an open device holds a reference; ENXIO for an unknown major', () => {
    const s0 = insmod(boot(), image({ name: 'a', init: [st.registerChrdev('a'), st.ret(0)] }));
    const s1 = act(s0, { type: 'open_device', major: 254, label: 'bash (pid 1042) has /dev/a open' });
    expect(s1.holders).toEqual([{ id: 1, module: 'a', cpu: 0, label: 'bash (pid 1042) has /dev/a open', major: 254 }]);
    expect(readVirtual(s1, '/sys/module/a/refcnt')).toBe('1\n');
    expect(ret(act(s0, { type: 'open_device', major: 200, label: 'x' }))).toBe(-E.ENXIO);
    expect(ret(act(s1, { type: 'close_device', holder: 99 }))).toBe(-E.EBADF);
  });
});

describe('request_module', () => {
  const waiting = (code: number) => image({
    name: 'hello',
    init: [st.requestModule('fs-foo', 'rc'), st.ifError('fail'), st.printk('rc=%d', ['rc']), st.ret(0), st.label('fail'), st.printk('modprobe failed: %d', ['rc']), st.ret(-E.ENOENT)],
  });

  it('blocks init until modprobe exits, then returns its wait status (exit 1 → 256)', () => {
    const s1 = insmod(boot(), waiting(1));
    expect(s1.inflight).toHaveLength(1);
    expect(call(s1).blocked).toBe(true);
    expect(s1.umh).toEqual({ argv: ['/sbin/modprobe', '-q', '--', 'fs-foo'], pid: 1043, waiter: 1 });
    expect(act(s1, { type: 'run' }).inflight).toHaveLength(1);
    const s2 = act(s1, { type: 'umh_exit', code: 1 });
    expect(modsOf(s2).hello?.vars.rc).toEqual({ kind: 'int', value: 256, failed: true });
    const s3 = act(s2, { type: 'run' });
    expect(ret(s3)).toBe(-E.ENOENT);
    expect(newLines(s1, s3)).toEqual(['modprobe failed: 256']);
  });

  it('returns 0 when modprobe succeeds', () => {
    const s = act(insmod(boot(), waiting(0)), { type: 'umh_exit', code: 0 }, { type: 'run' });
    expect(ret(s)).toBe(0);
    expect(lastRecord(s.log)?.text).toBe('rc=0');
  });

  it('resumes nested helpers innermost first (modprobe of a module whose init also calls request_module)', () => {
    let s = insmod(boot(), image({ name: 'outer', init: [st.requestModule('inner'), st.printk('outer resumed'), st.ret(0)] }));
    const outerHelper = s.umh!;
    s = insmod(s, image({ name: 'inner', init: [st.requestModule('deeper'), st.ret(0)] }));
    expect(s.umh?.argv).toEqual(['/sbin/modprobe', '-q', '--', 'deeper']);
    expect(s.inflight.map((c) => c.blocked)).toEqual([true, true]);
    s = act(s, { type: 'umh_exit', code: 0 }, { type: 'run' });
    expect(ret(s)).toBe(0);
    expect(modsOf(s).inner?.state).toBe('LIVE');
    expect(s.umh).toEqual(outerHelper);
    s = act(s, { type: 'umh_exit', code: 0 }, { type: 'run' });
    expect(s.rejected).toBeNull();
    expect(ret(s)).toBe(0);
    expect(modsOf(s).outer?.state).toBe('LIVE');
    expect(s.umh).toBeNull();
    expect(s.inflight).toEqual([]);
  });

  it('takes only the low 8 bits of the exit code', () => {
    const s = act(insmod(boot(), waiting(0)), { type: 'umh_exit', code: 257 });
    expect(modsOf(s).hello?.vars.rc?.value).toBe(256);
  });
});

describe('other statements', () => {
  it('call returns the given result, which if_error tests', () => {
    const s = insmod(boot(), image({ name: 'c', init: [st.call('kfree', -E.ENODEV, 'r'), st.ifError('out'), st.ret(0), st.label('out'), st.ret(-E.ENODEV)] }));
    expect(ret(s)).toBe(-E.ENODEV);
  });

  it('if_error not taken after a success', () => {
    const { trace, s } = runInit([st.call('kfree', 0), st.ifError('out'), st.ret(0), st.label('out'), st.ret(-1)]);
    expect(note(trace, 'init:1')).toBe('not taken');
    expect(ret(s)).toBe(0);
  });

  it('printk logs at its level, tagged with the function', () => {
    const s = insmod(boot(), image({ name: 'p', init: [st.printk('alert!', [], 1), st.ret(0)] }));
    expect(lastRecord(s.log)).toMatchObject({ text: 'alert!', level: 1, step: 'p_init' });
  });

  it('a function without a return statement returns 0 after its last statement', () => {
    const { s } = runInit([st.printk('only')]);
    expect(ret(s)).toBe(0);
    expect(modsOf(s).hello?.state).toBe('LIVE');
  });

  it('an endless goto loop is cut off instead of hanging', () => {
    const s = insmod(boot(), image({ name: 'loop', init: [st.kmalloc('x', 1 << 30), st.label('again'), st.ifError('again')] }));
    expect(s.inflight).toEqual([]);
    expect(ret(s)).toBe(0);
  });
});
