// The simulated kernel's state (PRODUCT.md §3) and the actions its reducer takes (§2, §4).
// Everything here is plain serialisable data: no classes, no functions, no Date.
import type { ModuleImage, Statement } from './image';
import type { ModuleList } from './modlist';
import type { Trie } from './shards';

export type ModuleStateName = 'UNFORMED' | 'COMING' | 'LIVE' | 'GOING';

/** 2.6 (the seed): one counter per CPU and stop_machine on unload. 6.1: one atomic refcnt. */
export type RefcountModel = 'percpu' | 'atomic';

/** The value of an init/exit local variable: a pointer (0 = NULL), an ERR_PTR, or an int. */
export interface VarValue {
  kind: 'ptr' | 'int';
  /** For pointers: the address as 16 hex digits, '0000000000000000' for NULL. */
  addr?: string;
  /** For ints, and for ERR_PTR pointers: the value (negative errno on failure). */
  value: number;
  /** True when the statement that set it failed (NULL, IS_ERR, negative). */
  failed: boolean;
  /** The allocation backing a pointer, if any. */
  alloc?: number;
}

export interface KModule {
  name: string;
  state: ModuleStateName;
  image: ModuleImage;
  /** The argument string passed to init_module, e.g. "irq=5 paths=/a,/b". */
  args: string;
  /** Per-CPU counters (percpu model: one per CPU; atomic model: a single entry). May go negative. */
  refs: number[];
  /** modules_which_use_me / source_list: the modules that use this one, newest first. */
  usedBy: string[];
  /** target_list: the modules this one uses, in the order simplify_symbols found them. */
  uses: string[];
  /** Symbols resolved from each module this one uses (for the graph's edge labels). */
  resolvedFrom: Record<string, string[]>;
  core: { size: number; addr: string };
  /** The init section; null once do_init_module() freed it (or before allocation). */
  init: { size: number; addr: string } | null;
  /** Parameter values in the text form param_get_*() prints (arrays: one entry per element). */
  params: Record<string, string | string[]>;
  /** Module-level taint letters in bit order (P F C O E ...). */
  taints: string;
  /** Locals of the running init/exit function. */
  vars: Record<string, VarValue>;
  /** Whether mod_sysfs_setup() has run (the /sys/module/NAME directory exists). */
  sysfs: boolean;
}

export interface LogRecord {
  seq: number;
  /** 0 (KERN_EMERG) … 7 (KERN_DEBUG). */
  level: number;
  /** Microseconds since boot. */
  usec: number;
  text: string;
  /** Index of the action (in the action log) that printed it. */
  action: number;
  /** The syscall step that printed it, when a syscall was in flight. */
  step?: string;
  /** Where its data block begins in the ring (logical position, as prb's blk_lpos.begin). */
  lpos: number;
}

/** The printk ring buffer (kernel/printk/printk_ringbuffer.c), see src/kernel/log.ts. */
export interface KernelLog {
  /** The records in the buffer, oldest first, in frozen chunks: read them with logRecords(). */
  chunks: readonly (readonly LogRecord[])[];
  /** How many records the chunks hold. */
  count: number;
  nextSeq: number;
  /** First seq dmesg shows after dmesg -c. */
  clearSeq: number;
  /** log_buf_len: bytes of text data. */
  size: number;
  /** Descriptors: at most this many records. */
  descs: number;
  /** Logical position of the next data block (prb's data_ring head_lpos). */
  head: number;
}

export interface Allocation {
  id: number;
  kind: 'kmalloc' | 'vmalloc' | 'pages' | 'kmem_cache' | 'cache_obj';
  /** Bytes actually reserved (kmalloc rounds up to its size class; pages are 4096 each). */
  size: number;
  requested: number;
  addr: string;
  /** The module whose code made it; memory outlives the function that allocated it. */
  owner: string;
  /** init or exit: which function allocated it. */
  by: 'init' | 'exit';
  /** For cache objects: the cache's allocation id. For pages: the order. */
  cache?: number;
  order?: number;
}

export interface KmemCache {
  name: string;
  objectSize: number;
  owner: string;
  alloc: number;
  objects: number;
}

/** Something holding a reference on a module: an open device file, a mounted fs, ... */
export interface Holder {
  id: number;
  module: string;
  /** The CPU whose counter try_module_get() incremented. */
  cpu: number;
  /** What a person reads, e.g. "bash (pid 1042) has /dev/hello open". */
  label: string;
  major?: number;
}

export interface FsDir { kind: 'dir'; mode: number; uid: number }
export interface FsFile { kind: 'file'; mode: number; uid: number; data: string }
export interface FsChardev { kind: 'chardev'; mode: number; uid: number; major: number; minor: number }
export type FsNode = FsDir | FsFile | FsChardev;

/** One entry of the visible trace of a syscall: a step that ran, failed or unwound. */
export interface StepTrace {
  id: string;
  /** The kernel function (or condition) this step is, as shown to the user. */
  fn: string;
  /** The seed's step numbers this corresponds to ([] for an unwind step or 6.1-only step). */
  seed: number[];
  status: 'done' | 'failed' | 'unwind' | 'skipped';
  /** A short note of what happened, e.g. "hello: Unknown symbol helper_fn". */
  note?: string;
  /** For statement steps of init/exit: the statement index. */
  pc?: number;
}

interface SyscallBase {
  /** Unique id of this syscall in this boot (for links from log lines). */
  id: number;
  pid: number;
  comm: string;
  /** Index into the syscall's step table; -1 before the first step. */
  phase: number;
  /** Statement index while running init or exit. */
  pc: number;
  /** Remaining unwind steps once a step failed (goto labels), else null. */
  unwind: string[] | null;
  /** The error being returned (negative errno) or the final return value. */
  err: number;
  trace: StepTrace[];
  /** True while a statement waits for a user-mode helper (request_module → modprobe). */
  blocked: boolean;
  /**
   * The module while it is not (or no longer) on the `modules` list: built by
   * layout_and_allocate() before add_unformed_module() links it, or unlinked before its memory
   * is freed. Otherwise null and the module is in `mods`.
   */
  staged: KModule | null;
  /** Allocation id of the temporary copy of the image (init_module), freed by free_copy(). */
  copy: number | null;
  /** What the step being run wants to say about itself in the trace (set by the step). */
  note: string | null;
}

export interface InitModuleCall extends SyscallBase {
  kind: 'init_module';
  bytes: string;
  args: string;
  /** finit_module flags MODULE_INIT_IGNORE_MODVERSIONS | MODULE_INIT_IGNORE_VERMAGIC (insmod -f). */
  force: boolean;
  /** Known once copy_module_from_user() parsed the image. */
  name: string | null;
}

export interface DeleteModuleCall extends SyscallBase {
  kind: 'delete_module';
  name: string;
  /** O_TRUNC: rmmod -f. */
  force: boolean;
  /** Whether try_force_unload() forced past a check (taints R). */
  forced: boolean;
}

export type Syscall = InitModuleCall | DeleteModuleCall;

/** A request from the kernel to run a user-mode program (call_usermodehelper). */
export interface UsermodeHelper {
  argv: string[];
  pid: number;
  /** The syscall whose statement is waiting for the exit status. */
  waiter: number;
  /** The helper this one interrupted (a nested syscall's request_module); it resumes after. */
  outer?: UsermodeHelper;
}

/** A scripted failure: the next time step `step` runs (for `module`, if given), it fails. */
export interface Fault {
  step: string;
  errno: number;
  module?: string;
}

export interface Credentials {
  uid: number;
  user: string;
}

export interface KernelState {
  release: string;
  /** uname -v */
  version: string;
  vermagic: string;
  ncpus: number;
  /** The CPU the caller runs on. */
  cpu: number;
  refcountModel: RefcountModel;
  /** The `modules` list, in chunks: read it with moduleNames() (newest first, as /proc/modules
   * shows it), change it with withModule()/withoutModule() (modlist.ts). */
  modules: ModuleList;
  /** The modules on the list, by name, in a trie: read with getMod()/modsOf() (shards.ts). */
  mods: Trie<KModule>;
  /** vmlinux's exported symbols: name → GPL-only. (Inside an object of its own: the table is
   * big and never changes: an action neither copies nor walks it.) */
  vmlinux: { exports: Record<string, boolean> };
  /** Modules' exported symbols → the exporting module, in a trie (src/kernel/symbols.ts). */
  symbolIndex: Trie<string>;
  /** Kernel taint mask (/proc/sys/kernel/tainted). */
  taint: number;
  /** Messages printed once per boot (pr_notice_once and friends) that have been printed. */
  printedOnce: string[];
  log: KernelLog;
  /** The kernel command line (/proc/cmdline). */
  cmdline: string;
  consoleLoglevel: number;
  /** Microseconds since boot. */
  clock: number;
  cred: Credentials;
  modulesDisabled: boolean;
  memory: {
    totalBytes: number;
    usedBytes: number;
    allocations: Record<number, Allocation>;
    nextId: number;
    /** Next free address in each region (hex). */
    next: { module: string; kmalloc: string; vmalloc: string };
  };
  /** kmem_cache objects by their allocation id. */
  caches: Record<number, KmemCache>;
  chrdevs: Record<number, { name: string; module: string }>;
  holders: Holder[];
  nextHolderId: number;
  /** Directory path → its entries (see src/kernel/fs.ts). */
  fs: Record<string, Record<string, FsNode>>;
  /** Syscalls in flight, outermost first; a nested one comes from a user-mode helper. */
  inflight: Syscall[];
  nextSyscallId: number;
  /** Result of the most recently completed syscall. */
  ret: {
    id: number;
    kind: Syscall['kind'] | 'fs' | 'holder';
    value: number;
    name: string | null;
    /** For a syscall: every step it ran, so the Steps panel can still show it once it returned. */
    trace?: StepTrace[];
  } | null;
  umh: UsermodeHelper | null;
  /** stop_machine(): the other CPUs are halted (2.6 unload model). */
  cpusStopped: boolean;
  faults: Fault[];
  nextPid: number;
  /** Seeded PRNG state (mulberry32). */
  rng: number;
  /** The boot-time key with which %p hashes pointers. */
  ptrKey: number;
  /** Number of actions applied so far (the index of the next action). */
  actions: number;
  lastUnloaded: string | null;
  /** Why the last action was refused without effect (errors are values), else null. */
  rejected: string | null;
}

export type Action =
  | { type: 'init_module'; bytes: string; args: string; force?: boolean; comm?: string }
  | { type: 'delete_module'; name: string; force?: boolean; comm?: string }
  /** Advance the innermost syscall by exactly one step. */
  | { type: 'step' }
  /** Run the innermost syscall until it returns or blocks on a user-mode helper. */
  | { type: 'run' }
  /** The user-mode helper exited with this exit code. */
  | { type: 'umh_exit'; code: number }
  /** try_module_get() through opening a module's character device. */
  | { type: 'open_device'; major: number; cpu?: number; label: string }
  /** module_put() on close, possibly from another CPU. */
  | { type: 'close_device'; holder: number; cpu?: number }
  | { type: 'set_cpu'; cpu: number }
  | { type: 'set_cpus'; ncpus: number }
  | { type: 'set_refcount_model'; model: RefcountModel }
  | { type: 'set_cred'; uid: number; user: string }
  | { type: 'set_console_loglevel'; level: number }
  | { type: 'set_modules_disabled' }
  | { type: 'clear_log' }
  | { type: 'write_file'; path: string; data: string; append?: boolean; mode?: number }
  | { type: 'mkdir'; path: string; mode?: number }
  | { type: 'mknod'; path: string; major: number; minor: number }
  | { type: 'unlink'; path: string }
  | { type: 'write_param'; module: string; param: string; value: string }
  | { type: 'inject_fault'; fault: Fault }
  | { type: 'clock'; usec: number };

export type { ModuleImage, Statement };
