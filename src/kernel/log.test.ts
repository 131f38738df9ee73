// The printk ring buffer: its size from the kernel command line, how the oldest records are
// overwritten, and that a printk copies only the newest chunk.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatLogBufLen, LOG_BUF_LEN, logBufLenParam, logRecords, printk, store } from './log';
import { readVirtual } from './procfs';
import { boot, dmesg, image, insmod } from './testing';
import type { KernelState } from './types';

/** printk outside the reducer, on a plain copy (the reducer runs it on its own copy: cow.ts). */
function printed(s: KernelState, lines: string[]): KernelState {
  const copy = { ...s, log: { ...s.log } };
  store(copy, lines.map((text) => ({ level: 6, text, usec: s.clock })));
  return copy;
}

describe('the log buffer', () => {
  it("is Debian's: 128 KiB of text and one descriptor per 32 bytes", () => {
    const s = boot();
    expect(s.log.size).toBe(LOG_BUF_LEN);
    expect(s.log.size).toBe(131072);
    expect(s.log.descs).toBe(4096);
    expect(dmesg(s)[0]).toMatch(/^Linux version 6\.1\.0-56-amd64 /);
    expect(dmesg(s)[1]).toBe(`Command line: ${s.cmdline}`);
    expect(readVirtual(s, '/proc/cmdline')).toBe(`${s.cmdline}\n`);
  });

  it('grows with log_buf_len=, rounded up to a power of two, and says so at boot', () => {
    const s = boot({ cmdline: 'log_buf_len=5M' });
    expect(s.cmdline).toMatch(/ ro quiet log_buf_len=5M$/);
    expect(s.log.size).toBe(8 << 20);
    expect(s.log.descs).toBe(8 << 15);
    const early = 131072 - dmesg(s).slice(0, 2).reduce((n, t) => n + ((8 + t.length + 7) & ~7), 0);
    expect(dmesg(s).slice(2)).toEqual(['printk: log_buf_len: 8388608 bytes', `printk: early log buf free: ${early}(99%)`]);
    expect(logRecords(s.log).map((r) => r.seq)).toEqual([0, 1, 2, 3]);
  });

  it('never shrinks below the built-in size', () => {
    const s = boot({ cmdline: 'log_buf_len=4k' });
    expect(s.log.size).toBe(LOG_BUF_LEN);
    expect(dmesg(s)).toHaveLength(2);
  });

  it('reads log_buf_len as memparse() does', () => {
    expect(logBufLenParam('ro quiet')).toBeNull();
    expect(logBufLenParam('log_buf_len=1M quiet log_buf_len=2m')).toBe(2 << 20);
    expect(logBufLenParam('log_buf_len=0x1000')).toBe(4096);
    expect(logBufLenParam('log_buf_len=0400k')).toBe(256 << 10);
    expect(logBufLenParam('log_buf_len=1G')).toBe(1 << 30);
    expect(logBufLenParam('log_buf_len=12q')).toBeNull();
    for (const bytes of [128 << 10, 1 << 20, 8 << 20]) expect(logBufLenParam(`log_buf_len=${formatLogBufLen(bytes)}`)).toBe(bytes);
  });

  it('overwrites the oldest records when the text no longer fits', () => {
    const s0 = boot();
    // 100 bytes of text take a 112-byte block: 131072 / 112 = 1170 blocks fit at most.
    const lines = Array.from({ length: 3000 }, (_, i) => `${String(i).padStart(4, '0')}${'x'.repeat(96)}`);
    const s = printed(s0, lines);
    const kept = logRecords(s.log);
    expect(kept.at(-1)!.text).toBe(lines.at(-1));
    expect(kept.length).toBe(s.log.count);
    expect(kept.length).toBeLessThanOrEqual(1170);
    expect(kept.length).toBeGreaterThan(1100);
    expect(kept[0]!.lpos).toBeGreaterThanOrEqual(s.log.head - s.log.size);
    expect(kept.map((r) => r.seq)).toEqual(kept.map((_, i) => s.log.nextSeq - kept.length + i));
  });

  it('overwrites the oldest records when the descriptors run out', () => {
    const s = printed(boot(), Array.from({ length: 5000 }, (_, i) => `${i}`));
    expect(s.log.count).toBe(4096);
    expect(logRecords(s.log).at(-1)!.text).toBe('4999');
  });

  it('keeps 100,000 lines with log_buf_len=8M, and a printk copies only the newest chunk', () => {
    const s0 = boot({ cmdline: 'log_buf_len=8M' });
    const s = printed(s0, Array.from({ length: 100_000 }, (_, i) => `flood: line ${i}`));
    expect(s.log.count).toBe(100_004);
    const next = printed(s, ['one more']);
    expect(next.log.chunks.slice(0, -1)).toEqual(s.log.chunks.slice(0, -1));
    next.log.chunks.slice(0, -1).forEach((chunk, i) => expect(chunk).toBe(s.log.chunks[i]));
    expect(Object.isFrozen(next.log.chunks)).toBe(true);
  });

  it('cuts a record at 992 bytes (PRINTKRB_RECORD_MAX)', () => {
    const s = printed(boot(), ['é'.repeat(600)]);
    expect(logRecords(s.log).at(-1)!.text).toBe('é'.repeat(496));
  });
});

describe('a repeated printk', () => {
  const flood = (repeat: number) => image({
    name: 'flood',
    init: [{ op: 'printk', level: 6, text: 'flood: line %d\n', args: ['i'], repeat }, { op: 'return', value: 0 }],
  });

  it('prints its line that many times with the counter, a microsecond apart', () => {
    const s0 = boot({ cmdline: 'log_buf_len=8M' });
    const s = insmod(s0, flood(100_000));
    const lines = logRecords(s.log).filter((r) => r.text.startsWith('flood: line'));
    expect(lines).toHaveLength(100_000);
    expect(lines[0]!.text).toBe('flood: line 0');
    expect(lines[99_999]!.text).toBe('flood: line 99999');
    expect(lines[99_999]!.usec - lines[0]!.usec).toBe(99_999);
  });

  it("fills Debian's default buffer and keeps only the newest lines", () => {
    const s = insmod(boot(), flood(10_000));
    const kept = dmesg(s);
    // Short lines (24-byte blocks): the 4,096 descriptors run out before the 128 KiB of text.
    expect(kept.length).toBe(4096);
    expect(kept).not.toContain('flood: line 0');
    expect(kept.at(-1)).toBe('flood: line 9999');
    expect(kept.some((t) => t.startsWith('Linux version'))).toBe(false);
  });

  it('is an ordinary printk without repeat', () => {
    const s0 = boot();
    const s = { ...s0, log: { ...s0.log } };
    s.actions = 1;
    printk(s, 4, 'a\nb\n');
    expect(dmesg(s).slice(-2)).toEqual(['a', 'b']);
  });
});

describe('the ring, over random floods', () => {
  it('keeps the newest records, in order, within its descriptors and its bytes', () => {
    // Each batch prints n lines of one length (the line's number, then padding): cheap to shrink.
    const batch = fc.record({ n: fc.integer({ min: 0, max: 800 }), length: fc.integer({ min: 0, max: 1100 }) });
    fc.assert(fc.property(
      fc.constantFrom('', 'log_buf_len=256k', 'log_buf_len=1M'),
      fc.array(batch, { minLength: 1, maxLength: 12 }),
      (cmdline, batches) => {
        let s = boot({ cmdline });
        const all = dmesg(s);
        for (const { n, length } of batches) {
          const lines = Array.from({ length: n }, (_, i) => String(all.length + i).padEnd(length, '.'));
          s = printed(s, lines);
          all.push(...lines);
        }
        const kept = logRecords(s.log);
        expect(kept.length).toBe(s.log.count);
        expect(kept.length).toBeLessThanOrEqual(s.log.descs);
        // Contiguous sequence numbers ending at the newest, and the newest texts (cut at 992 bytes).
        expect(kept.map((r) => r.seq)).toEqual(kept.map((_, i) => s.log.nextSeq - kept.length + i));
        expect(kept.map((r) => r.text)).toEqual(all.slice(all.length - kept.length).map((text) => text.slice(0, 992)));
        // Every kept block lies in the last `size` bytes before the head, and the newest is kept.
        if (kept.length > 0) expect(kept[0]!.lpos).toBeGreaterThanOrEqual(s.log.head - s.log.size);
        expect(kept.length).toBeGreaterThan(0);
      },
    ), { numRuns: 40 });
  });
});
