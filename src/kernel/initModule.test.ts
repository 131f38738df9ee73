import { describe, expect, it } from 'vitest';
import { E } from './errno';
import { readVirtual } from './procfs';
import {
  act, allocatedBytes, boot, bytes, call, dmesg, image, INIT_STEP_IDS, insmod, kernelView, newLines,
  param, refsum, ret, rmmod, st, stepAll, stepUntil, VERMAGIC,
} from './testing';
import type { InitModuleCall, KernelState } from './types';
import { modsOf } from './shards';
import { lastRecord } from './log';
import { moduleNames } from './modlist';

const OOT = 'loading out-of-tree module taints kernel.';
const UNSIGNED = 'module verification failed: signature and/or required key missing - tainting kernel';
const LOCKDEP = 'Disabling lock debugging due to kernel taint';

const prov = image({
  name: 'prov',
  exports: [{ symbol: 'prov_fn', gpl: false }, { symbol: 'prov_gpl_fn', gpl: true }],
  init: [st.ret(0)],
  exit: [],
});

const hello = image({
  name: 'hello',
  imports: ['_printk', 'prov_fn'],
  params: [param('irq', 'int', { default: 0 })],
  init: [st.printk('hello irq=%d', ['irq']), st.ret(0)],
  exit: [st.printk('goodbye')],
});

function withProv(): KernelState {
  const s = insmod(boot(), prov);
  expect(ret(s)).toBe(0);
  return s;
}

function startInit(s: KernelState, spec = hello, args = 'irq=5', extra: { force?: boolean } = {}): KernelState {
  return act(s, { type: 'init_module', bytes: bytes(spec), args, ...extra });
}

describe('init_module, one step at a time', () => {
  it('runs the 6.1 steps in order, one step per init statement', () => {
    const run = stepAll(startInit(withProv()));
    const ids = run.steps.map((entries) => entries.map((t) => t.id));
    expect(ids).toEqual([
      ['may_init_module'], ['copy_module_from_user'], ['check_modinfo'], ['layout_and_allocate'],
      ['move_module'], ['add_unformed_module'], ['module_unload_init'], ['simplify_symbols'],
      ['complete_formation'], ['parse_args'], ['mod_sysfs_setup'], ['free_copy'],
      ['init:0'], ['init:1', 'do_one_initcall'], ['do_init_module'], ['return'],
    ]);
    expect(run.steps.flat().every((t) => t.status === 'done')).toBe(true);
    expect(run.final.inflight).toEqual([]);
    expect(ret(run.final)).toBe(0);
    expect(run.final.ret).toMatchObject({ kind: 'init_module', name: 'hello', value: 0 });
  });

  it('labels each step with the seed step numbers', () => {
    const run = stepAll(startInit(withProv()));
    const seeds = Object.fromEntries(run.steps.flat().filter((t) => !t.id.includes(':')).map((t) => [t.id, t.seed]));
    expect(seeds).toEqual({
      may_init_module: [1], copy_module_from_user: [2], check_modinfo: [], layout_and_allocate: [4],
      move_module: [5], add_unformed_module: [3, 10], module_unload_init: [6], simplify_symbols: [7],
      complete_formation: [11], parse_args: [8], mod_sysfs_setup: [], free_copy: [9],
      do_one_initcall: [12], do_init_module: [13], return: [14],
    });
    expect(run.steps.length).toBe(INIT_STEP_IDS.length + 1); // two init statements
  });

  it('changes the state the way each step should', () => {
    const base = act(withProv(), { type: 'set_cpu', cpu: 2 });
    const used0 = base.memory.usedBytes;
    const states = stepAll(startInit(base)).states;
    const at = (i: number) => states[i]!;
    const c = (i: number) => at(i).inflight[0] as InitModuleCall | undefined;

    // may_init_module: nothing yet.
    expect(modsOf(at(0)).hello).toBeUndefined();
    // copy_module_from_user: the temporary copy is allocated, the name is known.
    expect(c(1)!.name).toBe('hello');
    const copy = at(1).memory.allocations[c(1)!.copy!]!;
    expect(copy).toMatchObject({ kind: 'vmalloc', owner: '' });
    expect(at(1).memory.usedBytes).toBe(used0 + copy.size);
    // check_modinfo: staged (not yet on the list), tainted O.
    expect(c(2)!.staged?.taints).toBe('O');
    expect(modsOf(at(2)).hello).toBeUndefined();
    // layout_and_allocate: core + init sections.
    expect(at(3).memory.usedBytes).toBe(used0 + copy.size + 16384 + 4096);
    expect(c(3)!.staged?.core.addr).toMatch(/^ffffffffc0[0-9a-f]{6}$/);
    expect(c(3)!.staged?.init).toMatchObject({ size: 4096 });
    // add_unformed_module: on the list, UNFORMED, invisible to /proc/modules, tainted E.
    expect(modsOf(at(5)).hello?.state).toBe('UNFORMED');
    expect(moduleNames(at(5).modules)).toEqual(['hello', 'prov']);
    expect(c(5)!.staged).toBeNull();
    expect(readVirtual(at(5), '/proc/modules')).not.toContain('hello');
    expect(modsOf(at(5)).hello?.taints).toBe('OE');
    // module_unload_init: one reference, on the current CPU.
    expect(modsOf(at(6)).hello?.refs).toEqual([0, 0, 1, 0]);
    expect(modsOf(at(6)).hello?.usedBy).toEqual([]);
    // simplify_symbols: hello uses prov, prov is used by hello and holds its reference.
    expect(modsOf(at(7)).hello?.uses).toEqual(['prov']);
    expect(modsOf(at(7)).prov?.usedBy).toEqual(['hello']);
    expect(refsum(at(7), 'prov')).toBe(1);
    expect(modsOf(at(7)).hello?.resolvedFrom).toEqual({ prov: ['prov_fn'] });
    // complete_formation: COMING.
    expect(modsOf(at(7)).hello?.state).toBe('UNFORMED');
    expect(modsOf(at(8)).hello?.state).toBe('COMING');
    // parse_args: irq = 5.
    expect(modsOf(at(8)).hello?.params.irq).toBe('0');
    expect(modsOf(at(9)).hello?.params.irq).toBe('5');
    // mod_sysfs_setup: /sys/module/hello exists.
    expect(readVirtual(at(9), '/sys/module/hello/initstate')).toBe(-E.ENOENT);
    expect(readVirtual(at(10), '/sys/module/hello/initstate')).toBe('coming\n');
    // free_copy: the copy is gone.
    expect(c(11)!.copy).toBeNull();
    expect(at(11).memory.allocations[copy.id]).toBeUndefined();
    expect(at(11).memory.usedBytes).toBe(used0 + 16384 + 4096);
    // init statements: printk ran.
    expect(newLines(base, at(12))).toContain('hello irq=5');
    expect(modsOf(at(13)).hello?.state).toBe('COMING');
    expect(refsum(at(13), 'hello')).toBe(1);
    // do_init_module: LIVE, refcount 0, init section freed.
    const live = modsOf(at(14)).hello!;
    expect(live.state).toBe('LIVE');
    expect(refsum(at(14), 'hello')).toBe(0);
    expect(live.refs).toEqual([0, 0, 0, 0]);
    expect(live.init).toBeNull();
    expect(at(14).memory.usedBytes).toBe(used0 + 16384);
    // return
    expect(at(15).inflight).toEqual([]);
    expect(ret(at(15))).toBe(0);
  });

  it('takes the initial reference on the CPU it ran on and drops it on the CPU do_init_module runs on', () => {
    let s = stepUntil(startInit(withProv()), 'module_unload_init');
    expect(modsOf(s).hello?.refs).toEqual([1, 0, 0, 0]);
    s = act(s, { type: 'set_cpu', cpu: 3 }, { type: 'run' });
    expect(modsOf(s).hello?.refs).toEqual([1, 0, 0, -1]);
    expect(refsum(s, 'hello')).toBe(0);
  });

  it('keeps one counter in the atomic model', () => {
    const s = act(boot(), { type: 'set_refcount_model', model: 'atomic' });
    const mid = stepUntil(startInit(s, image({ name: 'a' }), ''), 'module_unload_init');
    expect(modsOf(mid).a?.refs).toEqual([1]);
    const done = act(mid, { type: 'run' });
    expect(modsOf(done).a?.refs).toEqual([0]);
  });

  it('reports /proc/modules size as core + init while loading and core once live', () => {
    const mid = stepUntil(startInit(withProv()), 'complete_formation');
    expect(readVirtual(mid, '/proc/modules')).toMatch(/^hello 20480 1 - Loading 0x[0-9a-f]{16} \(OE\+\)$/m);
    const done = act(mid, { type: 'run' });
    expect(readVirtual(done, '/proc/modules')).toMatch(/^hello 16384 0 - Live 0x[0-9a-f]{16} \(OE\)$/m);
  });
});

describe('init_module errors', () => {
  it('EPERM for a user without CAP_SYS_MODULE, before anything is read', () => {
    const s0 = act(boot(), { type: 'set_cred', uid: 1000, user: 'student' });
    const s = insmod(s0, hello);
    expect(ret(s)).toBe(-E.EPERM);
    expect(newLines(s0, s)).toEqual([]);
    expect(kernelView(s)).toEqual(kernelView(s0));
    expect(s.taint).toBe(0);
  });

  it('EPERM once modules_disabled is set, even for root', () => {
    const s0 = act(boot(), { type: 'write_file', path: '/proc/sys/kernel/modules_disabled', data: '1\n' });
    expect(ret(s0)).toBe(0);
    const s = insmod(s0, hello);
    expect(ret(s)).toBe(-E.EPERM);
    expect(modsOf(s)).toEqual({});
    const s2 = insmod(act(boot(), { type: 'set_modules_disabled' }), hello);
    expect(ret(s2)).toBe(-E.EPERM);
  });

  it('ENOEXEC for a file that is not ELF', () => {
    const s0 = boot();
    const text = 'hello world, this is a plain text file and certainly not an ELF object\n';
    expect(text.length).toBeGreaterThanOrEqual(64);
    const s = act(s0, { type: 'init_module', bytes: text, args: '' }, { type: 'run' });
    expect(ret(s)).toBe(-E.ENOEXEC);
    expect(newLines(s0, s)).toEqual(['Invalid ELF header magic: != \u007fELF']);
    expect(s.memory.usedBytes).toBe(0);
    expect(s.memory.allocations).toEqual({});
  });

  it('ENOEXEC with the length message for an image shorter than an ELF header', () => {
    const s0 = boot();
    const s = act(s0, { type: 'init_module', bytes: 'hello world', args: '' }, { type: 'run' });
    expect(ret(s)).toBe(-E.ENOEXEC);
    expect(newLines(s0, s)).toEqual(['Invalid ELF header len 11']);
    expect(s.memory.usedBytes).toBe(0);
  });

  it('ENOEXEC for a vermagic mismatch', () => {
    const s0 = boot();
    const bad = '6.1.0-56-amd64 SMP mod_unload modversions ';
    const s = insmod(s0, image({ name: 'hello', vermagic: bad }));
    expect(ret(s)).toBe(-E.ENOEXEC);
    expect(newLines(s0, s)).toEqual([
      "hello: version magic '6.1.0-56-amd64 SMP mod_unload modversions ' should be '6.1.0-56-amd64 SMP preempt mod_unload modversions '",
    ]);
    expect(lastRecord(s.log)?.level).toBe(3);
    expect(kernelView(s)).toEqual(kernelView(s0));
  });

  it('ENOEXEC for a module built for another release (module_layout CRC)', () => {
    const s0 = boot();
    const s = insmod(s0, image({ name: 'hello', vermagic: '6.1.0-55-amd64 SMP preempt mod_unload modversions ' }));
    expect(ret(s)).toBe(-E.ENOEXEC);
    expect(newLines(s0, s)).toEqual(['hello: disagrees about version of symbol module_layout']);
    expect(kernelView(s)).toEqual(kernelView(s0));
  });

  it('loads with force (insmod -f), tainting F', () => {
    const s0 = boot();
    const s = insmod(s0, image({ name: 'hello', vermagic: '6.1.0-55-amd64 SMP preempt mod_unload modversions ' }), '', { force: true });
    expect(ret(s)).toBe(0);
    expect(newLines(s0, s)).toEqual([
      'hello: module_layout: kernel tainted.',
      LOCKDEP,
      `hello: ${OOT}`,
      `hello: ${UNSIGNED}`,
    ]);
    expect(s.taint).toBe(2 | 4096 | 8192);
    expect(modsOf(s).hello?.taints).toBe('FOE');
    expect(readVirtual(s, '/proc/modules')).toMatch(/ \(FOE\)\n$/);
  });

  it('EEXIST for a module that is already loaded, after allocating (6.1 order)', () => {
    const s0 = withProv();
    const s1 = insmod(s0, prov);
    expect(ret(s1)).toBe(-E.EEXIST);
    expect(kernelView(s1)).toEqual(kernelView(s0));
    const run = stepAll(startInit(s0, prov, ''));
    const failed = run.steps.flat().find((t) => t.status === 'failed');
    expect(failed).toMatchObject({ id: 'add_unformed_module', note: 'prov is already loaded' });
  });

  it('EBUSY when a module of that name is still coming up', () => {
    const blocker = image({ name: 'slow', init: [st.requestModule('helper'), st.ret(0)] });
    const s0 = insmod(boot(), blocker);
    expect(call(s0).blocked).toBe(true);
    expect(modsOf(s0).slow?.state).toBe('COMING');
    const s1 = insmod(s0, blocker);
    expect(ret(s1)).toBe(-E.EBUSY);
    expect(modsOf(s1).slow?.state).toBe('COMING');
    const s2 = act(s1, { type: 'umh_exit', code: 0 }, { type: 'run' });
    expect(ret(s2)).toBe(0);
    expect(modsOf(s2).slow?.state).toBe('LIVE');
  });

  it('ENOMEM when module memory cannot be allocated', () => {
    const s0 = boot({ memoryBytes: 20_000 });
    const s = insmod(s0, image({ name: 'big' }));
    expect(ret(s)).toBe(-E.ENOMEM);
    expect(kernelView(s)).toEqual(kernelView(s0));
  });

  it('ENOENT with one line per unknown symbol, dropping references already taken', () => {
    const s0 = withProv();
    const consumer = image({ name: 'hello', imports: ['prov_fn', 'foo', '_printk', 'bar'] });
    const s = insmod(s0, consumer);
    expect(ret(s)).toBe(-E.ENOENT);
    expect(newLines(s0, s)).toEqual(['hello: Unknown symbol foo (err -2)', 'hello: Unknown symbol bar (err -2)']);
    expect(lastRecord(s.log)?.level).toBe(4);
    expect(modsOf(s).prov?.usedBy).toEqual([]);
    expect(refsum(s, 'prov')).toBe(0);
    expect(kernelView(s)).toEqual(kernelView(s0));
  });

  it('refuses a GPL-only symbol to a proprietary module', () => {
    const s0 = boot();
    const s = insmod(s0, image({ name: 'pmod', license: 'Proprietary', imports: ['_printk', 'device_create'] }));
    expect(ret(s)).toBe(-E.ENOENT);
    expect(newLines(s0, s)).toEqual([
      `pmod: ${OOT}`,
      "pmod: module license 'Proprietary' taints kernel.",
      LOCKDEP,
      `pmod: ${UNSIGNED}`,
      'pmod: Unknown symbol device_create (err -2)',
    ]);
    expect(s.taint & 1).toBe(1);
    expect(modsOf(s)).toEqual({});
  });

  it('refuses a module\'s GPL-only export to a proprietary module, but not its plain exports', () => {
    const s0 = withProv();
    const bad = insmod(s0, image({ name: 'pmod', license: 'Proprietary', imports: ['prov_gpl_fn'] }));
    expect(ret(bad)).toBe(-E.ENOENT);
    expect(newLines(s0, bad).at(-1)).toBe('pmod: Unknown symbol prov_gpl_fn (err -2)');
    expect(refsum(bad, 'prov')).toBe(0);
    const ok = insmod(bad, image({ name: 'pmod', license: 'Proprietary', imports: ['prov_fn'] }));
    expect(ret(ok)).toBe(0);
    expect(modsOf(ok).pmod?.taints).toBe('POE');
    expect(modsOf(ok).prov?.usedBy).toEqual(['pmod']);
  });

  it('treats a missing license as "unspecified" and only the six GPL-compatible strings as GPL', () => {
    const s0 = boot();
    const s = insmod(s0, image({ name: 'nolic', license: undefined }));
    expect(ret(s)).toBe(0);
    expect(newLines(s0, s)).toContain("nolic: module license 'unspecified' taints kernel.");
    for (const license of ['GPL v2', 'GPL and additional rights', 'Dual BSD/GPL', 'Dual MIT/GPL', 'Dual MPL/GPL']) {
      const t = insmod(boot(), image({ name: 'x', license }));
      expect(t.taint & 1).toBe(0);
    }
    for (const license of ['gpl', 'GPL v3', 'MIT']) {
      const t = insmod(boot(), image({ name: 'x', license }));
      expect(modsOf(t).x?.taints).toBe('POE');
    }
  });

  it('passes the proprietary taint on to a user of its symbols, or refuses a GPL-only user', () => {
    const pmod = image({ name: 'pmod', license: 'Proprietary', exports: [{ symbol: 'p_fn', gpl: false }] });
    const s0 = insmod(boot(), pmod);
    const s1 = insmod(s0, image({ name: 'user', imports: ['p_fn'] }));
    expect(ret(s1)).toBe(0);
    expect(newLines(s0, s1)).toContain('user: module uses symbols p_fn from proprietary module pmod, inheriting taint.');
    expect(modsOf(s1).user?.taints).toBe('POE');
    const s2 = insmod(s0, image({ name: 'gpluser', imports: ['device_create', 'p_fn'] }));
    expect(ret(s2)).toBe(-E.ENOENT);
    expect(newLines(s0, s2)).toEqual([
      'gpluser: module using GPL-only symbols uses symbols p_fn from proprietary module pmod.',
      'gpluser: Unknown symbol p_fn (err -2)',
    ]);
    expect(refsum(s2, 'pmod')).toBe(0);
  });

  it('ENOEXEC for a duplicate export, naming the owner', () => {
    const s0 = withProv();
    const s = insmod(s0, image({ name: 'dup', exports: [{ symbol: 'prov_fn', gpl: false }] }));
    expect(ret(s)).toBe(-E.ENOEXEC);
    expect(newLines(s0, s)).toEqual(['dup: exports duplicate symbol prov_fn (owned by prov)']);
    expect(kernelView(s)).toEqual(kernelView(s0));
    const k = insmod(s0, image({ name: 'dup', exports: [{ symbol: 'kfree', gpl: false }] }));
    expect(newLines(s0, k)).toEqual(['dup: exports duplicate symbol kfree (owned by kernel)']);
  });

  describe('parameters', () => {
    const pmod = image({
      name: 'hello',
      params: [param('irq', 'int'), param('small', 'short'), param('paths', 'charp', { array: 4 })],
      init: [st.ret(0)],
    });

    it('EINVAL for a value that is not a number', () => {
      const s0 = boot();
      const s = insmod(s0, pmod, 'irq=abc');
      expect(ret(s)).toBe(-E.EINVAL);
      expect(newLines(s0, s).at(-1)).toBe("hello: `abc' invalid for parameter `irq'");
      expect(lastRecord(s.log)?.level).toBe(3);
      expect(modsOf(s)).toEqual({});
    });

    it('ERANGE for a number out of range, with the same "invalid" line', () => {
      const s0 = boot();
      const s = insmod(s0, pmod, 'small=40000');
      expect(ret(s)).toBe(-E.ERANGE);
      expect(newLines(s0, s).at(-1)).toBe("hello: `40000' invalid for parameter `small'");
      expect(ret(insmod(s0, pmod, 'irq=99999999999'))).toBe(-E.ERANGE);
    });

    it('EINVAL for too many array elements, showing only the first element', () => {
      const s0 = boot();
      const s = insmod(s0, pmod, 'paths=/a,/b,/c,/d,/e');
      expect(ret(s)).toBe(-E.EINVAL);
      expect(newLines(s0, s).slice(-2)).toEqual(['paths: can only take 4 arguments', "hello: `/a' invalid for parameter `paths'"]);
      const ok = insmod(s0, pmod, 'paths=/a,/b,/c,/d');
      expect(modsOf(ok).hello?.params.paths).toEqual(['/a', '/b', '/c', '/d']);
    });

    it('only warns about an unknown parameter (6.1), and the load succeeds', () => {
      const s0 = boot();
      const s = insmod(s0, pmod, 'foo=1 irq=3 dyndbg=+p async_probe');
      expect(ret(s)).toBe(0);
      expect(newLines(s0, s)).toContain("hello: unknown parameter 'foo' ignored");
      expect(newLines(s0, s).filter((l) => l.includes('unknown parameter'))).toHaveLength(1);
      expect(modsOf(s).hello?.params.irq).toBe('3');
    });

    it('prints a line for every bad parameter and returns the last error', () => {
      const s0 = boot();
      const s = insmod(s0, pmod, 'irq=abc small=40000 paths=/x');
      expect(ret(s)).toBe(-E.ERANGE);
      expect(newLines(s0, s).filter((l) => l.includes('invalid for parameter'))).toEqual([
        "hello: `abc' invalid for parameter `irq'",
        "hello: `40000' invalid for parameter `small'",
      ]);
      const t = insmod(s0, pmod, 'small=40000 irq=abc');
      expect(ret(t)).toBe(-E.EINVAL);
    });

    it('ignores what follows a bare --', () => {
      const s0 = boot();
      const s = insmod(s0, pmod, 'irq=4 -- irq=abc foo');
      expect(ret(s)).toBe(0);
      expect(modsOf(s).hello?.params.irq).toBe('4');
      expect(newLines(s0, s)).toContain("hello: parameters 'irq=abc foo' after `--' ignored");
    });

    it('never runs init when a parameter is bad', () => {
      const s0 = boot();
      const s = insmod(s0, image({ ...pmod, init: [st.printk('init ran'), st.ret(0)] }), 'irq=abc');
      expect(newLines(s0, s)).not.toContain('init ran');
    });
  });

  it('unwinds an init that fails through a goto label: no exit, module gone, memory and refs back', () => {
    const s0 = withProv();
    const failing = image({
      name: 'hello',
      imports: ['prov_fn'],
      init: [
        st.kmalloc('buf', 100), st.ifError('fail'),
        st.kmalloc('big', 200_000), st.ifError('free_buf'),
        st.ret(0),
        st.label('free_buf'), st.kfree('buf'),
        st.label('fail'), st.ret(-E.ENOMEM),
      ],
      exit: [st.printk('exit called')],
    });
    const s = insmod(s0, failing);
    expect(ret(s)).toBe(-E.ENOMEM);
    expect(dmesg(s)).not.toContain('exit called');
    expect(newLines(s0, s).some((l) => l.startsWith('kmemleak'))).toBe(false);
    expect(modsOf(s).hello).toBeUndefined();
    expect(modsOf(s).prov?.usedBy).toEqual([]);
    expect(refsum(s, 'prov')).toBe(0);
    expect(kernelView(s)).toEqual(kernelView(s0));
  });

  it('reports what a failing init leaked', () => {
    const s0 = boot();
    const s = insmod(s0, image({ name: 'leaky', init: [st.kmalloc('buf', 64), st.ret(-E.ENODEV)] }));
    expect(ret(s)).toBe(-E.ENODEV);
    expect(newLines(s0, s).at(-1)).toBe('kmemleak: 1 new suspected memory leaks (see /sys/kernel/debug/kmemleak)');
    expect(Object.values(s.memory.allocations)).toMatchObject([{ kind: 'kmalloc', size: 64, owner: 'leaky' }]);
  });

  it('warns about an init that returns 1 and keeps the module', () => {
    const s0 = boot();
    const s = insmod(s0, image({ name: 'odd', init: [st.ret(1)] }));
    expect(ret(s)).toBe(0);
    expect(modsOf(s).odd?.state).toBe('LIVE');
    const lines = newLines(s0, s);
    const at = lines.indexOf("do_init_module: 'odd'->init suspiciously returned 1, it should follow 0/-E convention");
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe('do_init_module: loading module anyway...');
    expect(lines[at + 2]).toBe('CPU: 0 PID: 1042 Comm: insmod Tainted: G           OE      6.1.0-56-amd64 #1  Debian 6.1.192-2');
    expect(lines).toContain('Call Trace:');
  });

  it('loads a module without an init function in one do_one_initcall step', () => {
    const run = stepAll(startInit(boot(), image({ name: 'noinit', init: null, exit: null }), ''));
    const initcall = run.steps.flat().filter((t) => t.id === 'do_one_initcall' || t.id.startsWith('init:'));
    expect(initcall).toMatchObject([{ id: 'do_one_initcall', status: 'done', note: 'no init function' }]);
    expect(modsOf(run.final).noinit?.state).toBe('LIVE');
    expect(readVirtual(run.final, '/proc/modules')).toMatch(/^noinit 16384 0 - Live /);
  });

  it('prints the out-of-tree and unsigned messages once per boot, but taints every module', () => {
    const s0 = boot();
    const s1 = insmod(s0, image({ name: 'one' }));
    expect(newLines(s0, s1)).toEqual([`one: ${OOT}`, `one: ${UNSIGNED}`]);
    const s2 = insmod(s1, image({ name: 'two' }));
    expect(newLines(s1, s2)).toEqual([]);
    expect(modsOf(s2).two?.taints).toBe('OE');
    expect(s2.taint).toBe(12288);
    const s3 = insmod(s2, image({ name: 'three', intree: true, signed: true }));
    expect(modsOf(s3).three?.taints).toBe('');
    expect(readVirtual(s3, '/proc/modules')).toMatch(/^three 16384 0 - Live 0x[0-9a-f]{16}$/m);
  });

  it('needs no taint for an in-tree signed module', () => {
    const s0 = boot();
    const s = insmod(s0, image({ name: 'intree', intree: true, signed: true }));
    expect(newLines(s0, s)).toEqual([]);
    expect(s.taint).toBe(0);
  });
});

describe('init_module fault injection', () => {
  const victim = image({
    name: 'hello',
    imports: ['_printk', 'prov_fn'],
    params: [param('irq', 'int')],
    init: [st.kmalloc('buf', 100), st.ifError('fail'), st.printk('init %d', ['irq']), st.kfree('buf'), st.ret(0), st.label('fail'), st.ret(-E.ENOMEM)],
    exit: [st.printk('exit')],
  });

  for (const step of INIT_STEP_IDS) {
    it(`unwinds completely when ${step} fails`, () => {
      const s0 = withProv();
      const s = act(s0,
        { type: 'inject_fault', fault: { step, errno: E.EIO } },
        { type: 'init_module', bytes: bytes(victim), args: 'irq=5' },
        { type: 'run' });
      expect(ret(s)).toBe(-E.EIO);
      expect(s.inflight).toEqual([]);
      expect(s.faults).toEqual([]);
      expect(modsOf(s).hello).toBeUndefined();
      expect(moduleNames(s.modules)).toEqual(['prov']);
      expect(modsOf(s).prov?.usedBy).toEqual([]);
      expect(refsum(s, 'prov')).toBe(0);
      expect(s.memory.usedBytes).toBe(s0.memory.usedBytes);
      expect(allocatedBytes(s)).toBe(0);
      expect(dmesg(s)).not.toContain('exit');
      expect(kernelView(s)).toEqual(kernelView(s0));
      // The module can be loaded afterwards.
      expect(ret(insmod(s, victim, 'irq=5'))).toBe(0);
    });
  }

  it('marks the failed step in the trace', () => {
    const s = act(withProv(), { type: 'inject_fault', fault: { step: 'parse_args', errno: E.EIO } }, { type: 'init_module', bytes: bytes(victim), args: '' });
    const failed = stepAll(s).steps.flat().find((t) => t.status === 'failed');
    expect(failed).toMatchObject({ id: 'parse_args', status: 'failed', note: 'fault injected: returns -5' });
  });

  it('only fires for the module it names', () => {
    const s = act(withProv(),
      { type: 'inject_fault', fault: { step: 'do_one_initcall', errno: E.EIO, module: 'other' } },
      { type: 'init_module', bytes: bytes(victim), args: '' }, { type: 'run' });
    expect(ret(s)).toBe(0);
    expect(s.faults).toHaveLength(1);
  });

  it('makes a statement fail with stmt:kmalloc, taking the goto path', () => {
    const s0 = withProv();
    const s = act(s0, { type: 'inject_fault', fault: { step: 'stmt:kmalloc', errno: E.ENOMEM } }, { type: 'init_module', bytes: bytes(victim), args: '' }, { type: 'run' });
    expect(ret(s)).toBe(-E.ENOMEM);
    expect(kernelView(s)).toEqual(kernelView(s0));
  });

  function unwindOf(step: string, spec = victim, args = 'irq=5'): { unwind: string[]; traced: string[] } {
    let s = act(withProv(), { type: 'inject_fault', fault: { step, errno: E.EIO } }, { type: 'init_module', bytes: bytes(spec), args });
    const run = stepAll(s);
    const failedAt = run.steps.findIndex((e) => e.some((t) => t.status === 'failed'));
    s = run.states[failedAt]!;
    const unwind = [...(call(s).unwind ?? [])];
    const traced = run.steps.slice(failedAt + 1).flat().map((t) => {
      expect(t.status).toBe('unwind');
      return t.id;
    });
    return { unwind, traced };
  }

  it('walks the goto labels after simplify_symbols fails', () => {
    const { unwind, traced } = unwindOf('simplify_symbols');
    expect(unwind).toEqual(['free_unload', 'unlink_mod', 'free_module', 'free_copy']);
    expect(traced).toEqual(['free_unload', 'unlink_mod', 'free_module', 'free_copy']);
  });

  it('walks the goto labels after parse_args fails', () => {
    const { unwind } = unwindOf('parse_args');
    expect(unwind).toEqual(['coming_cleanup', 'free_unload', 'unlink_mod', 'free_module', 'free_copy']);
  });

  it('walks do_init_module\'s fail path after init fails', () => {
    const { unwind } = unwindOf('do_one_initcall');
    expect(unwind).toEqual(['do_init_module_fail', 'module_unload_free', 'list_del_rcu', 'module_memfree']);
  });

  it('shows the module GOING, then gone, while the init failure unwinds', () => {
    let s = act(withProv(), { type: 'init_module', bytes: bytes(image({ name: 'bad', imports: ['prov_fn'], init: [st.ret(-E.ENODEV)] })), args: '' });
    s = stepUntil(s, 'do_one_initcall');
    s = act(s, { type: 'step' }); // do_init_module_fail
    expect(modsOf(s).bad?.state).toBe('GOING');
    expect(refsum(s, 'bad')).toBe(0);
    s = act(s, { type: 'step' }); // module_unload_free
    expect(modsOf(s).prov?.usedBy).toEqual([]);
    expect(refsum(s, 'prov')).toBe(0);
    s = act(s, { type: 'step' }); // list_del_rcu
    expect(modsOf(s).bad).toBeUndefined();
    expect(moduleNames(s.modules)).toEqual(['prov']);
    s = act(s, { type: 'step' }); // module_memfree
    expect(s.inflight).toEqual([]);
    expect(ret(s)).toBe(-E.ENODEV);
  });
});

describe('vermagic details', () => {
  it('accepts the running kernel\'s vermagic (with the trailing space)', () => {
    expect(VERMAGIC).toBe('6.1.0-56-amd64 SMP preempt mod_unload modversions ');
    expect(ret(insmod(boot(), image({ name: 'ok' })))).toBe(0);
  });

  it('without modversions forces module_layout, then compares the whole vermagic', () => {
    const s0 = boot();
    const s = insmod(s0, image({ name: 'nover', vermagic: '6.1.0-56-amd64 SMP preempt mod_unload ' }));
    expect(ret(s)).toBe(-E.ENOEXEC);
    expect(newLines(s0, s)).toEqual([
      'nover: module_layout: kernel tainted.',
      LOCKDEP,
      "nover: version magic '6.1.0-56-amd64 SMP preempt mod_unload ' should be '6.1.0-56-amd64 SMP preempt mod_unload modversions '",
    ]);
  });
});

describe('after a load', () => {
  it('can be unloaded again and reloaded', () => {
    let s = insmod(withProv(), hello, 'irq=5');
    s = rmmod(s, 'hello');
    expect(ret(s)).toBe(0);
    s = insmod(s, hello, 'irq=6');
    expect(ret(s)).toBe(0);
    expect(modsOf(s).hello?.params.irq).toBe('6');
  });
});
