// printk into the log buffer, the taint mask, and the simulated clock and PRNG.
// All functions here mutate a draft of KernelState (the reducer runs them inside immer's produce).
import { replaced } from './symbols';
import type { KernelState, KModule, LogRecord } from './types';

/** Taint bits (include/linux/panic.h) and their letters (kernel/panic.c taint_flags[]). */
export const TAINT = {
  PROPRIETARY_MODULE: { bit: 0, letter: 'P', module: true },
  FORCED_MODULE: { bit: 1, letter: 'F', module: true },
  FORCED_RMMOD: { bit: 3, letter: 'R', module: false },
  CRAP: { bit: 10, letter: 'C', module: true },
  OOT_MODULE: { bit: 12, letter: 'O', module: true },
  UNSIGNED_MODULE: { bit: 13, letter: 'E', module: true },
} as const;
export type TaintName = keyof typeof TAINT;

/** Module-level taint letters in bit order, as module_flags_taint() prints them. */
const MODULE_TAINT_ORDER = ['P', 'F', 'C', 'O', 'E', 'K', 'X', 'T', 'N'];

export function printk(s: KernelState, level: number, text: string, step?: string): void {
  // The records (up to 8,192) are replaced by a new frozen list, not drafted: immer would copy the
  // frozen list with slice(), which V8 does slowly, and then walk every record of the copy.
  s.log.records = replaced(s.log.records, (records) => {
    for (const line of text.replace(/\n$/, '').split('\n')) {
      const record: LogRecord = { seq: s.log.nextSeq++, level, usec: s.clock, text: line, action: s.actions - 1 };
      if (step !== undefined) record.step = step;
      records.push(Object.freeze(record));
    }
    const excess = records.length - s.log.capacity;
    if (excess > 0) records.splice(0, excess);
  });
}

/** pr_*_once(): print only the first time per boot. */
export function printkOnce(s: KernelState, key: string, level: number, text: string, step?: string): void {
  if (s.printedOnce.includes(key)) return;
  s.printedOnce.push(key);
  printk(s, level, text, step);
}

export function isTainted(s: KernelState, name: TaintName): boolean {
  return (s.taint & (1 << TAINT[name].bit)) !== 0;
}

/**
 * add_taint(flag, lockdep): sets the bit and, with LOCKDEP_NOW_UNRELIABLE, the first time lock
 * debugging is switched off, prints "Disabling lock debugging due to kernel taint" (kernel/panic.c).
 */
export function addTaint(s: KernelState, name: TaintName, lockdepNowUnreliable: boolean, step?: string): void {
  s.taint |= 1 << TAINT[name].bit;
  if (lockdepNowUnreliable) printkOnce(s, 'lockdep', 4, 'Disabling lock debugging due to kernel taint', step);
}

/** add_taint_module(): the kernel-wide bit plus the module's own letter. */
export function addTaintModule(
  s: KernelState, mod: KModule, name: TaintName, lockdepNowUnreliable: boolean, step?: string,
): void {
  addTaint(s, name, lockdepNowUnreliable, step);
  const letter = TAINT[name].letter;
  if (TAINT[name].module && !mod.taints.includes(letter)) {
    mod.taints = MODULE_TAINT_ORDER.filter((l) => l === letter || mod.taints.includes(l)).join('');
  }
}

/** mulberry32: the one source of randomness, seeded and kept in the state. */
export function random(s: KernelState): number {
  s.rng = (s.rng + 0x6d2b79f5) >>> 0;
  let t = s.rng;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Advance the clock by about `usec` microseconds (±25 %, from the seeded PRNG). */
export function elapse(s: KernelState, usec: number): void {
  s.clock += Math.max(1, Math.round(usec * (0.75 + random(s) / 2)));
}
