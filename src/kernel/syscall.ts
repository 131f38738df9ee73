// The step machine shared by init_module and delete_module. A syscall is a flat list of named
// steps (as load_module() is a flat list of phases); a failing step returns a negative errno and
// the syscall then walks its unwind steps (the goto labels) one by one before returning it.
import { own } from './cow';
import { elapse } from './log';
import { getMod, ownMod } from './shards';
import type { KernelState, KModule, StepTrace, Syscall } from './types';

/** 0: go on. < 0: fail with this errno. 'again': run this step again (next statement). 'block':
 * wait for a user-mode helper. */
export type StepResult = number | 'again' | 'block';

export interface StepDef<C extends Syscall> {
  id: string;
  fn: string;
  seed: number[];
  run(s: KernelState, c: C): StepResult;
  /** The unwind steps to walk when this step fails. */
  unwind?: string[];
}

export interface UnwindDef<C extends Syscall> {
  id: string;
  fn: string;
  run(s: KernelState, c: C): void;
}

export interface SyscallTable<C extends Syscall> {
  steps: ReadonlyArray<StepDef<C>>;
  unwinds: Readonly<Record<string, UnwindDef<C>>>;
}

/** The module the syscall works on, wherever it currently lives. */
export function moduleOf(s: KernelState, c: Syscall): KModule | null {
  if (c.staged) return c.staged;
  return c.name !== null ? getMod(s, c.name) ?? null : null;
}

/** moduleOf(), made the action's own to be changed (`c` must be the action's own). */
export function ownModuleOf(s: KernelState, c: Syscall): KModule | null {
  if (c.staged) return own(c, 'staged');
  return c.name !== null ? ownMod(s, c.name) ?? null : null;
}

/** Runs exactly one step (or one unwind step) of syscall `c`, which must be the innermost and
 * the action's own (cow.ts). Returns true once the syscall has returned. */
export function stepOnce<C extends Syscall>(s: KernelState, c: C, table: SyscallTable<C>): boolean {
  if (c.blocked) return false;
  elapse(s, 40);
  c.note = null;
  if (c.unwind) {
    const def = table.unwinds[own(c, 'unwind').shift() ?? ''];
    if (def) {
      def.run(s, c);
      own(c, 'trace').push(traced(def, [], 'unwind', c.note));
    }
    if (c.unwind.length === 0) return finish(s, c);
    return false;
  }
  const def = table.steps[c.phase];
  if (!def) return finish(s, c);
  const injected = takeFault(s, def.id, c);
  const result = injected ?? def.run(s, c);
  if (result === 'again') return false;
  if (result === 'block') { c.blocked = true; return false; }
  if (result < 0) {
    c.err = result;
    const note = injected !== undefined ? `fault injected: returns ${result}` : c.note ?? `returns ${result}`;
    own(c, 'trace').push(traced(def, def.seed, 'failed', note));
    c.unwind = [...(def.unwind ?? [])];
    return c.unwind.length === 0 ? finish(s, c) : false;
  }
  own(c, 'trace').push(traced(def, def.seed, c.note === SKIPPED ? 'skipped' : 'done', c.note));
  c.phase += 1;
  return c.phase >= table.steps.length ? finish(s, c) : false;
}

/** A step sets c.note = SKIPPED when it does not apply (e.g. stop_machine in the 6.1 model). */
export const SKIPPED = 'skipped';

/** A trace entry, frozen as it is made (it never changes): the end of the action need not walk it. */
function traced(def: { id: string; fn: string }, seed: number[], status: StepTrace['status'], note: string | null): StepTrace {
  const entry: StepTrace = { id: def.id, fn: def.fn, seed: Object.freeze(seed) as number[], status };
  if (note !== null && (note !== SKIPPED || status === 'failed')) entry.note = note;
  return Object.freeze(entry);
}

function takeFault(s: KernelState, step: string, c: Syscall): number | undefined {
  if (s.faults.length === 0) return undefined;
  const module = moduleOf(s, c)?.name ?? c.name;
  const index = s.faults.findIndex((f) => f.step === step && (f.module === undefined || f.module === module));
  if (index < 0) return undefined;
  const [fault] = own(s, 'faults').splice(index, 1);
  return -Math.abs(fault!.errno);
}

/** Takes a scripted fault for a statement (e.g. 'stmt:kmalloc' makes the next kmalloc fail). */
export function takeStatementFault(s: KernelState, op: string, c: Syscall): boolean {
  return takeFault(s, `stmt:${op}`, c) !== undefined;
}

function finish(s: KernelState, c: Syscall): true {
  const index = s.inflight.findIndex((x) => x.id === c.id);
  if (index >= 0) own(s, 'inflight').splice(index, 1);
  s.ret = { id: c.id, kind: c.kind, value: c.err, name: moduleOf(s, c)?.name ?? c.name, trace: c.trace };
  return true;
}
