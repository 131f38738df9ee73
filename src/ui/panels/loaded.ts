// What the panels list as "the modules": every module on the kernel's list (newest first, as
// /proc/modules shows them) plus one still being set up by an init_module in flight.
import { getMod } from '../../kernel/shards';
import { moduleOf } from '../../kernel/syscall';
import type { KernelState, KModule } from '../../kernel/types';
import { moduleNames } from '../../kernel/modlist';

export function visibleModules(s: KernelState): KModule[] {
  const out: KModule[] = [];
  for (const c of s.inflight) {
    const m = moduleOf(s, c);
    if (m && c.staged === m) out.push(m);
  }
  for (const name of moduleNames(s.modules)) {
    const m = getMod(s, name);
    if (m) out.push(m);
  }
  return out;
}

/** The module as it was in `previous`, to tell what the last action changed. */
export function before(previous: KernelState | null, name: string): KModule | undefined {
  if (!previous) return undefined;
  const m = getMod(previous, name);
  if (m) return m;
  return previous.inflight.map((c) => c.staged).find((x) => x?.name === name) ?? undefined;
}
