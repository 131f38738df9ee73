// Module parameters as kernel/params.c handles them: next_arg() splits the argument string,
// parse_one() finds the parameter, the param_set_*() of its type parses the value with the
// kstrto*() rules, and param_get_*() gives the text sysfs shows.
import { E } from './errno';
import type { ParamScalar, ParamSpec, ParamType } from './image';

/** Ranges of the integer types (C types behind byte, short, ushort, int, uint, long, ulong). */
export const INT_RANGES: Partial<Record<ParamType, readonly [bigint, bigint]>> = {
  byte: [0n, 255n],
  short: [-32768n, 32767n],
  ushort: [0n, 65535n],
  int: [-2147483648n, 2147483647n],
  uint: [0n, 4294967295n],
  long: [-9223372036854775808n, 9223372036854775807n],
  ulong: [0n, 18446744073709551615n],
};
const ULLONG_MAX = 18446744073709551615n;

/** The argument string split the way next_arg() does: quotes group, and are then dropped. */
export function nextArgs(args: string): Array<{ param: string; val: string | null }> {
  const out: Array<{ param: string; val: string | null }> = [];
  let rest = args.replace(/^\s+/, '');
  while (rest.length > 0) {
    let i = 0;
    let inQuote = false;
    let quoted = false;
    let s = rest;
    if (s.startsWith('"')) { s = s.slice(1); inQuote = true; quoted = true; }
    let equals = -1;
    for (; i < s.length; i++) {
      if (/\s/.test(s[i]!) && !inQuote) break;
      if (equals < 0 && s[i] === '=') equals = i;
      if (s[i] === '"') inQuote = !inQuote;
    }
    let token = s.slice(0, i);
    if (quoted && token.endsWith('"')) token = token.slice(0, -1);
    let param = token;
    let val: string | null = null;
    if (equals >= 0) {
      param = token.slice(0, equals);
      val = token.slice(equals + 1);
      if (val.startsWith('"')) {
        val = val.slice(1);
        if (val.endsWith('"')) val = val.slice(0, -1);
      }
    }
    out.push({ param, val });
    rest = s.slice(i + 1).replace(/^\s+/, '');
  }
  return out;
}

/** parameq(): '-' and '_' are the same in parameter names. */
export function parameq(a: string, b: string): boolean {
  return a.replace(/-/g, '_') === b.replace(/-/g, '_');
}

/** _kstrtoull(): base 0 (0x hex, 0 octal), optional trailing newline. Errno on failure. */
function kstrtoull(text: string): bigint | number {
  let s = text;
  let base = 10;
  if (/^0[xX][0-9a-fA-F]/.test(s)) { base = 16; s = s.slice(2); }
  else if (s.startsWith('0') && s.length > 1 && s[1] !== '\n') { base = 8; s = s.slice(1); }
  const digits = base === 16 ? /^[0-9a-fA-F]+/ : base === 8 ? /^[0-7]+/ : /^[0-9]+/;
  const match = digits.exec(s);
  if (!match) return -E.EINVAL;
  let value = 0n;
  for (const ch of match[0]) {
    value = value * BigInt(base) + BigInt(parseInt(ch, 16));
    if (value > ULLONG_MAX) return -E.ERANGE;
  }
  let rest = s.slice(match[0].length);
  if (rest.startsWith('\n')) rest = rest.slice(1);
  return rest.length > 0 ? -E.EINVAL : value;
}

/** kstrto{u8,s16,u16,int,uint,l,ul}(val, 0, ...): the value, or a negative errno. */
export function kstrtoInt(text: string, type: ParamType): bigint | number {
  const [min, max] = INT_RANGES[type]!;
  const signed = min < 0n;
  let value: bigint;
  if (signed && text.startsWith('-')) {
    const magnitude = kstrtoull(text.slice(1));
    if (typeof magnitude === 'number') return magnitude;
    if (magnitude > 9223372036854775808n) return -E.ERANGE;
    value = -magnitude;
  } else {
    const parsed = kstrtoull(text.startsWith('+') ? text.slice(1) : text);
    if (typeof parsed === 'number') return parsed;
    if (signed && parsed > 9223372036854775807n) return -E.ERANGE;
    value = parsed;
  }
  return value < min || value > max ? -E.ERANGE : value;
}

/** kstrtobool(): y/Y/1, n/N/0, on/off. */
export function kstrtobool(text: string): boolean | number {
  const c0 = text[0];
  if (c0 === 'y' || c0 === 'Y' || c0 === '1') return true;
  if (c0 === 'n' || c0 === 'N' || c0 === '0') return false;
  if (c0 === 'o' || c0 === 'O') {
    const c1 = text[1];
    if (c1 === 'n' || c1 === 'N') return true;
    if (c1 === 'f' || c1 === 'F') return false;
  }
  return -E.EINVAL;
}

export interface SetResult {
  /** The stored variable in text form, or a negative errno. */
  value?: string;
  err: number;
  /** Extra kernel messages (pr_err) the setter printed, e.g. "p: string parameter too long". */
  messages: string[];
}

/** param_set_<type>(val): parses one element. `val` is null when the argument had no '='. */
export function paramSet(spec: ParamSpec, val: string | null, name = spec.name): SetResult {
  switch (spec.type) {
    case 'bool':
    case 'invbool': {
      // Only param_ops_bool has KERNEL_PARAM_OPS_FL_NOARG: a bare invbool name is -EINVAL.
      if (val === null && spec.type === 'invbool') return { err: -E.EINVAL, messages: [] };
      const parsed = kstrtobool(val ?? '1');
      if (typeof parsed === 'number') return { err: parsed, messages: [] };
      const variable = spec.type === 'invbool' ? !parsed : parsed;
      return { value: variable ? 'Y' : 'N', err: 0, messages: [] };
    }
    case 'charp':
      if (val === null) return { err: -E.EINVAL, messages: [] };
      if (val.length > 1024) return { err: -E.ENOSPC, messages: [`${name}: string parameter too long`] };
      return { value: val, err: 0, messages: [] };
    default: {
      if (val === null) return { err: -E.EINVAL, messages: [] };
      const parsed = kstrtoInt(val, spec.type);
      if (typeof parsed === 'number') return { err: parsed, messages: [] };
      return { value: parsed.toString(), err: 0, messages: [] };
    }
  }
}

/** param_array(): a comma-separated list of at most `spec.array` elements. */
export function paramSetArray(spec: ParamSpec, val: string | null): SetResult & { elements?: string[] } {
  if (val === null) return { err: -E.EINVAL, messages: [] };
  const max = spec.array ?? 1;
  const elements: string[] = [];
  const parts = val.split(',');
  for (const part of parts) {
    if (elements.length === max) {
      return { err: -E.EINVAL, messages: [`${spec.name}: can only take ${max} arguments`] };
    }
    const one = paramSet(spec, part);
    if (one.err !== 0) return { err: one.err, messages: one.messages };
    elements.push(one.value!);
  }
  return { err: 0, messages: [], elements };
}

/** The variable's initial value from the manifest's default, in stored text form. */
export function defaultValue(spec: ParamSpec): string | string[] {
  const one = (v: ParamScalar | undefined): string => {
    if (spec.type === 'charp') return v === null || v === undefined ? '(null)' : String(v);
    if (spec.type === 'bool' || spec.type === 'invbool') return v === true || v === 1 || v === 'Y' || v === 'y' ? 'Y' : 'N';
    return v === undefined || v === null ? '0' : String(v);
  };
  if (spec.array !== undefined) {
    const list = Array.isArray(spec.default) ? spec.default : spec.default === undefined ? [] : [spec.default];
    return list.map(one);
  }
  return one(Array.isArray(spec.default) ? spec.default[0] : spec.default);
}

/** param_get_<type>(): what /sys/module/M/parameters/P reads (with the trailing newline). */
export function paramGet(spec: ParamSpec, value: string | string[]): string {
  const one = (v: string): string =>
    spec.type === 'invbool' ? (v === 'Y' ? 'N' : 'Y') : v;
  return (Array.isArray(value) ? value.map(one).join(',') : one(value)) + '\n';
}

/** The value printk's %d/%u/%s sees for a parameter variable. */
export function paramAsC(spec: ParamSpec, value: string): string | number {
  if (spec.type === 'bool' || spec.type === 'invbool') return value === 'Y' ? 1 : 0;
  return value;
}

/** The value a successful paramSet()/paramSetArray() leaves in the variable. */
export function storedValue(result: SetResult & { elements?: string[] }): string | string[] {
  return result.elements ?? result.value ?? '';
}
