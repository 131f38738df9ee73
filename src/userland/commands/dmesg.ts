// util-linux dmesg over the kernel log buffer: `[%5lu.%06lu] msg`, -x decodes facility and
// level, -r prints raw `<N>`, -l filters by level, -c/-C clear, -n sets console_loglevel, -t
// drops the timestamp. Debian sets kernel.dmesg_restrict=1, so only root may read it.
import type { LogRecord } from '../../kernel/types';
import type { CommandFn } from '../types';
import { logRecords } from '../../kernel/log';

export const LEVEL_NAMES = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'];

/** util-linux parse_level(): a name or a number. */
function parseLevel(text: string, offset: number): number | null {
  if (/^\d+$/.test(text)) {
    const n = Number(text) - offset;
    return n >= 0 && n < LEVEL_NAMES.length ? n + offset : null;
  }
  const i = LEVEL_NAMES.indexOf(text.toLowerCase());
  return i < 0 ? null : i + offset;
}

export function timestamp(usec: number): string {
  return `[${String(Math.floor(usec / 1e6)).padStart(5)}.${String(usec % 1e6).padStart(6, '0')}]`;
}

/** Non-printable bytes are shown as \xNN, as dmesg does. */
function escape(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function formatRecord(r: LogRecord, opts: { decode?: boolean; raw?: boolean; noTime?: boolean } = {}): string {
  const time = opts.noTime ? '' : timestamp(r.usec) + ' ';
  if (opts.raw) return `<${r.level}>${opts.noTime ? '' : timestamp(r.usec)}${escape(r.text)}`;
  const prefix = opts.decode ? `${'kern'.padEnd(6)}:${LEVEL_NAMES[r.level]!.padEnd(6)}: ` : '';
  return `${prefix}${time}${escape(r.text)}`;
}

export const dmesg: CommandFn = function* (ctx, argv, io) {
  const s = ctx.state();
  let clearAfter = false;
  let clearOnly = false;
  let consoleLevel: number | null = null;
  let levels: number[] | null = null;
  const opts = { decode: false, raw: false, noTime: false };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => argv[++i] ?? '';
    if (a === '-c' || a === '--read-clear') clearAfter = true;
    else if (a === '-C' || a === '--clear') clearOnly = true;
    else if (a === '-x' || a === '--decode') opts.decode = true;
    else if (a === '-r' || a === '--raw') opts.raw = true;
    else if (a === '-t' || a === '--notime') opts.noTime = true;
    else if (a === '-k' || a === '--kernel' || a === '-H' || a === '--human' || a === '-L' || a === '--color') continue;
    else if (a === '-n' || a === '--console-level') {
      const v = value();
      consoleLevel = parseLevel(v, 1);
      if (consoleLevel === null) { io.err(`dmesg: unknown level '${v}'\n`); return 1; }
    } else if (a === '-l' || a === '--level') {
      const v = value();
      levels = [];
      for (const name of v.split(',')) {
        const level = parseLevel(name, 0);
        if (level === null) { io.err(`dmesg: unknown level '${name}'\n`); return 1; }
        levels.push(level);
      }
    } else if (a === '-h' || a === '--help') {
      io.out('Usage:\n dmesg [options]\n\nDisplay or control the kernel ring buffer.\n\nOptions:\n -C, --clear                 clear the kernel ring buffer\n -c, --read-clear            read and clear all messages\n -l, --level <list>          restrict output to defined levels\n -n, --console-level <level> set level of messages printed to console\n -r, --raw                   print the raw message buffer\n -t, --notime                don\'t show any timestamp with messages\n -x, --decode                decode facility and level to readable string\n');
      return 0;
    } else { io.err(`dmesg: invalid option -- '${a.replace(/^-+/, '')}'\nTry 'dmesg --help' for more information.\n`); return 1; }
  }
  const root = s.cred.uid === 0;
  if (consoleLevel !== null) {
    if (!root) { io.err('dmesg: klogctl failed: Operation not permitted\n'); return 1; }
    yield { type: 'set_console_loglevel', level: consoleLevel };
    return 0;
  }
  if (clearOnly) {
    if (!root) { io.err('dmesg: clear kernel buffer failed: Operation not permitted\n'); return 1; }
    yield { type: 'clear_log' };
    return 0;
  }
  if (!root) { io.err('dmesg: read kernel buffer failed: Operation not permitted\n'); return 1; }
  const shown = logRecords(s.log).filter((r) => r.seq >= s.log.clearSeq && (levels === null || levels.includes(r.level)));
  io.out(shown.map((r) => formatRecord(r, opts) + '\n').join(''));
  if (clearAfter) yield { type: 'clear_log' };
  return 0;
};
