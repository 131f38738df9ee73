// Predict-then-reveal for on-demand loading: when the next Step runs /sbin/modprobe for a
// module's request_module(), the question is which module of the chain modprobe loads will fail
// (or none). The answer comes from running that modprobe on a scratch machine that starts from
// the current state: the kernel is a pure reducer, so the real timeline is not touched.
import { Timeline } from '../kernel/timeline';
import type { KernelState } from '../kernel/types';
import { COMMANDS } from '../userland/commands';
import { Machine } from '../userland/machine';
import { Shell } from '../userland/shell/shell';

export const NONE = 'none';

export interface ChainPrediction { kind: 'chain'; request: string; options: string[]; answer: string }

export function predictChain(s: KernelState): ChainPrediction | null {
  if (!s.umh) return null;
  const machine = new Machine();
  machine.timeline = new Timeline(s);
  const shell = new Shell(machine, COMMANDS);
  const request = s.umh.argv[s.umh.argv.length - 1] ?? '';
  // The chain modprobe would load, in its order (its --show-depends lines), as the choices.
  let listing = '';
  machine.drive(shell.runArgv(['modprobe', '--show-depends', '--', request], { stdin: '', out: (t) => { listing += t; }, err: () => {} }));
  const chain = [...listing.matchAll(/^insmod \S*\/([^/\s]+)\.ko/gm)].map((m) => m[1]!.replace(/-/g, '_'));
  if (!machine.serveHelper()) return null;
  const t = machine.timeline;
  const tried: string[] = [];
  let failed: string | null = null;
  for (let i = 1; i <= t.length; i++) {
    const call = t.lastSyscall(i);
    if (!call || call.kind !== 'init_module' || call === t.lastSyscall(i - 1) || !call.name) continue;
    if (!tried.includes(call.name)) tried.push(call.name);
    if (call.value < 0 && failed === null) failed = call.name;
  }
  return { kind: 'chain', request, options: [...new Set([...chain, ...tried]), NONE], answer: failed ?? NONE };
}
