// errno numbers of x86-64 Linux (include/uapi/asm-generic/errno-base.h, errno.h) and glibc's
// strerror() texts for them, which the tools print. Kernel functions return these negated.

const TABLE = [
  ['EPERM', 1, 'Operation not permitted'],
  ['ENOENT', 2, 'No such file or directory'],
  ['ESRCH', 3, 'No such process'],
  ['EINTR', 4, 'Interrupted system call'],
  ['EIO', 5, 'Input/output error'],
  ['ENXIO', 6, 'No such device or address'],
  ['E2BIG', 7, 'Argument list too long'],
  ['ENOEXEC', 8, 'Exec format error'],
  ['EBADF', 9, 'Bad file descriptor'],
  ['ECHILD', 10, 'No child processes'],
  ['EAGAIN', 11, 'Resource temporarily unavailable'],
  ['ENOMEM', 12, 'Cannot allocate memory'],
  ['EACCES', 13, 'Permission denied'],
  ['EFAULT', 14, 'Bad address'],
  ['ENOTBLK', 15, 'Block device required'],
  ['EBUSY', 16, 'Device or resource busy'],
  ['EEXIST', 17, 'File exists'],
  ['EXDEV', 18, 'Invalid cross-device link'],
  ['ENODEV', 19, 'No such device'],
  ['ENOTDIR', 20, 'Not a directory'],
  ['EISDIR', 21, 'Is a directory'],
  ['EINVAL', 22, 'Invalid argument'],
  ['ENFILE', 23, 'Too many open files in system'],
  ['EMFILE', 24, 'Too many open files'],
  ['ENOTTY', 25, 'Inappropriate ioctl for device'],
  ['ETXTBSY', 26, 'Text file busy'],
  ['EFBIG', 27, 'File too large'],
  ['ENOSPC', 28, 'No space left on device'],
  ['ESPIPE', 29, 'Illegal seek'],
  ['EROFS', 30, 'Read-only file system'],
  ['EMLINK', 31, 'Too many links'],
  ['EPIPE', 32, 'Broken pipe'],
  ['EDOM', 33, 'Numerical argument out of domain'],
  ['ERANGE', 34, 'Numerical result out of range'],
  ['EDEADLK', 35, 'Resource deadlock avoided'],
  ['ENAMETOOLONG', 36, 'File name too long'],
  ['ENOSYS', 38, 'Function not implemented'],
  ['ENOTEMPTY', 39, 'Directory not empty'],
  ['ELOOP', 40, 'Too many levels of symbolic links'],
  ['ENODATA', 61, 'No data available'],
  ['ETIME', 62, 'Timer expired'],
  ['EPROTO', 71, 'Protocol error'],
  ['EOVERFLOW', 75, 'Value too large for defined data type'],
  ['EILSEQ', 84, 'Invalid or incomplete multibyte or wide character'],
  ['EOPNOTSUPP', 95, 'Operation not supported'],
  ['EADDRINUSE', 98, 'Address already in use'],
  ['ENETDOWN', 100, 'Network is down'],
  ['ETIMEDOUT', 110, 'Connection timed out'],
  ['EALREADY', 114, 'Operation already in progress'],
  ['EKEYREJECTED', 129, 'Key was rejected by service'],
] as const;

export type ErrnoName = (typeof TABLE)[number][0] | 'EWOULDBLOCK' | 'EDEADLOCK' | 'ENOTSUP';

const byName = new Map<string, number>();
const messages = new Map<number, string>();
const names = new Map<number, string>();
for (const [name, value, message] of TABLE) {
  byName.set(name, value);
  messages.set(value, message);
  names.set(value, name);
}
byName.set('EWOULDBLOCK', 11);
byName.set('EDEADLOCK', 35);
byName.set('ENOTSUP', 95);

/** Positive errno values by name: E.ENOENT === 2. */
export const E = Object.fromEntries(byName) as Record<ErrnoName, number>;

/** 2 for 'ENOENT', 'EWOULDBLOCK' → 11; undefined for an unknown name. */
export function errnoByName(name: string): number | undefined {
  return byName.get(name);
}

/** 'ENOENT' for 2 (or -2). */
export function errnoName(errno: number): string | undefined {
  return names.get(Math.abs(errno));
}

/** glibc's strerror(), e.g. strerror(2) === 'No such file or directory'. */
export function strerror(errno: number): string {
  const n = Math.abs(errno);
  return messages.get(n) ?? `Unknown error ${n}`;
}

/** The kernel's MAX_ERRNO: values -4095..-1 are errors (IS_ERR_VALUE). */
export const MAX_ERRNO = 4095;

export function isErrValue(value: number): boolean {
  return value < 0 && value >= -MAX_ERRNO;
}
