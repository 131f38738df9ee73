// glibc getopt_long(), as kmod's tools call it: options may come anywhere (non-options are moved
// to the end), `--` ends them, short options cluster (-vq, -Cdir), long options take `=value` or
// the next word and may be abbreviated to an unambiguous prefix. Messages are glibc's.

export interface LongOption { name: string; arg: 'none' | 'required'; val: string }

export type GetoptItem =
  | { kind: 'option'; val: string; arg?: string }
  | { kind: 'error'; message: string };

/** Walks argv lazily, so a caller can stop at -h or -V as getopt's loop does. */
export function* getoptLong(argv: string[], shortopts: string, longopts: LongOption[], operands: string[]): Generator<GetoptItem, void> {
  const prog = argv[0] ?? '';
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') { operands.push(...argv.slice(i + 1)); return; }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const exact = longopts.find((o) => o.name === name);
      const matches = exact ? [exact] : longopts.filter((o) => o.name.startsWith(name));
      const distinct = matches.filter((o, k) => matches.findIndex((x) => x.val === o.val && x.arg === o.arg) === k);
      if (matches.length === 0) { yield { kind: 'error', message: `${prog}: unrecognized option '${a}'\n` }; continue; }
      if (distinct.length > 1) {
        yield { kind: 'error', message: `${prog}: option '${a}' is ambiguous; possibilities:${matches.map((o) => ` '--${o.name}'`).join('')}\n` };
        continue;
      }
      const opt = matches[0]!;
      if (opt.arg === 'none') {
        if (eq >= 0) { yield { kind: 'error', message: `${prog}: option '--${opt.name}' doesn't allow an argument\n` }; continue; }
        yield { kind: 'option', val: opt.val };
      } else if (eq >= 0) {
        yield { kind: 'option', val: opt.val, arg: a.slice(eq + 1) };
      } else if (i + 1 < argv.length) {
        yield { kind: 'option', val: opt.val, arg: argv[++i]! };
      } else {
        yield { kind: 'error', message: `${prog}: option '--${opt.name}' requires an argument\n` };
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (c === ':' || !shortopts.includes(c)) { yield { kind: 'error', message: `${prog}: invalid option -- '${c}'\n` }; continue; }
        const takesArg = shortopts[shortopts.indexOf(c) + 1] === ':';
        if (!takesArg) { yield { kind: 'option', val: c }; continue; }
        if (j + 1 < a.length) yield { kind: 'option', val: c, arg: a.slice(j + 1) };
        else if (i + 1 < argv.length) yield { kind: 'option', val: c, arg: argv[++i]! };
        else yield { kind: 'error', message: `${prog}: option requires an argument -- '${c}'\n` };
        break;
      }
      continue;
    }
    operands.push(a);
  }
}
