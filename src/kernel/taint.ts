// How the taint mask reads: /proc/sys/kernel/tainted is the number; oops headers use
// print_tainted() (kernel/panic.c), one character per bit 0..18.
import type { KernelState } from './types';

const TAINT_CHARS: Array<[string, string]> = [
  ['P', 'G'], ['F', ' '], ['S', ' '], ['R', ' '], ['M', ' '], ['B', ' '], ['U', ' '], ['D', ' '],
  ['A', ' '], ['W', ' '], ['C', ' '], ['I', ' '], ['O', ' '], ['E', ' '], ['L', ' '], ['K', ' '],
  ['X', ' '], ['T', ' '], ['N', ' '],
];

export function printTainted(s: KernelState): string {
  if (s.taint === 0) return 'Not tainted';
  return 'Tainted: ' + TAINT_CHARS.map(([on, off], bit) => ((s.taint >> bit) & 1 ? on : off)).join('');
}
