// delete_module(2) as a step machine, after the seed's 14 steps of sys_delete_module. Steps
// 7–9 follow the 2.6 code the seed describes (stop_machine() around __try_stop_module(), which
// checks the counters before it marks the module GOING); in the 6.1 model (one atomic refcnt)
// there is no stop_machine and try_release_module_ref() drops MODULE_REF_BASE.
import { E } from './errno';
import { getMod } from './shards';
import { addTaint } from './log';
import { refcount } from './refcount';
import { runStatement } from './statements';
import { moduleOf, ownModuleOf, SKIPPED, type StepDef, type SyscallTable, type UnwindDef } from './syscall';
import { MODULE_NAME_LEN, moduleMemfree, teardownAndUnloadFree, unlink } from './freeModule';
import type { DeleteModuleCall, KernelState, KModule } from './types';

type Step = StepDef<DeleteModuleCall>;

function mod(s: KernelState, c: DeleteModuleCall): KModule {
  return moduleOf(s, c)!;
}

/** try_force_unload(): with O_TRUNC (rmmod -f) taint R and go on. */
function tryForceUnload(s: KernelState, c: DeleteModuleCall): boolean {
  if (!c.force) return false;
  c.forced = true;
  addTaint(s, 'FORCED_RMMOD', true);
  return true;
}

const STEPS: Step[] = [
  {
    id: 'capable', fn: 'capable(CAP_SYS_MODULE)', seed: [1],
    run: (s) => (s.cred.uid !== 0 || s.modulesDisabled ? -E.EPERM : 0),
  },
  {
    id: 'strncpy_from_user', fn: 'strncpy_from_user()', seed: [2],
    run(_s, c) {
      c.name = c.name.slice(0, MODULE_NAME_LEN - 1);
      c.note = `name "${c.name}"`;
      return 0;
    },
  },
  {
    id: 'find_module', fn: 'find_module()', seed: [3],
    run(s, c) {
      const m = getMod(s, c.name);
      return m && m.state !== 'UNFORMED' ? 0 : -E.ENOENT;
    },
  },
  {
    id: 'source_list', fn: '!list_empty(&mod->source_list)', seed: [4],
    run(s, c) {
      const m = mod(s, c);
      if (m.usedBy.length === 0) return 0;
      c.note = `used by ${m.usedBy.join(', ')}`;
      return -E.EWOULDBLOCK;
    },
  },
  {
    id: 'module_state', fn: 'mod->state != MODULE_STATE_LIVE', seed: [5],
    run(s, c) {
      const m = mod(s, c);
      c.note = `state ${m.state}`;
      return m.state === 'LIVE' ? 0 : -E.EBUSY;
    },
  },
  {
    id: 'init_without_exit', fn: 'mod->init && !mod->exit', seed: [6],
    run(s, c) {
      const m = mod(s, c);
      if (m.image.init === null || m.image.exit !== null) return 0;
      if (tryForceUnload(s, c)) { c.note = 'no exit function: forced (taint R)'; return 0; }
      c.note = 'init without exit: cannot be removed';
      return -E.EBUSY;
    },
  },
  {
    id: 'stop_machine', fn: 'stop_machine()', seed: [7],
    run(s, c) {
      if (s.refcountModel === 'atomic') { c.note = SKIPPED; return 0; }
      s.cpusStopped = true;
      c.note = s.ncpus > 1 ? `CPUs other than ${s.cpu} halted` : 'only one CPU';
      return 0;
    },
  },
  {
    id: 'try_release_module_ref', fn: 'module_refcount(mod) != 0', seed: [9], unwind: ['restart_machine'],
    run(s, c) {
      const m = mod(s, c);
      const sum = refcount(m);
      if (sum === 0) { c.note = 'reference count 0'; return 0; }
      if (tryForceUnload(s, c)) { c.note = `reference count ${sum}: forced (taint R)`; return 0; }
      c.note = `reference count ${sum}`;
      return -E.EWOULDBLOCK;
    },
  },
  {
    id: 'try_stop_module', fn: 'try_stop_module()', seed: [8], unwind: ['restart_machine'],
    run(s, c) {
      ownModuleOf(s, c)!.state = 'GOING';
      s.cpusStopped = false;
      c.note = 'state LIVE → GOING';
      return 0;
    },
  },
  {
    id: 'exit', fn: 'mod->exit()', seed: [10],
    run(s, c) {
      const m = ownModuleOf(s, c)!;
      if (m.image.exit === null) { c.note = 'no exit function'; return 0; }
      const outcome = runStatement(s, c, m, 'exit');
      if (outcome === 'again' || outcome === 'block') return outcome;
      c.pc = 0;
      c.note = `${m.name}_exit returned`;
      return 0;
    },
  },
  {
    id: 'module_unload_free', fn: 'free_module(): module_unload_free()', seed: [12],
    run(s, c) { teardownAndUnloadFree(s, c); return 0; },
  },
  {
    id: 'list_del_rcu', fn: 'free_module(): list_del_rcu()', seed: [11],
    run(s, c) { unlink(s, c); return 0; },
  },
  {
    id: 'module_memfree', fn: 'free_module(): module_memfree()', seed: [13],
    run(s, c) { moduleMemfree(s, c); return 0; },
  },
  {
    id: 'return', fn: 'return 0', seed: [14],
    run(s, c) { c.err = 0; s.lastUnloaded = c.name; return 0; },
  },
];

const UNWINDS: Record<string, UnwindDef<DeleteModuleCall>> = {
  restart_machine: {
    id: 'restart_machine', fn: 'stop_machine() returns',
    run(s, c) {
      if (s.cpusStopped) c.note = 'the other CPUs run again';
      s.cpusStopped = false;
    },
  },
};

export const DELETE_MODULE: SyscallTable<DeleteModuleCall> = { steps: STEPS, unwinds: UNWINDS };
