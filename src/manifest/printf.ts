// The printk() format strings a manifest may use: the common conversions of the kernel's
// vsprintf(), each consuming one argument (except %%).

export type ArgKind = 'int' | 'string' | 'pointer';

export interface Conversion {
  /** As written, e.g. "%5lu". */
  spec: string;
  /** What the argument must be. */
  kind: ArgKind;
}

export type FormatResult =
  | { ok: true; conversions: Conversion[] }
  | { ok: false; bad: string };

export const SUPPORTED_FORMATS = '%d %i %u %x %X %c %s %p %px %ld %lu %lld %llu %%';

// flags, width, precision, length modifier, conversion; or %p / %px; or %%.
const CONVERSION = /%(?:%|[-+ #0]*\d*(?:\.\d+)?(?:hh|h|ll|l|z)?[diuxXcs]|px?)/y;

export function parseFormat(text: string): FormatResult {
  const conversions: Conversion[] = [];
  for (let i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i)) {
    CONVERSION.lastIndex = i;
    const match = CONVERSION.exec(text);
    if (!match) {
      const rest = /^%[-+ #0-9.hlz]*.?/.exec(text.slice(i))![0];
      return { ok: false, bad: rest };
    }
    const spec = match[0];
    i += spec.length;
    if (spec === '%%') continue;
    const last = spec[spec.length - 1]!;
    const kind: ArgKind = last === 's' ? 'string' : spec.startsWith('%p') ? 'pointer' : 'int';
    conversions.push({ spec, kind });
  }
  return { ok: true, conversions };
}

export function kindName(kind: ArgKind): string {
  return kind === 'int' ? 'an integer' : kind === 'string' ? 'a string' : 'a pointer';
}
