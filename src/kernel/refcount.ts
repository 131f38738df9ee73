// Module reference counts: the seed's per-CPU counters (2.6: local_inc on the CPU that takes the
// reference, so one CPU's counter may go negative when the put runs elsewhere) or 6.1's single
// atomic refcnt. try_module_get() fails once the module is GOING. A module these functions change
// must be the reducer's own copy (cow.ts: ownMod(), ownModuleOf()).
import { own } from './cow';
import type { KernelState, KModule } from './types';
import { allMods, ownMod } from './shards';

export function refcount(mod: KModule): number {
  return mod.refs.reduce((sum, n) => sum + n, 0);
}

function slot(s: KernelState, cpu: number): number {
  return s.refcountModel === 'atomic' ? 0 : Math.max(0, Math.min(cpu, s.ncpus - 1));
}

export function newRefs(s: KernelState): number[] {
  return new Array<number>(s.refcountModel === 'atomic' ? 1 : s.ncpus).fill(0);
}

/** __module_get(): unconditional. */
export function moduleGet(s: KernelState, mod: KModule, cpu = s.cpu): void {
  own(mod, 'refs')[slot(s, cpu)]! += 1;
}

/** try_module_get(): fails (false) unless the module is live or still coming up. */
export function tryModuleGet(s: KernelState, mod: KModule, cpu = s.cpu): boolean {
  if (mod.state === 'GOING' || mod.state === 'UNFORMED') return false;
  moduleGet(s, mod, cpu);
  return true;
}

export function modulePut(s: KernelState, mod: KModule, cpu = s.cpu): void {
  own(mod, 'refs')[slot(s, cpu)]! -= 1;
}

/** Re-shapes every module's counters after a change of model or CPU count, keeping each sum. */
export function reshapeRefs(s: KernelState): void {
  for (const { name } of allMods(s)) {
    const mod = ownMod(s, name)!;
    const refs = newRefs(s);
    refs[0] = refcount(mod);
    mod.refs = refs;
  }
}
