// Readers for the scalar values of a manifest: text, identifiers, integers, the octal `perm`,
import { INT_RANGES } from '../kernel/params';
// printk levels, errno return values, GFP flags and parameter defaults. Each reports through the
// Reporter and returns undefined when the value is unusable.
import { isScalar, isSeq, type Node } from 'yaml';
import { E, errnoByName } from '../kernel/errno';
import { LOG_LEVELS, type ParamScalar, type ParamType } from '../kernel/image';
import { describe, type Reporter } from './source';
import { closest, didYouMean } from './suggest';

export const C_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Free text. Numbers and booleans keep their source spelling (`version: 1.0` stays "1.0"). */
export function readText(r: Reporter, node: Node | null, what: string): string | undefined {
  if (isScalar(node) && node.value !== null && node.value !== undefined) {
    if (typeof node.value === 'string') return node.value;
    if (typeof node.value !== 'object') return node.type === 'PLAIN' ? r.source(node) : String(node.value);
  }
  r.error(node, `${what} must be a string (got ${describe(node)})`);
  return undefined;
}

/** A C identifier: a symbol, a parameter, a variable or a label. */
export function readIdentifier(r: Reporter, node: Node | null, what: string): string | undefined {
  const text = readText(r, node, what);
  if (text === undefined) return undefined;
  if (!C_IDENTIFIER.test(text)) {
    r.error(node, `${what} '${text}' is not a valid C identifier (letters, digits and '_', not starting with a digit)`);
    return undefined;
  }
  return text;
}

export function readStringList(r: Reporter, node: Node | null, what: string, identifiers = false): string[] {
  if (!isSeq(node)) {
    r.error(node, `${what} must be a list, e.g. [a, b] (got ${describe(node)})`);
    return [];
  }
  const out: string[] = [];
  for (const item of node.items) {
    const element = r.resolve(item as Node);
    const value = identifiers ? readIdentifier(r, element, `${what} entry`) : readText(r, element, `${what} entry`);
    if (value !== undefined) out.push(value);
  }
  return out;
}

export function readBool(r: Reporter, node: Node | null, what: string): boolean | undefined {
  if (isScalar(node) && typeof node.value === 'boolean') return node.value;
  r.error(node, `${what} must be true or false (got ${describe(node)})`);
  return undefined;
}

/** The scalar as an exact integer, or undefined when it is not a whole number. */
export function integerOf(node: Node | null): bigint | undefined {
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'bigint') return node.value;
  if (typeof node.value === 'number' && Number.isSafeInteger(node.value)) return BigInt(node.value);
  return undefined;
}

export function readInt(r: Reporter, node: Node | null, what: string, min: number, max: number): number | undefined {
  const value = integerOf(node);
  if (value === undefined) {
    r.error(node, `${what} must be a whole number (got ${describe(node)})`);
    return undefined;
  }
  if (value < BigInt(min) || value > BigInt(max)) {
    r.error(node, `${what} must be between ${min} and ${max} (got ${value})`);
    return undefined;
  }
  return Number(value);
}

const octal = (value: number): string => '0' + value.toString(8).padStart(3, '0');

/**
 * `perm` as the octal number module_param() takes. YAML 1.2 reads `0644` as decimal 644, so the
 * source text decides: a leading 0 (or 0o) means octal, as in C. A bare 644 would be decimal in C
 * too (01204), which is never what anybody means, so it is refused with the fix.
 */
export function readPerm(r: Reporter, node: Node | null, prefix: string): number | undefined {
  if (!isScalar(node)) {
    r.error(node, `${prefix}perm must be an octal number such as 0644 (got ${describe(node)})`);
    return undefined;
  }
  const text = typeof node.value === 'string' ? node.value.trim() : r.source(node).trim();
  let value: number | undefined;
  if (/^0[0-7]*$/.test(text)) value = parseInt(text, 8);
  else if (/^0o[0-7]+$/i.test(text)) value = parseInt(text.slice(2), 8);
  else if (typeof node.value !== 'string' && /^0x[0-9a-f]+$/i.test(text)) value = parseInt(text.slice(2), 16);
  else if (typeof node.value !== 'string' && /^[1-9][0-9]*$/.test(text)) {
    const decimal = Number(text);
    if (decimal <= 7 || /[89]/.test(text)) value = decimal;
    else {
      r.error(node, `${prefix}perm ${text} is a decimal number (${octal(decimal)} in octal); write octal permissions with a leading 0, e.g. 0${text}`);
      return undefined;
    }
  } else {
    const got = typeof node.value === 'string' ? `'${text}'` : text || describe(node);
    r.error(node, `${prefix}perm must be an octal number such as 0644 (got ${got})`);
    return undefined;
  }
  // The compile-time checks of VERIFY_OCTAL_PERMISSIONS(), which module_param() applies.
  const problem =
    value > 0o777 ? 'is more than 0777'
    : ((value >> 6) & 4) < ((value >> 3) & 4) || ((value >> 3) & 4) < (value & 4)
      ? 'lets group or others read what the owner cannot'
    : ((value >> 6) & 2) < ((value >> 3) & 2) ? 'lets the group write what the owner cannot'
    : value & 2 ? 'makes the parameter writable by everyone'
    : undefined;
  if (problem !== undefined) {
    r.error(node, `${prefix}perm ${octal(value)} ${problem}; the kernel refuses it (VERIFY_OCTAL_PERMISSIONS)`);
    return undefined;
  }
  return value;
}

/** printk level: KERN_EMERG..KERN_DEBUG, or the number 0-7. */
export function readLevel(r: Reporter, node: Node | null, prefix: string): number | undefined {
  if (isScalar(node) && typeof node.value === 'string') {
    const index = (LOG_LEVELS as readonly string[]).indexOf(node.value);
    if (index >= 0) return index;
    const hint = didYouMean(node.value, LOG_LEVELS);
    r.error(node, `${prefix}unknown level '${node.value}'${hint}; use KERN_EMERG, KERN_ALERT, KERN_CRIT, KERN_ERR, KERN_WARNING, KERN_NOTICE, KERN_INFO, KERN_DEBUG or 0-7`);
    return undefined;
  }
  const n = integerOf(node);
  if (n !== undefined && n >= 0n && n <= 7n) return Number(n);
  r.error(node, `${prefix}level must be KERN_EMERG … KERN_DEBUG or a number 0-7 (got ${describe(node)})`);
  return undefined;
}

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/** A C int return value: 0, -12, 1 or an errno name such as -ENOMEM. */
export function readReturnValue(r: Reporter, node: Node | null, prefix: string): number | undefined {
  let n = integerOf(node);
  const text = isScalar(node) && typeof node.value === 'string' ? node.value.trim() : undefined;
  if (text !== undefined && /^[+-]?\d+$/.test(text)) n = BigInt(text);
  if (n !== undefined) {
    if (n >= BigInt(INT_MIN) && n <= BigInt(INT_MAX)) return Number(n);
    r.error(node, `${prefix}${n} does not fit in a C int`);
    return undefined;
  }
  const match = text === undefined ? null : /^(-?)(E[A-Z0-9]+)$/.exec(text);
  if (match) {
    const name = match[2]!;
    const errno = errnoByName(name);
    if (errno === undefined) {
      const guess = closest(name, Object.keys(E));
      r.error(node, `${prefix}unknown errno '${text}'${guess ? ` (did you mean '-${guess}'?)` : ''}`);
      return undefined;
    }
    if (match[1] === '') {
      r.error(node, `${prefix}'${name}' must be negative: kernel functions return -${name} for an error`);
      return undefined;
    }
    return -errno;
  }
  r.error(node, `${prefix}value must be 0, a number or a negative errno such as -ENOMEM (got ${describe(node)})`);
  return undefined;
}

export const GFP_FLAGS = [
  'GFP_KERNEL', 'GFP_ATOMIC', 'GFP_NOWAIT', 'GFP_NOIO', 'GFP_NOFS', 'GFP_USER', 'GFP_DMA',
  'GFP_DMA32', 'GFP_HIGHUSER', 'GFP_KERNEL_ACCOUNT', '__GFP_ZERO', '__GFP_NOWARN',
  '__GFP_NORETRY', '__GFP_RETRY_MAYFAIL', '__GFP_NOFAIL', '__GFP_HIGH',
] as const;

/** GFP flags, e.g. "GFP_KERNEL" or "GFP_KERNEL | __GFP_ZERO"; returned with single spaces. */
export function readGfp(r: Reporter, node: Node | null, prefix: string): string | undefined {
  const text = readText(r, node, `${prefix}flags`);
  if (text === undefined) return undefined;
  const parts = text.split('|').map((part) => part.trim());
  for (const part of parts) {
    if (!(GFP_FLAGS as readonly string[]).includes(part)) {
      const hint = didYouMean(part, GFP_FLAGS);
      r.error(node, `${prefix}unknown allocation flag '${part}'${hint || ` (use ${GFP_FLAGS.slice(0, 5).join(', ')}, ...)`}`);
      return undefined;
    }
  }
  return parts.join(' | ');
}

/** Value ranges of the integer parameter types (kstrtou8, kstrtos16, ... as param_set_*() use). */
export { INT_RANGES };

/** One default element of a parameter of type `type`. */
export function readParamScalar(r: Reporter, node: Node | null, type: ParamType, prefix: string): ParamScalar | undefined {
  const range = INT_RANGES[type];
  if (range) {
    const n = integerOf(node);
    if (n === undefined) {
      r.error(node, `${prefix}default must be a whole number for type ${type} (got ${describe(node)})`);
      return undefined;
    }
    if (n < range[0] || n > range[1]) {
      r.error(node, `${prefix}default ${n} is out of range for type ${type} (${range[0]} to ${range[1]})`);
      return undefined;
    }
    return Number.isSafeInteger(Number(n)) ? Number(n) : n.toString();
  }
  if (type === 'charp') {
    if (isScalar(node) && (node.value === null || node.value === undefined)) return null;
    return readText(r, node, `${prefix}default`);
  }
  // bool and invbool: true/false, or what kstrtobool() reads (y/n, 1/0, on/off).
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'boolean') return v;
    if (v === 0n || v === 1n || v === 0 || v === 1) return v === 1n || v === 1;
    if (typeof v === 'string' && /^(y|n|Y|N|on|off)$/.test(v)) return /^(y|Y|on)$/.test(v);
  }
  r.error(node, `${prefix}default must be true or false for type ${type} (got ${describe(node)})`);
  return undefined;
}
