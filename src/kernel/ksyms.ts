// The core kernel's own exported symbols (vmlinux's part of /proc/kallsyms and Module.symvers):
// the ones the manifests' statements call, plus a set of well-known exports so that students can
// import real names. `gpl: true` marks EXPORT_SYMBOL_GPL. Export types are as in Linux 6.1.

export interface KernelSymbol {
  name: string;
  gpl: boolean;
}

/**
 * The kernel function each manifest statement calls, i.e. the undefined symbol the build records
 * in the .ko. Names are 6.1's: printk() is a macro around _printk() since 5.15, register_chrdev()
 * an inline around __register_chrdev(), request_module() a macro around __request_module().
 */
export const STATEMENT_SYMBOL: Readonly<Record<string, string>> = {
  printk: '_printk',
  kmalloc: '__kmalloc',
  kfree: 'kfree',
  vmalloc: 'vmalloc',
  vfree: 'vfree',
  alloc_pages: 'alloc_pages',
  free_pages: '__free_pages',
  kmem_cache_create: 'kmem_cache_create',
  kmem_cache_alloc: 'kmem_cache_alloc',
  kmem_cache_free: 'kmem_cache_free',
  kmem_cache_destroy: 'kmem_cache_destroy',
  request_module: '__request_module',
  register_chrdev: '__register_chrdev',
  unregister_chrdev: '__unregister_chrdev',
};

const PLAIN = [
  '_printk', '__kmalloc', 'kfree', 'vmalloc', 'vfree', 'vzalloc', 'kmalloc_trace', 'kmalloc_caches',
  'alloc_pages', '__free_pages', 'free_pages', '__get_free_pages',
  'kmem_cache_create', 'kmem_cache_alloc', 'kmem_cache_free', 'kmem_cache_destroy',
  '__request_module', '__register_chrdev', '__unregister_chrdev', 'register_chrdev_region',
  'unregister_chrdev_region', 'alloc_chrdev_region', 'cdev_init', 'cdev_add', 'cdev_del',
  'memcpy', 'memset', 'strcmp', 'strcpy', 'strlen', 'strncpy', 'snprintf', 'sprintf', 'sscanf',
  'kstrtoint', 'kstrtouint', 'kstrtoll', 'kstrtoull', 'sort', 'bsearch',
  '_copy_from_user', '_copy_to_user', 'mutex_lock', 'mutex_unlock', '__mutex_init',
  '_raw_spin_lock', '_raw_spin_unlock', 'jiffies', 'msleep', 'schedule', 'wake_up_process',
  'kthread_create_on_node', 'kthread_stop', 'try_module_get', 'module_put', 'param_ops_int',
  'param_ops_charp', 'param_array_ops', '__fentry__', '__x86_return_thunk', 'module_layout',
];
const GPL_ONLY = [
  'kobject_create_and_add', 'kobject_put', 'sysfs_create_group', 'sysfs_remove_group',
  'debugfs_create_dir', 'debugfs_create_file', 'debugfs_remove', 'class_create', 'class_destroy',
  'device_create', 'device_destroy', 'platform_device_register', 'platform_driver_register',
  'ktime_get', 'hrtimer_init', 'hrtimer_start_range_ns', 'hrtimer_cancel', 'kallsyms_lookup_name',
  'register_kprobe', 'unregister_kprobe', 'call_usermodehelper', 'usb_register_driver',
  '__class_create', 'synchronize_rcu', 'rcu_barrier', 'find_vpid', 'pid_task',
];

export const KERNEL_SYMBOLS: readonly KernelSymbol[] = [
  ...PLAIN.map((name) => ({ name, gpl: false })),
  ...GPL_ONLY.map((name) => ({ name, gpl: true })),
];
