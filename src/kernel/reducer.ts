// The simulated kernel: (KernelState, Action) -> KernelState, pure and deterministic.
// Syscalls start with init_module / delete_module and advance with `step` (one step) or `run`
// (to the end, or until a user-mode helper must run). Errors are values: a failed syscall leaves
// its negative errno in `ret`; an action that cannot apply sets `rejected` and changes nothing else.
import { deepFreeze, inAction, own } from './cow';
import { E } from './errno';
import { DELETE_MODULE } from './deleteModule';
import { INIT_MODULE } from './initModule';
import { elapse } from './log';
import { makeDir, makeNode, removeFile, writeFile } from './fs';
import { writeVirtual } from './procfs';
import { clampCpus } from './state';
import { ownMod } from './shards';
import { modulePut, reshapeRefs, tryModuleGet } from './refcount';
import { completeRequestModule } from './statements';
import { ownModuleOf, stepOnce } from './syscall';
import type { Action, KernelState, Syscall } from './types';

/** `run` gives up after this many steps (a manifest's goto loop cannot hang the page). */
const RUN_LIMIT = 100_000;

/** The next state: a copy of `state` that shares every object the action does not change (see
 * cow.ts), deep-frozen, like `state` itself. */
export function reduce(state: KernelState, action: Action): KernelState {
  // A state made by hand (a test's, a restored one) is frozen here once; one made by reduce() or
  // bootState() already is, and this is a single check.
  deepFreeze(state);
  const s: KernelState = { ...state, actions: state.actions + 1, rejected: null };
  return inAction(s, state, (next) => apply(next, action));
}

function innermost(s: KernelState): Syscall | undefined {
  return s.inflight[s.inflight.length - 1];
}

/** The innermost syscall, made this action's own to be advanced. */
function ownInnermost(s: KernelState): Syscall {
  return own(own(s, 'inflight'), s.inflight.length - 1);
}

function stepInnermost(s: KernelState): boolean {
  const waiting = innermost(s);
  if (!waiting || waiting.blocked) return false;
  const c = ownInnermost(s);
  if (c.kind === 'init_module') stepOnce(s, c, INIT_MODULE);
  else stepOnce(s, c, DELETE_MODULE);
  return true;
}

/** Runs the innermost syscall until it returns or blocks on a user-mode helper. */
function runInnermost(s: KernelState): void {
  const c = ownInnermost(s);
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
      own(s, 'inflight').push({ ...base(s, action.comm), kind: 'init_module', bytes: action.bytes, args: action.args, force: action.force ?? false, name: null });
      return;
    case 'delete_module':
      if (!canStart(s)) { s.rejected = 'a syscall is already in progress: step or run it first'; return; }
      elapse(s, 2000);
      own(s, 'inflight').push({ ...base(s, action.comm ?? 'rmmod'), kind: 'delete_module', name: action.name, force: action.force ?? false, forced: false });
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
      const index = s.inflight.findIndex((c) => c.id === umh?.waiter);
      if (!umh || index < 0) { s.rejected = 'no user-mode helper is running'; return; }
      s.umh = umh.outer ?? null;
      const waiter = own(own(s, 'inflight'), index);
      const mod = ownModuleOf(s, waiter);
      if (mod) completeRequestModule(waiter, mod, action.code);
      return;
    }
    case 'open_device': {
      const dev = s.chrdevs[action.major];
      const mod = dev ? ownMod(s, dev.module) : undefined;
      // chrdev_open(): fops_get() is try_module_get(fops->owner); failing gives -ENXIO.
      if (!dev || !mod || !tryModuleGet(s, mod, action.cpu ?? s.cpu)) { setRet(s, 'holder', -E.ENXIO); return; }
      const id = s.nextHolderId++;
      own(s, 'holders').push({ id, module: mod.name, cpu: action.cpu ?? s.cpu, label: action.label, major: action.major });
      setRet(s, 'holder', id);
      return;
    }
    case 'close_device': {
      const holder = s.holders.find((h) => h.id === action.holder);
      if (!holder) { setRet(s, 'holder', -E.EBADF); return; }
      s.holders = s.holders.filter((h) => h.id !== action.holder);
      const mod = ownMod(s, holder.module);
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
      s.holders = s.holders.map((h) => ({ ...h, cpu: Math.min(h.cpu, s.ncpus - 1) }));
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
      own(s, 'log').clearSeq = s.log.nextSeq;
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
      own(s, 'faults').push(action.fault);
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
