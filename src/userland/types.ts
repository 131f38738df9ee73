// What a userland program is: a generator that yields kernel actions (its system calls) and gets
// back each one's return value, so the same program runs headless to completion or, in the
// browser, one kernel step at a time.
import type { Action, KernelState } from '../kernel/types';

export interface Io {
  stdin: string;
  out(text: string): void;
  err(text: string): void;
}

/** A program's system calls: each yielded action is applied; the value sent back is its result. */
export type Program = Generator<Action, number, number>;

export interface ProcessContext {
  /** The kernel state as it is now (after every yielded action). */
  state(): KernelState;
  cwd: string;
  env: Record<string, string>;
  /** Runs another command line as a child (modprobe's `install` commands, make's recipes). */
  spawn(argv: string[], io: Io): Program;
}

export type CommandFn = (ctx: ProcessContext, argv: string[], io: Io) => Program;
