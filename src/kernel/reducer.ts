// The simulated kernel: (KernelState, Action) -> KernelState, pure and deterministic.
// Syscalls start with init_module / delete_module and advance with `step` (one step) or `run`
// (to the end, or until a user-mode helper must run). Errors are values: a failed syscall leaves
// its negative errno in `ret`; an action that cannot apply sets `rejected` and changes nothing else.
import { produce, setUseStrictIteration } from 'immer';
import { E } from './errno';
import { DELETE_MODULE } from './deleteModule';
import { INIT_MODULE } from './initModule';
import { elapse } from './log';
import { makeDir, makeNode, removeFile, writeFile } from './fs';
import { writeVirtual } from './procfs';
import { clampCpus } from './state';
import { getMod } from './shards';
import { modulePut, reshapeRefs, tryModuleGet } from './refcount';
import { completeRequestModule } from './statements';
import { moduleOf, stepOnce } from './syscall';
import { peek } from './peek';
import { plain } from './symbols';
import type { Action, KernelState, Syscall } from './types';

// The state holds plain data only (no symbol keys, no non-enumerable properties), so immer may
// walk copies with Object.keys() instead of Reflect.ownKeys(): a trivial action costs a third less.
setUseStrictIteration(false);

/** `run` gives up after this many steps (a manifest's goto loop cannot hang the page). */
const RUN_LIMIT = 100_000;

export function reduce(state: KernelState, action: Action): KernelState {
  return produce(state, (s) => {
    s.actions += 1;
    s.rejected = null;
    apply(s as KernelState, action);
  });
}

function innermost(s: KernelState): Syscall | undefined {
  return s.inflight[s.inflight.length - 1];
}

function stepInnermost(s: KernelState): boolean {
  const c = innermost(s);
  if (!c || c.blocked) return false;
  if (c.kind === 'init_module') stepOnce(s, c, INIT_MODULE);
  else stepOnce(s, c, DELETE_MODULE);
  return true;
}

/** Runs the innermost syscall until it returns or blocks on a user-mode helper. It is first put
 * back into the list as a plain object (what it holds stays drafted), so that its many reads and
 * writes along the way do not each go through immer's traps. */
function runInnermost(s: KernelState): void {
  const i = s.inflight.length - 1;
  const draft = s.inflight[i]!;
  // Nothing changed it yet in this action, so its fields are those of the state before; a module
  // it holds (frozen) must be drafted, though, to be changed.
  const before = peek(draft);
  const c: Syscall = before.staged ? { ...draft } : { ...before };
  c.trace = Array.from(plain(c.trace));
  if (c.unwind) c.unwind = Array.from(plain(c.unwind));
  s.inflight[i] = c;
  for (let n = 0; n < RUN_LIMIT && !c.blocked; n++) {
    if (c.kind === 'init_module' ? stepOnce(s, c, INIT_MODULE) : stepOnce(s, c, DELETE_MODULE)) return;
  }
}

/** A new syscall may start when none runs, or when the running one waits for a helper. */
function canStart(s: KernelState): boolean {
  const c = innermost(s);
  return !c || c.blocked;
}

function base(s: KernelState, comm: string | undefined) {
  return {
    id: s.nextSyscallId++, pid: s.nextPid++, comm: comm ?? 'insmod', phase: 0, pc: 0, unwind: null,
    err: 0, trace: [], blocked: false, staged: null, copy: null, note: null,
  };
}

function apply(s: KernelState, action: Action): void {
  switch (action.type) {
    case 'init_module':
      if (!canStart(s)) { s.rejected = 'a syscall is already in progress: step or run it first'; return; }
      elapse(s, 2000);
      s.inflight.push({ ...base(s, action.comm), kind: 'init_module', bytes: action.bytes, args: action.args, force: action.force ?? false, name: null });
      return;
    case 'delete_module':
      if (!canStart(s)) { s.rejected = 'a syscall is already in progress: step or run it first'; return; }
      elapse(s, 2000);
      s.inflight.push({ ...base(s, action.comm ?? 'rmmod'), kind: 'delete_module', name: action.name, force: action.force ?? false, forced: false });
      return;
    case 'step':
      if (!stepInnermost(s)) s.rejected = innermost(s) ? 'waiting for modprobe to finish' : 'no syscall in progress';
      return;
    case 'run':
      if (s.inflight.length === 0) { s.rejected = 'no syscall in progress'; return; }
      runInnermost(s);
      return;
    case 'umh_exit': {
      const umh = s.umh;
      const waiter = s.inflight.find((c) => c.id === umh?.waiter);
      if (!umh || !waiter) { s.rejected = 'no user-mode helper is running'; return; }
      s.umh = umh.outer ?? null;
      const mod = moduleOf(s, waiter);
      if (mod) completeRequestModule(waiter, mod, action.code);
      return;
    }
    case 'open_device': {
      const dev = s.chrdevs[action.major];
      const mod = dev ? getMod(s, dev.module) : undefined;
      // chrdev_open(): fops_get() is try_module_get(fops->owner); failing gives -ENXIO.
      if (!dev || !mod || !tryModuleGet(s, mod, action.cpu ?? s.cpu)) { setRet(s, 'holder', -E.ENXIO); return; }
      const id = s.nextHolderId++;
      s.holders.push({ id, module: mod.name, cpu: action.cpu ?? s.cpu, label: action.label, major: action.major });
      setRet(s, 'holder', id);
      return;
    }
    case 'close_device': {
      const holder = s.holders.find((h) => h.id === action.holder);
      if (!holder) { setRet(s, 'holder', -E.EBADF); return; }
      s.holders = s.holders.filter((h) => h.id !== action.holder);
      const mod = getMod(s, holder.module);
      if (mod) modulePut(s, mod, action.cpu ?? s.cpu);
      setRet(s, 'holder', 0);
      return;
    }
    case 'set_cpu':
      s.cpu = Math.max(0, Math.min(Math.floor(action.cpu), s.ncpus - 1));
      return;
    case 'set_cpus':
      if (s.inflight.length > 0) { s.rejected = 'cannot change CPUs while a syscall runs'; return; }
      s.ncpus = clampCpus(action.ncpus);
      s.cpu = Math.min(s.cpu, s.ncpus - 1);
      for (const h of s.holders) h.cpu = Math.min(h.cpu, s.ncpus - 1);
      reshapeRefs(s);
      return;
    case 'set_refcount_model':
      if (s.inflight.length > 0) { s.rejected = 'cannot change the model while a syscall runs'; return; }
      s.refcountModel = action.model;
      reshapeRefs(s);
      return;
    case 'set_cred':
      s.cred = { uid: action.uid, user: action.user };
      return;
    case 'set_console_loglevel':
      s.consoleLoglevel = Math.max(1, Math.min(8, Math.floor(action.level)));
      return;
    case 'set_modules_disabled':
      s.modulesDisabled = true;
      return;
    case 'clear_log':
      s.log.clearSeq = s.log.nextSeq;
      return;
    case 'write_file': {
      const virtual = writeVirtual(s, action.path, action.data);
      setRet(s, 'fs', virtual ?? writeFile(s, action.path, action.data, action.append ?? false, action.mode));
      return;
    }
    case 'mkdir':
      setRet(s, 'fs', makeDir(s, action.path, action.mode));
      return;
    case 'mknod':
      setRet(s, 'fs', makeNode(s, action.path, action.major, action.minor));
      return;
    case 'unlink':
      setRet(s, 'fs', removeFile(s, action.path));
      return;
    case 'write_param': {
      const ret = writeVirtual(s, `/sys/module/${action.module}/parameters/${action.param}`, action.value);
      setRet(s, 'fs', ret ?? -E.ENOENT);
      return;
    }
    case 'inject_fault':
      s.faults.push(action.fault);
      return;
    case 'clock':
      s.clock += Math.max(0, Math.floor(action.usec));
      return;
    default: {
      const unknown: never = action;
      s.rejected = `unknown action ${JSON.stringify(unknown)}`;
    }
  }
}

function setRet(s: KernelState, kind: 'fs' | 'holder', value: number): void {
  s.ret = { id: 0, kind, value, name: null };
}
