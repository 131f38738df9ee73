// glibc fnmatch(pattern, string, 0), which libkmod uses for config aliases, install/remove
// commands, softdeps and the wildcard alias indexes: `*` and `?` match any character (also `/`
// and a leading `.`, since no FNM_ flags are set), `[...]` is a bracket expression with `!` or
// `^` negation, ranges and [:classes:], and a backslash quotes the next character. A `[` with no
// closing `]` matches itself.

const CLASSES: Record<string, (c: string) => boolean> = {
  alnum: (c) => /[A-Za-z0-9]/.test(c),
  alpha: (c) => /[A-Za-z]/.test(c),
  blank: (c) => c === ' ' || c === '\t',
  cntrl: (c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127,
  digit: (c) => /[0-9]/.test(c),
  graph: (c) => c.charCodeAt(0) > 32 && c.charCodeAt(0) < 127,
  lower: (c) => /[a-z]/.test(c),
  print: (c) => c.charCodeAt(0) >= 32 && c.charCodeAt(0) < 127,
  punct: (c) => /[!-/:-@[-`{-~]/.test(c),
  space: (c) => /[ \t\n\v\f\r]/.test(c),
  upper: (c) => /[A-Z]/.test(c),
  xdigit: (c) => /[0-9A-Fa-f]/.test(c),
};

/** Matches one bracket expression starting at pattern[p] === '['; returns the index after it and
 * whether `c` matched, or null when the bracket is not closed (then '[' is an ordinary char). */
function bracket(pattern: string, p: number, c: string): { end: number; matched: boolean } | null {
  let i = p + 1;
  let negate = false;
  if (pattern[i] === '!' || pattern[i] === '^') { negate = true; i++; }
  let matched = false;
  let first = true;
  for (;;) {
    if (i >= pattern.length) return null;
    let ch = pattern[i]!;
    if (ch === ']' && !first) break;
    first = false;
    if (ch === '[' && pattern[i + 1] === ':') {
      const close = pattern.indexOf(':]', i + 2);
      if (close >= 0) {
        const test = CLASSES[pattern.slice(i + 2, close)];
        if (test && test(c)) matched = true;
        i = close + 2;
        continue;
      }
    }
    if (ch === '\\' && i + 1 < pattern.length) ch = pattern[++i]!;
    let hi = ch;
    if (pattern[i + 1] === '-' && i + 2 < pattern.length && pattern[i + 2] !== ']') {
      hi = pattern[i + 2]!;
      if (hi === '\\' && i + 3 < pattern.length) { hi = pattern[i + 3]!; i++; }
      i += 2;
    }
    if (c >= ch && c <= hi) matched = true;
    i++;
  }
  return { end: i + 1, matched: matched !== negate };
}

/** fnmatch(pattern, text, 0) === 0. */
export function fnmatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  // Backtracking point for the last `*`: where the pattern resumes and the text position tried.
  let starP = -1;
  let starT = 0;
  while (t < text.length || p < pattern.length) {
    if (p < pattern.length) {
      const pc = pattern[p]!;
      if (pc === '*') {
        starP = ++p;
        starT = t;
        continue;
      }
      if (t < text.length) {
        const c = text[t]!;
        if (pc === '?') { p++; t++; continue; }
        if (pc === '[') {
          const b = bracket(pattern, p, c);
          if (b === null) {
            if (c === '[') { p++; t++; continue; }
          } else if (b.matched) { p = b.end; t++; continue; }
        } else if (pc === '\\' && p + 1 < pattern.length) {
          if (pattern[p + 1] === c) { p += 2; t++; continue; }
        } else if (pc === c) { p++; t++; continue; }
      }
    }
    if (starP < 0 || starT >= text.length) return false;
    p = starP;
    t = ++starT;
  }
  return true;
}

/** Whether a string has fnmatch special characters (else fnmatch is plain equality). */
export function hasWildcard(pattern: string): boolean {
  return /[*?[\\]/.test(pattern);
}

/** `entries.find((e) => fnmatch(patternOf(e), name))` without trying every entry: patterns
 * without wildcards (nearly all of them: modules.softdep has dozens of rules, one per module name)
 * are found through a Map, those with wildcards are tried in turn. */
export class FirstMatch<T> {
  /** Each literal pattern's first entry. */
  private readonly literal = new Map<string, number>();
  /** The entries whose pattern has wildcards, in order. */
  private readonly wild: number[] = [];

  constructor(private readonly entries: readonly T[], private readonly patternOf: (entry: T) => string) {
    for (let i = 0; i < entries.length; i++) {
      const pattern = patternOf(entries[i]!);
      if (hasWildcard(pattern)) this.wild.push(i);
      else if (!this.literal.has(pattern)) this.literal.set(pattern, i);
    }
  }

  find(name: string): T | undefined {
    let first = this.literal.get(name) ?? this.entries.length;
    for (const i of this.wild) {
      if (i > first) break;
      if (fnmatch(this.patternOf(this.entries[i]!), name)) { first = i; break; }
    }
    return this.entries[first];
  }
}
