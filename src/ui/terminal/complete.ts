// Tab completion for the Terminal, as bash and bash-completion do it for these commands: the
// first word of a command completes command names, later words complete paths (relative to the
// shell's cwd, directories with a trailing /), and rmmod, modinfo and modprobe complete module
// names. Pure: what the file system and the kernel hold comes in through a CompletionSource.
import { normalize } from '../../kernel/fs';
import type { Completion } from './lineEditor';

export interface CompletionSource {
  /** Command names: the shell's builtins and its command registry. */
  commands(): string[];
  /** The shell's working directory and $HOME (for ~). */
  cwd: string;
  home: string;
  /** The entries of an absolute directory, or null when it cannot be listed. */
  list(dir: string): Array<{ name: string; dir: boolean }> | null;
  /** Modules on the kernel's list (lsmod). */
  loadedModules(): string[];
  /** Modules modprobe can find (modules.dep). */
  availableModules(): string[];
}

interface Word { start: number; value: string; quote: '' | "'" | '"' }

/** The words of the command the cursor is in, up to the cursor (a small version of the shell's
 * tokenizer that keeps offsets and tolerates an open quote). `redirect` marks a word after < or >. */
export function wordsBeforeCursor(line: string, cursor: number): { words: Word[]; current: Word; redirect: boolean } {
  let words: Word[] = [];
  let current: Word | null = null;
  let redirect = false;
  let currentIsRedirect = false;
  let quote: Word['quote'] = '';
  const end = () => {
    if (current) { if (!currentIsRedirect) words.push(current); current = null; currentIsRedirect = false; }
  };
  for (let i = 0; i < cursor; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"' && i + 1 < cursor) current!.value += line[++i];
      else current!.value += c;
      continue;
    }
    if (c === ' ' || c === '\t') { end(); continue; }
    if (';|&'.includes(c)) { end(); words = []; redirect = false; continue; }
    if ('<>'.includes(c)) {
      // A redirection's descriptor digits (2>) are not a word.
      if (current && /^\d+$/.test(current.value) && !current.quote) current = null;
      end();
      redirect = true;
      continue;
    }
    if (!current) { current = { start: i, value: '', quote: '' }; currentIsRedirect = redirect; redirect = false; }
    if (c === "'" || c === '"') { quote = c; if (current.value === '') current.quote = c; continue; }
    if (c === '\\' && i + 1 < cursor) { current.value += line[++i]; continue; }
    current.value += c;
  }
  const last = current as Word | null;
  if (last) return { words, current: last, redirect: currentIsRedirect };
  return { words, current: { start: cursor, value: '', quote: '' }, redirect };
}

const SPECIAL = /[\s'"\\$`;|&<>()*?#!]/g;

function escape(text: string, quote: Word['quote']): string {
  if (quote === "'") return text.replace(/'/g, `'\\''`);
  if (quote === '"') return text.replace(/["\\$`]/g, '\\$&');
  return text.replace(SPECIAL, '\\$&');
}

export function completeLine(line: string, cursor: number, source: CompletionSource): Completion {
  const { words, current, redirect } = wordsBeforeCursor(line, cursor);
  const make = (names: Array<{ text: string; label: string; dir?: boolean }>, prefix = ''): Completion => ({
    start: current.start,
    end: cursor,
    items: names.map(({ text, label, dir }) => {
      const body = current.quote + escape(prefix + text, current.quote);
      // A unique file name closes its quote, as bash does; a directory stays open for more.
      return { insert: current.quote && !dir ? body + current.quote : body, label };
    }),
  });
  const word = current.value;
  const isPath = word.includes('/') || word.startsWith('~') || word.startsWith('.');
  if (redirect || (words.length > 0 && isPath)) return make(...paths(word, source));
  if (words.length === 0) {
    if (isPath) return make(...paths(word, source));
    const names = uniqueSorted(source.commands()).filter((n) => n.startsWith(word));
    return make(names.map((n) => ({ text: n, label: n })));
  }
  const modules = moduleNames(words.map((w) => w.value), source);
  if (modules && !word.startsWith('-')) {
    return make(uniqueSorted(modules).filter((n) => n.startsWith(word)).map((n) => ({ text: n, label: n })));
  }
  if (word.startsWith('-')) return make([]);
  return make(...paths(word, source));
}

/** The module names an argument of rmmod/modinfo/modprobe completes to, or null for others. */
function moduleNames(argv: string[], source: CompletionSource): string[] | null {
  const command = argv[0]!.slice(argv[0]!.lastIndexOf('/') + 1);
  switch (command) {
    case 'rmmod': return source.loadedModules();
    case 'modinfo': return [...source.loadedModules(), ...source.availableModules()];
    case 'modprobe': {
      const remove = argv.slice(1).some((a) => a === '--remove' || a === '-r' || /^-[a-zA-Z]*r/.test(a) && !a.startsWith('--'));
      return remove ? source.loadedModules() : source.availableModules();
    }
  }
  return null;
}

function paths(word: string, source: CompletionSource): [Array<{ text: string; label: string; dir?: boolean }>, string] {
  const slash = word.lastIndexOf('/');
  const dirPart = slash >= 0 ? word.slice(0, slash + 1) : '';
  const base = word.slice(slash + 1);
  if (slash < 0 && word.startsWith('~')) {
    // ~ alone completes to the home directory, as a directory.
    return base === '~' ? [[{ text: '', label: '~/', dir: true }], '~/'] : [[], ''];
  }
  const expanded = dirPart.startsWith('~') ? source.home + dirPart.slice(1) : dirPart;
  const dir = normalize(expanded || '.', source.cwd);
  const entries = source.list(dir) ?? [];
  const all = base.startsWith('.') ? [{ name: '.', dir: true }, { name: '..', dir: true }, ...entries] : entries;
  const found = all
    .filter((e) => e.name.startsWith(base) && (base.startsWith('.') || !e.name.startsWith('.')))
    .map((e) => ({ text: e.dir ? `${e.name}/` : e.name, label: e.dir ? `${e.name}/` : e.name, dir: e.dir }));
  return [found, dirPart];
}

function uniqueSorted(names: string[]): string[] {
  return [...new Set(names)].sort();
}
