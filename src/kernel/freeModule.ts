// The parts of free_module() (kernel/module/main.c) that both syscalls walk: delete_module as its
// last steps, a failed load as unwind steps. Also the license table and name limit they share.
import { printk } from './log';
import { allocationsOf, moduleFree } from './memory';
import { modulePut } from './refcount';
import { own } from './cow';
import { withoutModule } from './modlist';
import { ownMod, removeMod } from './shards';
import { unindexExports, without } from './symbols';
import { moduleOf, ownModuleOf } from './syscall';
import type { KernelState, KModule, Syscall } from './types';

/** include/linux/license.h license_is_gpl_compatible(): an exact match of six strings. */
export const GPL_COMPATIBLE = ['GPL', 'GPL v2', 'GPL and additional rights', 'Dual BSD/GPL', 'Dual MIT/GPL', 'Dual MPL/GPL'];
/** include/linux/module.h: names are at most 55 characters plus the NUL. */
export const MODULE_NAME_LEN = 56;

/** module_unload_free(): leave the used-by list of every module this one used, dropping the
 * reference taken on each. */
export function unloadFree(s: KernelState, c: Syscall): void {
  const m = ownModuleOf(s, c);
  if (!m) return;
  for (const target of m.uses) {
    const t = ownMod(s, target);
    if (!t) continue;
    t.usedBy = without(t.usedBy, m.name);
    modulePut(s, t);
  }
  c.note = m.uses.length ? `no longer uses ${m.uses.join(', ')}` : 'used no other module';
  m.uses = [];
  m.resolvedFrom = {};
}

/** free_module() up to module_unload_free(): sysfs torn down, state UNFORMED, uses dropped. */
export function teardownAndUnloadFree(s: KernelState, c: Syscall): void {
  const m = ownModuleOf(s, c);
  if (!m) return;
  m.sysfs = false;
  m.state = 'UNFORMED';
  unloadFree(s, c);
}

/** list_del_rcu(): off the modules list; the module lives on in the syscall until freed. */
export function unlink(s: KernelState, c: Syscall): void {
  const m = moduleOf(s, c);
  if (!m) return;
  s.modules = withoutModule(s.modules, m.name);
  unindexExports(s, m);
  removeMod(s, m.name);
  c.staged = m;
  c.note = `${m.name} removed from the modules list`;
}

/** module_deallocate(): the core and init sections go back (`m`: the action's own). */
export function freeSections(s: KernelState, m: KModule): void {
  if (m.core.addr) moduleFree(s, m.core.size);
  if (m.init) moduleFree(s, m.init.size);
  if (m.core.addr) own(m, 'core').addr = '';
  m.init = null;
}

/** The end of free_module(): module memory freed, and kmemleak's report of what init or exit
 * allocated and nobody freed. */
export function moduleMemfree(s: KernelState, c: Syscall): void {
  const m = ownModuleOf(s, c);
  if (m) {
    const bytes = m.core.size + (m.init?.size ?? 0);
    freeSections(s, m);
    reportLeaks(s, m);
    // Only a forced removal frees a module that is still held open (rmmod -f, taint R). The
    // open file stays open, pointing into freed memory; closing it later must not touch a module
    // loaded again under the same name, so its holder no longer names one ('' matches none).
    if (s.holders.some((h) => h.module === m.name)) s.holders = s.holders.map((h) => (h.module === m.name ? { ...h, module: '' } : h));
    c.note = `${bytes} bytes of module memory freed`;
  }
  c.staged = null;
}

function reportLeaks(s: KernelState, m: KModule): void {
  const leaked = allocationsOf(s, m.name).filter((a) => a.kind !== 'kmem_cache');
  if (leaked.length > 0) {
    // mm/kmemleak.c: "%d new suspected memory leaks" (plural even for 1).
    printk(s, 6, `kmemleak: ${leaked.length} new suspected memory leaks (see /sys/kernel/debug/kmemleak)`);
  }
}
