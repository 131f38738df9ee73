// The subset of the kernel's vsnprintf() that module printk()s use: %d %i %u %x %X %c %s %%
// with l/ll/h/hh/z length modifiers, field width and zero padding, plus %p (hashed) and %px.

export type PrintfArg =
  | { kind: 'int'; value: bigint }
  | { kind: 'str'; value: string | null }
  | { kind: 'ptr'; addr: string };

/** What %p prints: the real value for NULL and ERR_PTRs, otherwise a 32-bit hash zero-padded to
 * 16 digits (lib/vsprintf.c ptr_to_id(), CONFIG_64BIT). */
export function hashPointer(addr: string, key: number): string {
  const value = BigInt('0x' + addr);
  if (value === 0n || value >= 0xfffffffffffff001n) return addr;
  let h = key >>> 0;
  for (const ch of addr) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  return (h >>> 0).toString(16).padStart(16, '0');
}

const SPEC = /%([-0+ #]*)(\d+)?(hh|h|ll|l|z)?([diuxXcsp%])(x)?/g;

export function vsprintf(fmt: string, args: PrintfArg[], ptrKey: number): string {
  let next = 0;
  return fmt.replace(SPEC, (whole, flags: string, width: string | undefined, length: string | undefined, conv: string, px: string | undefined) => {
    if (conv === '%') return '%';
    const arg = args[next++];
    let out: string;
    if (arg === undefined) return whole;
    if (conv === 'p') {
      const addr = arg.kind === 'ptr' ? arg.addr : toHex(asInt(arg), 64);
      out = px ? addr : hashPointer(addr, ptrKey);
      return pad(out, width, flags);
    }
    switch (conv) {
      case 's': out = arg.kind === 'str' ? arg.value ?? '(null)' : arg.kind === 'int' ? arg.value.toString() : arg.addr; break;
      case 'c': out = String.fromCharCode(Number(asInt(arg) & 0xffn)); break;
      case 'u': out = toUnsigned(asInt(arg), bits(length)).toString(); break;
      case 'x': out = toHex(asInt(arg), bits(length)).replace(/^0+(?=.)/, ''); break;
      case 'X': out = toHex(asInt(arg), bits(length)).replace(/^0+(?=.)/, '').toUpperCase(); break;
      default: out = toSigned(asInt(arg), bits(length)).toString();
    }
    return pad(out, width, flags) + (px ?? '');
  });
}

function asInt(arg: PrintfArg): bigint {
  if (arg.kind === 'int') return arg.value;
  if (arg.kind === 'ptr') return BigInt('0x' + arg.addr);
  if (arg.value !== null && /^[+-]?\d+$/.test(arg.value)) return BigInt(arg.value);
  return 0n;
}

function bits(length: string | undefined): number {
  return length === 'l' || length === 'll' || length === 'z' ? 64 : length === 'h' ? 16 : length === 'hh' ? 8 : 32;
}

function toUnsigned(v: bigint, width: number): bigint {
  return BigInt.asUintN(width, v);
}

function toSigned(v: bigint, width: number): bigint {
  return BigInt.asIntN(width, v);
}

function toHex(v: bigint, width: number): string {
  return BigInt.asUintN(width, v).toString(16).padStart(width / 4, '0');
}

function pad(text: string, width: string | undefined, flags: string): string {
  const w = width ? parseInt(width, 10) : 0;
  if (text.length >= w) return text;
  if (flags.includes('-')) return text.padEnd(w, ' ');
  // Zero padding goes after the sign: "%05d" of -42 is "-0042".
  if (flags.includes('0') && text.startsWith('-')) return '-' + text.slice(1).padStart(w - 1, '0');
  return text.padStart(w, flags.includes('0') ? '0' : ' ');
}
