// The state the simulated machine boots into.
import { deepFreeze } from './cow';
import { fsFromPaths } from './fs';
import { KERNEL_SYMBOLS } from './ksyms';
import { bootLog, emptyLog, LOG_BUF_LEN } from './log';
import { EMPTY_MODULE_LIST } from './modlist';
import { emptyTrie } from './shards';
import type { FsNode, KernelState } from './types';

export const RELEASE = '6.1.0-56-amd64';
export const UNAME_V = '#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)';
/** vermagic of Debian's 6.1 modules; note the trailing space (ORACLE-DETAILS §1). */
export const VERMAGIC = `${RELEASE} SMP preempt mod_unload modversions `;

export interface BootOptions {
  ncpus?: number;
  cpu?: number;
  seed?: number;
  refcountModel?: KernelState['refcountModel'];
  /** Simulated RAM available to kmalloc/vmalloc/alloc_pages. */
  memoryBytes?: number;
  /** Kernel parameters after Debian's own (e.g. `log_buf_len=8M`): see /proc/cmdline. */
  cmdline?: string;
  /** Extra files, e.g. the user's manifests under /root. */
  files?: Record<string, string>;
  /** vmlinux exports (name → GPL-only) to use instead of the built-in table. */
  ksyms?: Record<string, boolean>;
}

const DIRS: Array<[string, number]> = [
  ['/', 0o755], ['/root', 0o700], ['/home', 0o755], ['/home/student', 0o755], ['/tmp', 0o1777],
  ['/etc', 0o755], ['/etc/modprobe.d', 0o755], ['/lib', 0o755], ['/lib/modules', 0o755],
  [`/lib/modules/${RELEASE}`, 0o755], [`/lib/modules/${RELEASE}/kernel`, 0o755],
  [`/lib/modules/${RELEASE}/extra`, 0o755], ['/dev', 0o755], ['/sbin', 0o755], ['/usr', 0o755],
  ['/usr/src', 0o755], [`/usr/src/linux-headers-${RELEASE}`, 0o755],
  // Mount points of procfs and sysfs (rendered by procfs.ts), dr-xr-xr-x as their roots show.
  ['/proc', 0o555], ['/sys', 0o555],
];

export function bootState(options: BootOptions = {}): KernelState {
  const s = bootStateWithoutLog(options);
  bootLog(s, `Linux version ${RELEASE} (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) ${UNAME_V}`);
  // Frozen, as every state after it (the reducer copies what an action changes: cow.ts).
  return deepFreeze(s);
}

function bootStateWithoutLog(options: BootOptions): KernelState {
  const ncpus = clampCpus(options.ncpus ?? 4);
  const fs: Record<string, FsNode> = {};
  for (const [path, mode] of DIRS) fs[path] = { kind: 'dir', mode, uid: 0 };
  fs['/home/student'] = { kind: 'dir', mode: 0o755, uid: 1000 };
  fs['/etc/passwd'] = {
    kind: 'file', mode: 0o644, uid: 0,
    data: 'root:x:0:0:root:/root:/bin/bash\nstudent:x:1000:1000:Student,,,:/home/student:/bin/bash\n',
  };
  fs['/etc/hostname'] = { kind: 'file', mode: 0o644, uid: 0, data: 'playground\n' };
  // The kernel package ships these two; depmod reads them (a module tree without them warns).
  fs[`/lib/modules/${RELEASE}/modules.order`] = { kind: 'file', mode: 0o644, uid: 0, data: '' };
  fs[`/lib/modules/${RELEASE}/modules.builtin`] = { kind: 'file', mode: 0o644, uid: 0, data: '' };
  for (const [path, data] of Object.entries(options.files ?? {})) {
    const parts = path.split('/');
    for (let i = 2; i < parts.length; i++) fs[parts.slice(0, i).join('/')] ??= { kind: 'dir', mode: 0o755, uid: 0 };
    fs[path] = { kind: 'file', mode: 0o644, uid: 0, data };
  }
  const ksyms = options.ksyms ?? Object.fromEntries(KERNEL_SYMBOLS.map((s) => [s.name, s.gpl]));
  return {
    release: RELEASE,
    version: UNAME_V,
    vermagic: VERMAGIC,
    ncpus,
    cpu: Math.min(options.cpu ?? 0, ncpus - 1),
    refcountModel: options.refcountModel ?? 'percpu',
    modules: EMPTY_MODULE_LIST,
    mods: emptyTrie(),
    vmlinux: { exports: ksyms },
    symbolIndex: emptyTrie(),
    taint: 0,
    printedOnce: [],
    log: emptyLog(LOG_BUF_LEN),
    cmdline: [`BOOT_IMAGE=/boot/vmlinuz-${RELEASE} root=UUID=5c3f1b2e-8a4d-4f6e-9b7a-2d1c0e9f8a7b ro quiet`, options.cmdline?.trim()].filter(Boolean).join(' '),
    // Debian's procps sets kernel.printk = 4 4 1 7 (/etc/sysctl.d/10-console-messages.conf).
    consoleLoglevel: 4,
    clock: 6_482_117,
    cred: { uid: 0, user: 'root' },
    modulesDisabled: false,
    memory: {
      totalBytes: options.memoryBytes ?? 256 * 1024 * 1024,
      usedBytes: 0,
      allocations: {},
      nextId: 1,
      next: { module: 'ffffffffc0a00000', kmalloc: 'ffff888104a00000', vmalloc: 'ffffc90000a00000' },
    },
    caches: {},
    chrdevs: {},
    holders: [],
    nextHolderId: 1,
    fs: fsFromPaths(fs),
    inflight: [],
    nextSyscallId: 1,
    ret: null,
    umh: null,
    cpusStopped: false,
    faults: [],
    nextPid: 1042,
    rng: (options.seed ?? 0x5eed) >>> 0,
    ptrKey: Math.imul((options.seed ?? 0x5eed) ^ 0x9e3779b9, 0x85ebca6b) >>> 0,
    actions: 0,
    lastUnloaded: null,
    rejected: null,
  };
}

export function clampCpus(n: number): number {
  return Math.max(1, Math.min(64, Math.floor(n)));
}
