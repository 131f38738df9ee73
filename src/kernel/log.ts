// printk into the log buffer, the taint mask, and the simulated clock and PRNG.
// The functions that change the state change the reducer's copy of it (cow.ts).
import { own } from './cow';
import type { KernelLog, KernelState, KModule, LogRecord } from './types';

/** Taint bits (include/linux/panic.h) and their letters (kernel/panic.c taint_flags[]). */
export const TAINT = {
  PROPRIETARY_MODULE: { bit: 0, letter: 'P', module: true },
  FORCED_MODULE: { bit: 1, letter: 'F', module: true },
  FORCED_RMMOD: { bit: 3, letter: 'R', module: false },
  CRAP: { bit: 10, letter: 'C', module: true },
  OOT_MODULE: { bit: 12, letter: 'O', module: true },
  UNSIGNED_MODULE: { bit: 13, letter: 'E', module: true },
} as const;
export type TaintName = keyof typeof TAINT;

/** Module-level taint letters in bit order, as module_flags_taint() prints them. */
const MODULE_TAINT_ORDER = ['P', 'F', 'C', 'O', 'E', 'K', 'X', 'T', 'N'];

/** A printed line as the ring buffer stores it, before it gets its sequence number. */
export interface Line { level: number; text: string; usec: number; step?: string }

export function printk(s: KernelState, level: number, text: string, step?: string): void {
  const usec = s.clock;
  store(s, text.replace(/\n$/, '').split('\n').map((line) => ({ level, text: line, usec, ...(step !== undefined ? { step } : {}) })));
}

/** The records still in the buffer, oldest first (one flat list per buffer, made once). */
export function logRecords(log: KernelLog): readonly LogRecord[] {
  let flat = flattened.get(log.chunks);
  if (!flat) {
    flat = Object.freeze(log.chunks.flat());
    flattened.set(log.chunks, flat);
  }
  return flat;
}
const flattened = new WeakMap<readonly (readonly LogRecord[])[], readonly LogRecord[]>();

/** The newest record, or undefined. */
export function lastRecord(log: KernelLog): LogRecord | undefined {
  return log.chunks[log.chunks.length - 1]?.at(-1);
}

/** Default size of the data ring: Debian's 6.1 config has CONFIG_LOG_BUF_SHIFT=17. */
export const LOG_BUF_LEN = 1 << 17;
/** printk_ringbuffer: one descriptor per 2^PRB_AVGBITS bytes of text (kernel/printk/printk.c). */
const PRB_AVGBITS = 5;
/** PRINTKRB_RECORD_MAX: longer messages are cut (vprintk_store()). */
const RECORD_MAX = 1024 - 32;
/** Records per frozen chunk: a printk copies the newest chunk and the list of chunks, so a full
 * buffer of 100,000 lines is never copied whole. */
const CHUNK = 512;

/**
 * The first lines of dmesg, and the buffer the kernel command line asks for: log_buf_len=n[KMG]
 * (memparse()) makes it bigger, rounded up to a power of two, never smaller than the built-in
 * one (log_buf_len_update()); setup_log_buf() then copies the early records over and says so.
 */
export function bootLog(s: KernelState, banner: string): void {
  store(s, [{ level: 5, text: banner, usec: 0 }, { level: 6, text: `Command line: ${s.cmdline}`, usec: 0 }]);
  const asked = logBufLenParam(s.cmdline);
  if (asked === null) return;
  const lines: Line[] = [];
  let size = 2 ** Math.ceil(Math.log2(Math.max(1, Math.min(asked, 2 ** 31))));
  if (asked > 2 ** 31) lines.push({ level: 3, text: 'printk: log_buf over 2G is not supported.', usec: 0 });
  if (size <= s.log.size) size = s.log.size;
  const early = logRecords(s.log);
  if (size > s.log.size) {
    s.log = { ...emptyLog(size), nextSeq: s.log.nextSeq - early.length, clearSeq: s.log.clearSeq };
    store(s, early.map(({ level, text, usec }) => ({ level, text, usec })));
    const free = LOG_BUF_LEN - early.reduce((n, r) => n + blockSize(r.text), 0);
    lines.push({ level: 6, text: `printk: log_buf_len: ${size} bytes`, usec: 0 });
    lines.push({ level: 6, text: `printk: early log buf free: ${free}(${Math.floor((free * 100) / LOG_BUF_LEN)}%)`, usec: 0 });
  }
  store(s, lines);
}

/** The last log_buf_len= on the command line, in bytes, or null (memparse(): K, M, G, T, P, E). */
export function logBufLenParam(cmdline: string): number | null {
  let found: number | null = null;
  for (const word of cmdline.split(/\s+/)) {
    const m = /^log_buf_len=(?:0x([0-9a-f]+)|0([0-7]*)|([1-9][0-9]*))([kmgtpe]?)$/i.exec(word);
    if (!m) continue;
    const [, hex, octal, decimal, unit] = m;
    const value = hex !== undefined ? parseInt(hex, 16) : octal !== undefined ? parseInt(octal || '0', 8) : Number(decimal);
    found = value * 2 ** (' kmgtpe'.indexOf(unit!.toLowerCase() || ' ') * 10);
  }
  return found;
}

/** A size as log_buf_len= writes it (memparse()'s suffixes): 131072 → 128K, 8388608 → 8M. */
export function formatLogBufLen(bytes: number): string {
  return bytes % (1 << 20) === 0 ? `${bytes >> 20}M` : `${bytes >> 10}K`;
}

/** A ring buffer of `size` bytes of text (log_buf_len) with size >> PRB_AVGBITS descriptors. */
export function emptyLog(size: number): KernelLog {
  return { chunks: [], count: 0, nextSeq: 0, clearSeq: 0, size, descs: size >> PRB_AVGBITS, head: 0 };
}

/** The data block a text takes in the ring: an unsigned long id, then the text, aligned to 8
 * (to_blk_size() in kernel/printk/printk_ringbuffer.c). */
function blockSize(text: string): number {
  return (8 + utf8Length(text) + 7) & ~7;
}

/** Bytes of the text in UTF-8 (a surrogate pair's two halves make four). */
function utf8Length(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) n += c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 1 : 2;
  }
  return n;
}

/**
 * Appends lines to the ring as prb_reserve()/prb_commit() do: each takes a descriptor and a data
 * block at the data ring's head; a block that would run past the end of the ring starts again at
 * its beginning (data blocks never wrap), and the oldest records whose descriptors or data are
 * needed are overwritten. Only the newest chunk and the list of chunks are copied.
 */
export function store(s: KernelState, lines: Line[]): void {
  if (lines.length === 0) return;
  const log = own(s, 'log');
  const { size, descs } = log;
  const chunks = Array.from(log.chunks);
  let open = chunks.length > 0 && chunks[chunks.length - 1]!.length < CHUNK ? Array.from(chunks.pop()!) : [];
  let { head, count, nextSeq } = log;
  const action = s.actions - 1;
  for (const line of lines) {
    const text = utf8Length(line.text) > RECORD_MAX ? cut(line.text) : line.text;
    const blk = blockSize(text);
    let begin = head;
    if ((begin % size) + blk > size) begin += size - (begin % size);
    head = begin + blk;
    const record: LogRecord = { seq: nextSeq++, level: line.level, usec: line.usec, text, action, lpos: begin };
    if (line.step !== undefined) record.step = line.step;
    open.push(Object.freeze(record));
    count++;
    if (open.length === CHUNK) { chunks.push(Object.freeze(open)); open = []; }
  }
  if (open.length > 0) chunks.push(Object.freeze(open));
  // Overwrite the oldest records while there are more than descriptors or their data is reused.
  let dropped = 0;
  while (count > 0) {
    const oldest = chunks[0]![dropped]!;
    if (count <= descs && oldest.lpos >= head - size) break;
    count--;
    if (++dropped === chunks[0]!.length) { chunks.shift(); dropped = 0; }
  }
  if (dropped > 0) chunks[0] = Object.freeze(chunks[0]!.slice(dropped));
  log.chunks = Object.freeze(chunks) as LogRecord[][];
  log.head = head;
  log.count = count;
  log.nextSeq = nextSeq;
}

function cut(text: string): string {
  let out = text.slice(0, RECORD_MAX);
  while (utf8Length(out) > RECORD_MAX) out = out.slice(0, -1);
  return out;
}

/** pr_*_once(): print only the first time per boot. */
export function printkOnce(s: KernelState, key: string, level: number, text: string, step?: string): void {
  if (s.printedOnce.includes(key)) return;
  own(s, 'printedOnce').push(key);
  printk(s, level, text, step);
}

export function isTainted(s: KernelState, name: TaintName): boolean {
  return (s.taint & (1 << TAINT[name].bit)) !== 0;
}

/**
 * add_taint(flag, lockdep): sets the bit and, with LOCKDEP_NOW_UNRELIABLE, the first time lock
 * debugging is switched off, prints "Disabling lock debugging due to kernel taint" (kernel/panic.c).
 */
export function addTaint(s: KernelState, name: TaintName, lockdepNowUnreliable: boolean, step?: string): void {
  s.taint |= 1 << TAINT[name].bit;
  if (lockdepNowUnreliable) printkOnce(s, 'lockdep', 4, 'Disabling lock debugging due to kernel taint', step);
}

/** add_taint_module(): the kernel-wide bit plus the module's own letter (`mod`: the action's own). */
export function addTaintModule(
  s: KernelState, mod: KModule, name: TaintName, lockdepNowUnreliable: boolean, step?: string,
): void {
  addTaint(s, name, lockdepNowUnreliable, step);
  const letter = TAINT[name].letter;
  if (TAINT[name].module && !mod.taints.includes(letter)) {
    mod.taints = MODULE_TAINT_ORDER.filter((l) => l === letter || mod.taints.includes(l)).join('');
  }
}

/** mulberry32: the one source of randomness, seeded and kept in the state. */
export function random(s: KernelState): number {
  s.rng = (s.rng + 0x6d2b79f5) >>> 0;
  let t = s.rng;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Advance the clock by about `usec` microseconds (±25 %, from the seeded PRNG). */
export function elapse(s: KernelState, usec: number): void {
  s.clock += Math.max(1, Math.round(usec * (0.75 + random(s) / 2)));
}
