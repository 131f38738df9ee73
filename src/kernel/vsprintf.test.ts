import { describe, expect, it } from 'vitest';
import { boot, image, insmod, param, st } from './testing';
import { hashPointer, vsprintf, type PrintfArg } from './vsprintf';
import { lastRecord } from './log';

const KEY = 0x12345678;
const int = (v: number | bigint): PrintfArg => ({ kind: 'int', value: BigInt(v) });
const str = (v: string | null): PrintfArg => ({ kind: 'str', value: v });
const ptr = (addr: string): PrintfArg => ({ kind: 'ptr', addr });
const f = (fmt: string, ...args: PrintfArg[]) => vsprintf(fmt, args, KEY);

describe('vsprintf integers', () => {
  it('%d %i %u %x %X %c %%', () => {
    expect(f('%d %i', int(-42), int(7))).toBe('-42 7');
    expect(f('%u', int(-1))).toBe('4294967295');
    expect(f('%x %X', int(255), int(255))).toBe('ff FF');
    expect(f('%x', int(-1))).toBe('ffffffff');
    expect(f('%x', int(0))).toBe('0');
    expect(f('%c%c', int(72), int(105))).toBe('Hi');
    expect(f('100%%')).toBe('100%');
  });

  it('wraps to the C type of the length modifier', () => {
    expect(f('%d', int(2147483648))).toBe('-2147483648');
    expect(f('%ld', int(2147483648))).toBe('2147483648');
    expect(f('%lu', int(-1))).toBe('18446744073709551615');
    expect(f('%llx', int(-1))).toBe('ffffffffffffffff');
    expect(f('%hd', int(65535))).toBe('-1');
    expect(f('%hhu', int(257))).toBe('1');
    expect(f('%zu', int(4096))).toBe('4096');
  });

  it('pads to a field width', () => {
    expect(f('[%5d]', int(42))).toBe('[   42]');
    expect(f('[%-5d]', int(42))).toBe('[42   ]');
    expect(f('[%05d]', int(42))).toBe('[00042]');
    expect(f('[%05d]', int(-42))).toBe('[-0042]');
    expect(f('[%08x]', int(0xbeef))).toBe('[0000beef]');
    expect(f('[%2d]', int(12345))).toBe('[12345]');
  });
});

describe('vsprintf strings', () => {
  it('%s, and (null) for NULL', () => {
    expect(f('hello %s!', str('world'))).toBe('hello world!');
    expect(f('%s', str(null))).toBe('(null)');
    expect(f('[%6s][%-6s]', str('ab'), str('ab'))).toBe('[    ab][ab    ]');
  });

  it('leaves a conversion without an argument as written', () => {
    expect(f('%d and %s', int(1))).toBe('1 and %s');
  });
});

describe('vsprintf pointers', () => {
  const addr = 'ffff888104a00040';

  it('%p prints a hashed id: 16 hex digits, the top 8 zero', () => {
    const out = f('%p', ptr(addr));
    expect(out).toMatch(/^00000000[0-9a-f]{8}$/);
    expect(out).not.toBe(addr);
    expect(f('%p', ptr(addr))).toBe(out);
    expect(hashPointer(addr, KEY)).toBe(out);
  });

  it('hashes differ per pointer and per boot key', () => {
    expect(hashPointer(addr, KEY)).not.toBe(hashPointer('ffff888104a00080', KEY));
    expect(hashPointer(addr, KEY)).not.toBe(hashPointer(addr, KEY + 1));
  });

  it('prints NULL and ERR_PTR values raw', () => {
    expect(f('%p', ptr('0000000000000000'))).toBe('0000000000000000');
    expect(f('%p', ptr('fffffffffffffff4'))).toBe('fffffffffffffff4');
  });

  it('%px prints the real address', () => {
    expect(f('%px', ptr(addr))).toBe(addr);
    expect(f('at %px.', ptr(addr))).toBe(`at ${addr}.`);
  });

  it('a literal x after another conversion stays', () => {
    expect(f('%dx', int(3))).toBe('3x');
  });
});

describe('printk statements format their arguments', () => {
  it('from parameters and variables', () => {
    const mod = image({
      name: 'fmt',
      params: [param('irq', 'int', { default: 7 }), param('whom', 'charp'), param('on', 'bool', { default: true }), param('list', 'int', { array: 3, default: [4, 5] })],
      init: [
        st.kmalloc('buf', 64),
        st.printk('irq=%d whom=%s on=%d list=%d buf=%p raw=%px', ['irq', 'whom', 'on', 'list', 'buf', 'buf']),
        st.kfree('buf'),
        st.ret(0),
      ],
    });
    const s = insmod(boot(), mod, 'irq=0x20');
    const line = lastRecord(s.log)!.text;
    const alloc = /raw=([0-9a-f]{16})$/.exec(line)![1]!;
    expect(line).toBe(`irq=32 whom=(null) on=1 list=4 buf=${hashPointer(alloc, s.ptrKey)} raw=${alloc}`);
    expect(alloc).toMatch(/^ffff888/);
  });
});
