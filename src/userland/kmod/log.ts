// libkmod's logging, as data: the library never prints; it hands records to the log function its
// context was given (kmod_set_log_fn), which the tool turns into text.

/** syslog priorities, as kmod uses them. */
export const LOG = { EMERG: 0, ALERT: 1, CRIT: 2, ERR: 3, WARNING: 4, NOTICE: 5, INFO: 6, DEBUG: 7 } as const;

export interface LogRecord {
  priority: number;
  /** Source position as a Debian (--enable-debug) build reports it, e.g. ../libkmod/libkmod-config.c:712. */
  file: string;
  line: number;
  fn: string;
  /** The message, ending in "\n" as libkmod's format strings do. */
  message: string;
}

export type LogFn = (record: LogRecord) => void;

export const CONFIG_C = '../libkmod/libkmod-config.c';
export const MODULE_C = '../libkmod/libkmod-module.c';

/** libkmod's own default logger (log_filep to stderr, debug build), used until a tool installs
 * its own: `libkmod: ERROR ../libkmod/libkmod-config.c:712 kmod_config_parse: MESSAGE`. */
export function defaultLogText(r: LogRecord): string {
  const names = ['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFO', 'DEBUG'];
  return `libkmod: ${names[r.priority] ?? `L:${r.priority}`} ${r.file}:${r.line} ${r.fn}: ${r.message}`;
}

/** tools/log.c prio_to_str(). */
export function prioName(priority: number): string {
  return ['EMERGENCY', 'ALERT', 'FATAL', 'ERROR', 'WARNING', 'NOTICE', 'INFO', 'DEBUG'][priority] ?? `LOG-${String(priority).padStart(2, '0')}`;
}

/** tools/log.c log_kmod() for a debug build: `modprobe: ERROR: ../libkmod/FILE:LINE FN() MESSAGE`. */
export function toolLogText(program: string, r: LogRecord): string {
  return `${program}: ${prioName(r.priority)}: ${r.file}:${r.line} ${r.fn}() ${r.message}`;
}
