// Plain explanations of each step, for the Steps panel, in English, Spanish and Polish. Numbers
// in brackets are the lecture's steps of sys_init_module / sys_delete_module.
import type { Lang } from '../../i18n';
import type { Syscall } from '../../kernel/types';
import { DELETE_ES, DELETE_PL, INIT_ES, INIT_PL, STATEMENT_ES, STATEMENT_PL } from './explainTranslations';

const INIT: Record<string, string> = {
  may_init_module: '[1] Is the caller allowed to load modules? It needs CAP_SYS_MODULE (root), and modules_disabled must be 0; otherwise -EPERM.',
  copy_module_from_user: '[2] The kernel copies the .ko file from the insmod process into a temporary kernel buffer and reads the module name from it.',
  check_modinfo: 'The kernel reads .modinfo: the vermagic must match the running kernel (else -ENOEXEC, "disagrees about version of symbol module_layout" / "version magic"), and the licence decides taints (P for a proprietary licence, O out-of-tree, E unsigned).',
  layout_and_allocate: '[4] Sizes of the core and init sections are computed and memory is reserved for both.',
  move_module: '[4–5] The code is copied into the new sections; their addresses are kept in the module object (module_core, module_init).',
  add_unformed_module: '[3, 10] The modules list is searched for the same name: if it is there, -EEXIST. Otherwise the module is linked into the list, still UNFORMED (invisible to lsmod).',
  module_unload_init: '[6] The used-by list starts empty and the reference counters start at zero, except the one of the CPU running this code, which is 1 (the loader holds the module).',
  simplify_symbols: '[7] Each undefined symbol is looked up in the kernel\'s symbol table and in the other modules\' exports. A missing one fails with -ENOENT ("Unknown symbol"); a GPL-only symbol used by a non-GPL module too. Using a module\'s symbol adds this module to its used-by list.',
  complete_formation: '[11] The module becomes COMING: its exported symbols become visible to other modules, and lsmod shows it with "+" (loading).',
  parse_args: '[8] The insmod arguments (name=value) are parsed into the module\'s parameters; an unknown or malformed one fails with -ENOENT or -EINVAL.',
  mod_sysfs_setup: '/sys/module/NAME and its parameters/ directory are created, with each parameter\'s permissions.',
  free_copy: '[9] The temporary buffer from step 2 is freed.',
  do_one_initcall: '[12] The module\'s init function runs, one statement per step. A negative return value fails the load: the kernel then unwinds everything done so far.',
  do_init_module: '[13] init returned 0: the state becomes LIVE, the loader\'s reference is dropped, and the init section is freed.',
  return: '[14] init_module returns 0 to insmod: success.',
  free_module: 'Unwinding: the module\'s memory is freed.',
  unlink_mod: 'Unwinding: the module is taken off the modules list.',
  free_unload: 'Unwinding: the used-by links made by simplify_symbols are removed.',
  coming_cleanup: 'Unwinding: the COMING module\'s symbols are withdrawn, and notifiers hear it is GOING.',
  do_init_module_fail: 'Unwinding after init failed: state GOING; the exit function is NOT called.',
  module_unload_free: 'The module is removed from the used-by lists of the modules it used.',
  list_del_rcu: 'The module is taken off the modules list.',
  module_memfree: 'The module\'s memory (core and init sections) is freed.',
};

const DELETE: Record<string, string> = {
  capable: '[1] Is the caller allowed to remove modules? It needs CAP_SYS_MODULE (root); otherwise -EPERM.',
  strncpy_from_user: '[2] The module name is copied from user space into a kernel buffer.',
  find_module: '[3] The module is looked up in the modules list: not there gives -ENOENT.',
  source_list: '[4] If another module uses this one (its used-by list is not empty), -EWOULDBLOCK: rmmod prints "Module X is in use by: Y".',
  module_state: '[5] Only a LIVE module can be removed: one still COMING or already GOING gives -EBUSY.',
  init_without_exit: '[6] A module with an init function but no exit function cannot be removed (-EBUSY), unless forced (rmmod -f, taint R).',
  stop_machine: '[7] To avoid races, every other CPU is stopped while the counters are checked (Linux 2.6 to 3.18; later kernels use one atomic counter instead).',
  try_release_module_ref: '[9] The per-CPU counters are summed: if anything still holds the module (an open device, a mounted filesystem), -EWOULDBLOCK: "Module X is in use".',
  try_stop_module: '[8] The state becomes GOING: no new references can be taken (try_module_get fails).',
  exit: '[10] The module\'s exit function runs, one statement per step.',
  module_unload_free: '[12] The module is removed from the used-by lists of the modules it used.',
  list_del_rcu: '[11] The module object is taken off the modules list.',
  module_memfree: '[13] The memory of the module (module object, code, data) is freed.',
  return: '[14] delete_module returns 0 to rmmod: success.',
  restart_machine: 'The stopped CPUs run again.',
};

const STATEMENT = {
  init: 'One statement of the module\'s init function: printk writes to the kernel log, allocations return a pointer or NULL, "if_error" jumps to a goto label.',
  exit: 'One statement of the module\'s exit function: it must release what init took.',
};

export const EXPLANATIONS: Record<Lang, { init: Record<string, string>; delete: Record<string, string>; statement: { init: string; exit: string } }> = {
  en: { init: INIT, delete: DELETE, statement: STATEMENT },
  es: { init: INIT_ES, delete: DELETE_ES, statement: STATEMENT_ES },
  pl: { init: INIT_PL, delete: DELETE_PL, statement: STATEMENT_PL },
};

/** The explanation of step `id` of a syscall of `kind` (statement steps explain their statement). */
export function explain(kind: Syscall['kind'], id: string, lang: Lang = 'en'): string {
  const tables = EXPLANATIONS[lang];
  const table = kind === 'init_module' ? tables.init : tables.delete;
  if (table[id]) return table[id]!;
  if (/^(init|exit):\d+$/.test(id)) return id.startsWith('init') ? tables.statement.init : tables.statement.exit;
  return '';
}
