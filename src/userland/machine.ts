// The machine: the kernel state, the log of every action applied to it since boot, and the
// driver that runs userland programs against it. A syscall action is run to its end; when the
// kernel asks for a user-mode helper (request_module → /sbin/modprobe) the driver runs that
// program as a kernel thread and reports its exit status back.
import { E } from '../kernel/errno';
import { bootState, type BootOptions } from '../kernel/state';
import { Timeline } from '../kernel/timeline';
import type { Action, KernelState } from '../kernel/types';
import type { Io, Program } from './types';

export type HelperRunner = (argv: string[], io: Io) => Program;

export class Machine {
  /** Every action since boot, and the cursor the Steps panel and the timeline move. */
  timeline: Timeline;
  /** Runs syscalls one `step` action at a time (the browser, so each step is on the timeline)
   * instead of one `run` action (kshell, benchmarks). */
  stepwise = false;
  /** Runs /sbin/modprobe and friends for call_usermodehelper(); set by the shell. */
  helper: HelperRunner | null = null;
  /** Output of user-mode helpers (modprobe -q prints nothing, but errors go somewhere visible). */
  helperOutput: string[] = [];
  /** Pids of the user-mode helpers running now: the kernel keeps s.umh set while its helper runs,
   * and the helper's own init_module calls must not start it a second time. */
  private readonly serving = new Set<number>();

  constructor(options: BootOptions = {}) {
    this.timeline = new Timeline(bootState(options));
  }

  get state(): KernelState { return this.timeline.state; }

  /** Makes the state now the start of the timeline (after boot: depmod's files are part of it). */
  rebase(): void {
    this.timeline = new Timeline(this.state);
  }

  dispatch(action: Action): KernelState {
    return this.timeline.apply(action);
  }

  /** Applies one action of a program and returns what the program gets back. */
  syscall(action: Action): number {
    this.dispatch(action);
    if (action.type !== 'init_module' && action.type !== 'delete_module') {
      return this.state.rejected ? -1 : this.state.ret?.value ?? 0;
    }
    if (this.state.rejected) return -E.EBUSY; // another syscall is being stepped through
    const id = this.state.inflight[this.state.inflight.length - 1]!.id;
    this.finish(id);
    return this.state.ret?.value ?? 0;
  }

  /** Runs syscall `id` to its end, serving user-mode helper requests on the way. */
  finish(id: number): void {
    while (this.state.inflight.some((c) => c.id === id)) {
      if (this.serveHelper()) continue;
      this.dispatch({ type: this.stepwise ? 'step' : 'run' });
    }
  }

  /** Serves the pending user-mode helper, if one waits and is not already running. */
  serveHelper(): boolean {
    const umh = this.state.umh;
    if (!umh || this.serving.has(umh.pid)) return false;
    this.serving.add(umh.pid);
    const code = this.runHelper(umh.argv);
    this.serving.delete(umh.pid);
    this.dispatch({ type: 'umh_exit', code });
    return true;
  }

  private runHelper(argv: string[]): number {
    if (!this.helper) return 1;
    const sink: Io = {
      stdin: '',
      out: (t) => this.helperOutput.push(t),
      err: (t) => this.helperOutput.push(t),
    };
    return this.drive(this.helper(argv, sink));
  }

  /** Runs a program to completion and returns its exit status. */
  drive(program: Program): number {
    let next = program.next();
    while (!next.done) next = program.next(this.syscall(next.value));
    return next.value;
  }
}
