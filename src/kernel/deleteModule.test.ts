import { describe, expect, it } from 'vitest';
import { E } from './errno';
import { readVirtual } from './procfs';
import {
  act, boot, call, DELETE_STEP_IDS, dmesg, image, insmod, kernelView, newLines, refsum, ret, rmmod, st,
  stepAll, stepUntil,
} from './testing';
import type { DeleteModuleCall, KernelState } from './types';
import { modsOf } from './shards';
import { lastRecord } from './log';
import { moduleNames } from './modlist';

const LOCKDEP = 'Disabling lock debugging due to kernel taint';

const prov = image({ name: 'prov', exports: [{ symbol: 'prov_fn', gpl: false }] });
const user = image({ name: 'user', imports: ['prov_fn'] });
const dev = image({
  name: 'chardev',
  init: [st.registerChrdev('chardev', 0, 'major'), st.ifError('out'), st.ret(0), st.label('out'), st.ret(-E.EBUSY)],
  exit: [st.unregisterChrdev('chardev'), st.printk('chardev: exit')],
});

function loaded(...specs: Array<ReturnType<typeof image>>): KernelState {
  let s = boot();
  for (const spec of specs) {
    s = insmod(s, spec);
    expect(ret(s)).toBe(0);
  }
  return s;
}

function startDelete(s: KernelState, name: string, force = false): KernelState {
  return act(s, { type: 'delete_module', name, force });
}

describe('delete_module, one step at a time', () => {
  it('runs the seed\'s steps in order, one step per exit statement', () => {
    const s0 = loaded(image({ name: 'hello', exit: [st.printk('bye'), st.printk('bye again')] }));
    const run = stepAll(startDelete(s0, 'hello'));
    expect(run.steps.map((e) => e.map((t) => t.id))).toEqual([
      ['capable'], ['strncpy_from_user'], ['find_module'], ['source_list'], ['module_state'],
      ['init_without_exit'], ['stop_machine'], ['try_release_module_ref'], ['try_stop_module'],
      ['exit:0'], ['exit:1', 'exit'], ['module_unload_free'], ['list_del_rcu'], ['module_memfree'], ['return'],
    ]);
    const seeds = Object.fromEntries(run.steps.flat().filter((t) => !t.id.includes(':')).map((t) => [t.id, t.seed]));
    expect(seeds).toEqual({
      capable: [1], strncpy_from_user: [2], find_module: [3], source_list: [4], module_state: [5],
      init_without_exit: [6], stop_machine: [7], try_release_module_ref: [9], try_stop_module: [8],
      exit: [10], module_unload_free: [12], list_del_rcu: [11], module_memfree: [13], return: [14],
    });
    expect(DELETE_STEP_IDS).toHaveLength(14);
    expect(ret(run.final)).toBe(0);
    expect(run.final.ret).toMatchObject({ kind: 'delete_module', name: 'hello', value: 0 });
    expect(run.final.lastUnloaded).toBe('hello');
    expect(newLines(s0, run.final)).toEqual(['bye', 'bye again']);
  });

  it('changes the state the way each step should', () => {
    const s0 = loaded(prov, user);
    const used0 = s0.memory.usedBytes;
    const states = stepAll(startDelete(s0, 'user')).states;
    const at = (i: number) => states[i]!;
    expect((at(1).inflight[0] as DeleteModuleCall).name).toBe('user');
    // stop_machine halts the other CPUs until try_stop_module.
    expect(at(5).cpusStopped).toBe(false);
    expect(at(6).cpusStopped).toBe(true);
    expect(at(7).cpusStopped).toBe(true);
    expect(modsOf(at(7)).user?.state).toBe('LIVE');
    // try_stop_module: GOING, /proc/modules says Unloading (OE-).
    expect(at(8).cpusStopped).toBe(false);
    expect(modsOf(at(8)).user?.state).toBe('GOING');
    expect(readVirtual(at(8), '/proc/modules')).toMatch(/^user 16384 0 - Unloading 0x[0-9a-f]{16} \(OE-\)$/m);
    // exit (empty), then module_unload_free drops the reference on prov.
    expect(modsOf(at(9)).prov?.usedBy).toEqual(['user']);
    expect(modsOf(at(10)).prov?.usedBy).toEqual([]);
    expect(refsum(at(10), 'prov')).toBe(0);
    expect(modsOf(at(10)).user?.state).toBe('UNFORMED');
    expect(modsOf(at(10)).user?.sysfs).toBe(false);
    expect(readVirtual(at(10), '/proc/modules')).not.toContain('user');
    // list_del_rcu: off the list.
    expect(modsOf(at(11)).user).toBeUndefined();
    expect(moduleNames(at(11).modules)).toEqual(['prov']);
    expect(at(11).memory.usedBytes).toBe(used0);
    // module_memfree
    expect(at(12).memory.usedBytes).toBe(used0 - 16384);
    expect(at(13).inflight).toEqual([]);
  });

  it('skips stop_machine in the 6.1 atomic model', () => {
    const s0 = act(boot(), { type: 'set_refcount_model', model: 'atomic' });
    const s1 = insmod(s0, image({ name: 'hello' }));
    const run = stepAll(startDelete(s1, 'hello'));
    const stop = run.steps.flat().find((t) => t.id === 'stop_machine');
    expect(stop).toMatchObject({ status: 'skipped' });
    expect(run.states.every((s) => !s.cpusStopped)).toBe(true);
    expect(ret(run.final)).toBe(0);
  });

  it('refuses to change the refcount model while a syscall runs', () => {
    const s = act(startDelete(loaded(image({ name: 'hello' })), 'hello'), { type: 'set_refcount_model', model: 'atomic' });
    expect(s.rejected).toMatch(/cannot change the model/);
    expect(s.refcountModel).toBe('percpu');
  });
});

describe('delete_module errors', () => {
  it('EPERM without CAP_SYS_MODULE', () => {
    const s0 = act(loaded(image({ name: 'hello' })), { type: 'set_cred', uid: 1000, user: 'student' });
    const s = rmmod(s0, 'hello');
    expect(ret(s)).toBe(-E.EPERM);
    expect(modsOf(s).hello?.state).toBe('LIVE');
  });

  it('EPERM with modules_disabled, even for root', () => {
    const s = rmmod(act(loaded(image({ name: 'hello' })), { type: 'set_modules_disabled' }), 'hello');
    expect(ret(s)).toBe(-E.EPERM);
  });

  it('ENOENT for a module that is not loaded', () => {
    const s0 = boot();
    const s = rmmod(s0, 'nosuch');
    expect(ret(s)).toBe(-E.ENOENT);
    expect(newLines(s0, s)).toEqual([]);
    // capable, strncpy_from_user, then find_module fails and (with nothing to unwind) returns at once.
    const run = stepAll(startDelete(s0, 'nosuch'));
    expect(run.steps.map((e) => e.map((t) => t.id))).toEqual([['capable'], ['strncpy_from_user'], ['find_module']]);
    expect(run.final.ret?.trace?.at(-1)).toMatchObject({ id: 'find_module', status: 'failed' });
    expect(ret(run.final)).toBe(-E.ENOENT);
  });

  it('EWOULDBLOCK while other modules use it, even with force, and without taint', () => {
    const s0 = loaded(prov, user);
    for (const force of [false, true]) {
      const s = rmmod(s0, 'prov', force);
      expect(ret(s)).toBe(-E.EWOULDBLOCK);
      expect(s.taint & 8).toBe(0);
      expect(kernelView(s)).toEqual(kernelView(s0));
    }
    const failed = stepAll(startDelete(s0, 'prov', true)).steps.flat().find((t) => t.status === 'failed');
    expect(failed).toMatchObject({ id: 'source_list', note: 'used by user' });
  });

  it('EBUSY for a module that is still coming up', () => {
    const s0 = insmod(boot(), image({ name: 'slow', init: [st.requestModule('helper'), st.ret(0)] }));
    expect(modsOf(s0).slow?.state).toBe('COMING');
    const s = rmmod(s0, 'slow', true);
    expect(ret(s)).toBe(-E.EBUSY);
    expect(modsOf(s).slow?.state).toBe('COMING');
    expect(s.taint & 8).toBe(0);
  });

  it('EBUSY for a module with init but no exit; rmmod -f frees it without exit and taints R', () => {
    const perm = image({ name: 'perm', init: [st.ret(0)], exit: null });
    const s0 = loaded(perm);
    expect(readVirtual(s0, '/proc/modules')).toMatch(/^perm 16384 0 \[permanent\], Live /);
    const s1 = rmmod(s0, 'perm');
    expect(ret(s1)).toBe(-E.EBUSY);
    expect(kernelView(s1)).toEqual(kernelView(s0));
    const s2 = rmmod(s1, 'perm', true);
    expect(ret(s2)).toBe(0);
    expect(modsOf(s2).perm).toBeUndefined();
    expect(s2.taint & 8).toBe(8);
    expect(s2.taint).toBe(8 | 4096 | 8192);
    expect(readVirtual(s2, '/proc/sys/kernel/tainted')).toBe('12296\n');
    expect(newLines(s1, s2)).toEqual([LOCKDEP]);
    expect(s2.memory.usedBytes).toBe(0);
  });

  it('lets a module with neither init nor exit go', () => {
    const s = rmmod(loaded(image({ name: 'bare', init: null, exit: null })), 'bare');
    expect(ret(s)).toBe(0);
    expect(s.taint & 8).toBe(0);
  });

  it('EWOULDBLOCK while a device of the module is open; rmmod -f unloads it anyway and runs exit', () => {
    const s0 = loaded(dev);
    expect(s0.chrdevs[254]).toEqual({ name: 'chardev', module: 'chardev' });
    const s1 = act(s0, { type: 'open_device', major: 254, cpu: 1, label: 'cat /dev/chardev' });
    expect(ret(s1)).toBe(1);
    expect(modsOf(s1).chardev?.refs).toEqual([0, 1, 0, 0]);
    expect(readVirtual(s1, '/proc/modules')).toMatch(/^chardev 16384 1 - Live /);

    const s2 = rmmod(s1, 'chardev');
    expect(ret(s2)).toBe(-E.EWOULDBLOCK);
    expect(s2.cpusStopped).toBe(false);
    expect(modsOf(s2).chardev?.state).toBe('LIVE');
    expect(kernelView(s2)).toEqual(kernelView(s1));
    const run = stepAll(startDelete(s1, 'chardev'));
    const failedAt = run.steps.findIndex((e) => e.some((t) => t.status === 'failed'));
    expect(run.steps[failedAt]).toMatchObject([{ id: 'try_release_module_ref', note: 'reference count 1' }]);
    expect(run.states[failedAt]!.cpusStopped).toBe(true);
    expect(call(run.states[failedAt]!).unwind).toEqual(['restart_machine']);

    const s3 = rmmod(s1, 'chardev', true);
    expect(ret(s3)).toBe(0);
    expect(newLines(s1, s3)).toEqual([LOCKDEP, 'chardev: exit']);
    expect(s3.taint & 8).toBe(8);
    expect(modsOf(s3).chardev).toBeUndefined();
    expect(s3.chrdevs).toEqual({});
    // The holder is still there; closing it touches no module.
    expect(s3.holders).toHaveLength(1);
    const s4 = act(s3, { type: 'close_device', holder: 1 });
    expect(ret(s4)).toBe(0);
    expect(s4.holders).toEqual([]);
  });

  it('can unload once the device is closed, even from another CPU (per-CPU counters)', () => {
    let s = act(loaded(dev), { type: 'open_device', major: 254, cpu: 1, label: 'cat' });
    s = act(s, { type: 'close_device', holder: 1, cpu: 3 });
    expect(modsOf(s).chardev?.refs).toEqual([0, 1, 0, -1]);
    expect(refsum(s, 'chardev')).toBe(0);
    s = rmmod(s, 'chardev');
    expect(ret(s)).toBe(0);
  });

  it('rmmod -f with the device open, then a reload: closing the old file leaves the new module alone', () => {
    let s = act(loaded(dev), { type: 'open_device', major: 254, cpu: 0, label: 'cat' });
    s = rmmod(s, 'chardev', true);
    expect(ret(s)).toBe(0);
    s = act(insmod(s, dev), { type: 'close_device', holder: 1 });
    expect(ret(s)).toBe(0);
    expect(s.holders).toEqual([]);
    expect(refsum(s, 'chardev')).toBe(0);
  });

  it('ENXIO when opening the device of a module being unloaded', () => {
    const s0 = loaded(image({ ...dev, exit: [st.requestModule('cleanup-helper'), st.unregisterChrdev('chardev')] }));
    const going = rmmod(s0, 'chardev');
    expect(modsOf(going).chardev?.state).toBe('GOING');
    const s = act(going, { type: 'open_device', major: 254, label: 'cat' });
    expect(ret(s)).toBe(-E.ENXIO);
    expect(s.holders).toEqual([]);
  });
});

describe('delete_module and memory', () => {
  it('reports a kmemleak line when exit does not free what init allocated', () => {
    const s0 = loaded(image({ name: 'leaky', init: [st.kmalloc('buf', 200), st.ret(0)], exit: [] }));
    const s = rmmod(s0, 'leaky');
    expect(ret(s)).toBe(0);
    expect(newLines(s0, s)).toEqual(['kmemleak: 1 new suspected memory leaks (see /sys/kernel/debug/kmemleak)']);
    expect(lastRecord(s.log)?.level).toBe(6);
    expect(Object.values(s.memory.allocations)).toMatchObject([{ kind: 'kmalloc', size: 256, requested: 200, owner: 'leaky', by: 'init' }]);
    expect(s.memory.usedBytes).toBe(256);
  });

  it('frees in exit what init allocated, without a kmemleak line', () => {
    const s0 = loaded(image({ name: 'tidy', init: [st.kmalloc('buf', 200), st.ret(0)], exit: [st.kfree('buf')] }));
    const s = rmmod(s0, 'tidy');
    expect(newLines(s0, s)).toEqual([]);
    expect(s.memory.usedBytes).toBe(0);
    expect(s.memory.allocations).toEqual({});
  });
});

describe('exit and request_module', () => {
  it('blocks the exit on modprobe and resumes with its wait status', () => {
    const mod = image({ name: 'hello', exit: [st.requestModule('helper', 'rc'), st.printk('modprobe said %d', ['rc'])] });
    const s0 = loaded(mod);
    const s1 = rmmod(s0, 'hello');
    expect(call(s1).blocked).toBe(true);
    expect(s1.umh).toMatchObject({ argv: ['/sbin/modprobe', '-q', '--', 'helper'], waiter: call(s1).id });
    expect(modsOf(s1).hello?.state).toBe('GOING');
    expect(readVirtual(s1, '/proc/modules')).toMatch(/ Unloading .* \(OE-\)$/m);
    const stepped = act(s1, { type: 'step' });
    expect(stepped.rejected).toBe('waiting for modprobe to finish');
    const s2 = act(s1, { type: 'umh_exit', code: 1 });
    expect(s2.umh).toBeNull();
    expect(call(s2).trace.at(-1)).toMatchObject({ id: 'exit:0', note: 'modprobe exited with 1: returns 256' });
    const s3 = act(s2, { type: 'run' });
    expect(ret(s3)).toBe(0);
    expect(newLines(s0, s3)).toEqual(['modprobe said 256']);
    expect(modsOf(s3).hello).toBeUndefined();
  });

  it('lets modprobe load another module while the exit waits', () => {
    const mod = image({ name: 'hello', exit: [st.requestModule('helper'), st.printk('done')] });
    const s1 = rmmod(loaded(mod), 'hello');
    const s2 = insmod(s1, image({ name: 'helper' }));
    expect(ret(s2)).toBe(0);
    expect(s2.inflight).toHaveLength(1);
    const s3 = act(s2, { type: 'umh_exit', code: 0 }, { type: 'run' });
    expect(ret(s3)).toBe(0);
    expect(moduleNames(s3.modules)).toEqual(['helper']);
  });

  it('rejects umh_exit when no helper runs', () => {
    const s = act(boot(), { type: 'umh_exit', code: 0 });
    expect(s.rejected).toBe('no user-mode helper is running');
  });
});

describe('delete_module fault injection', () => {
  for (const step of ['capable', 'strncpy_from_user', 'find_module', 'source_list', 'module_state', 'init_without_exit', 'stop_machine', 'try_release_module_ref', 'try_stop_module']) {
    it(`leaves the module loaded when ${step} fails`, () => {
      const s0 = loaded(prov, user);
      const s = act(s0, { type: 'inject_fault', fault: { step, errno: E.EIO } }, { type: 'delete_module', name: 'user' }, { type: 'run' });
      expect(ret(s)).toBe(-E.EIO);
      expect(s.cpusStopped).toBe(false);
      expect(kernelView(s)).toEqual(kernelView(s0));
    });
  }
});

describe('syscall bookkeeping', () => {
  it('refuses a second syscall while one is in progress', () => {
    const s0 = startDelete(loaded(image({ name: 'hello' })), 'hello');
    const s = act(s0, { type: 'init_module', bytes: 'x', args: '' });
    expect(s.rejected).toMatch(/already in progress/);
    expect(s.inflight).toHaveLength(1);
  });

  it('rejects step and run with no syscall', () => {
    expect(act(boot(), { type: 'step' }).rejected).toBe('no syscall in progress');
    expect(act(boot(), { type: 'run' }).rejected).toBe('no syscall in progress');
  });

  it('keeps state frozen', () => {
    const s = loaded(image({ name: 'hello' }));
    expect(() => { (modsOf(s).hello as { state: string }).state = 'GOING'; }).toThrow();
    expect(() => { (s.modules as string[][]).push(['x']); }).toThrow();
    expect(() => { (moduleNames(s.modules) as string[]).push('x'); }).toThrow();
  });

  it('gives the module name in ret and moves the stepping syscall forward deterministically', () => {
    const a = rmmod(loaded(image({ name: 'hello' })), 'hello');
    const b = rmmod(loaded(image({ name: 'hello' })), 'hello');
    expect(a).toEqual(b);
    expect(dmesg(a)).toEqual(dmesg(b));
  });

  it('stepUntil helper finds steps of a delete', () => {
    const s = stepUntil(startDelete(loaded(image({ name: 'hello' })), 'hello'), 'try_stop_module');
    expect(modsOf(s).hello?.state).toBe('GOING');
  });
});
