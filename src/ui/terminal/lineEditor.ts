// The Terminal's line editor (a small readline): it turns what xterm sends (keys as bytes and
// escape sequences, pastes) into an edited line, history and completion, and into the bytes that
// draw the prompt and the line. It knows nothing of xterm or of the shell: the panel feeds it
// input and column counts, writes what it returns, and runs the lines it hands back.

/** One unit of terminal input. */
export type Key =
  | { kind: 'text'; text: string }
  | { kind: 'paste'; text: string }
  | { kind: 'key'; name: KeyName };

export type KeyName =
  | 'enter' | 'tab' | 'backspace' | 'delete' | 'left' | 'right' | 'up' | 'down' | 'home' | 'end'
  | 'wordLeft' | 'wordRight' | 'killWordBack' | 'killWordForward' | 'killLineStart' | 'killLineEnd'
  | 'yank' | 'interrupt' | 'clearScreen' | 'eof' | 'transpose' | 'ignore';

const CONTROL: Record<string, KeyName> = {
  '\x01': 'home', '\x02': 'left', '\x03': 'interrupt', '\x04': 'eof', '\x05': 'end', '\x06': 'right',
  '\x08': 'backspace', '\t': 'tab', '\n': 'enter', '\x0b': 'killLineEnd', '\x0c': 'clearScreen',
  '\r': 'enter', '\x0e': 'down', '\x10': 'up', '\x14': 'transpose', '\x15': 'killLineStart',
  '\x17': 'killWordBack', '\x19': 'yank', '\x7f': 'backspace',
};

/** CSI / SS3 final bytes (and `~` codes) to keys; modifiers (`1;5D`) count for words only. */
function csiKey(params: string, final: string): KeyName {
  const mod = Number(params.split(';')[1] ?? 1);
  const word = mod === 3 || mod === 5; // Alt or Ctrl
  switch (final) {
    case 'A': return 'up';
    case 'B': return 'down';
    case 'C': return word ? 'wordRight' : 'right';
    case 'D': return word ? 'wordLeft' : 'left';
    case 'H': return 'home';
    case 'F': return 'end';
    case '~':
      switch (params.split(';')[0]) {
        case '1': case '7': return 'home';
        case '4': case '8': return 'end';
        case '3': return word ? 'killWordForward' : 'delete';
      }
  }
  return 'ignore';
}

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

/** Splits terminal input into keys: printable runs, control keys, escape sequences, pastes. */
export function tokenize(data: string): Key[] {
  const keys: Key[] = [];
  let i = 0;
  let text = '';
  const flush = () => { if (text) { keys.push({ kind: 'text', text }); text = ''; } };
  while (i < data.length) {
    const ch = data[i]!;
    if (data.startsWith(PASTE_START, i)) {
      flush();
      const end = data.indexOf(PASTE_END, i + PASTE_START.length);
      const stop = end < 0 ? data.length : end;
      keys.push({ kind: 'paste', text: data.slice(i + PASTE_START.length, stop) });
      i = end < 0 ? data.length : end + PASTE_END.length;
      continue;
    }
    if (ch === '\x1b') {
      flush();
      const next = data[i + 1];
      if (next === '[' || next === 'O') {
        const m = /^[\d;]*/.exec(data.slice(i + 2))!;
        const final = data[i + 2 + m[0].length];
        keys.push({ kind: 'key', name: final ? csiKey(m[0], final) : 'ignore' });
        i += 3 + m[0].length;
        continue;
      }
      // Alt+key (Meta sends ESC first), as readline's emacs mode reads them.
      const alt: Record<string, KeyName> = { b: 'wordLeft', f: 'wordRight', d: 'killWordForward', '\x7f': 'killWordBack', '\x08': 'killWordBack' };
      keys.push({ kind: 'key', name: (next && alt[next]) || 'ignore' });
      i += next ? 2 : 1;
      continue;
    }
    if (ch === '\r' && data[i + 1] === '\n') { flush(); keys.push({ kind: 'key', name: 'enter' }); i += 2; continue; }
    const control = CONTROL[ch];
    if (control) { flush(); keys.push({ kind: 'key', name: control }); i++; continue; }
    if (ch < ' ') { i++; continue; }
    text += ch;
    i++;
  }
  flush();
  return keys;
}

/** A completion the completer offers for the word before the cursor. */
export interface Completion {
  /** The range of the line the candidates replace (the word being completed). */
  start: number;
  end: number;
  /** Each candidate as it would stand in the line, and as a list shows it. */
  items: Array<{ insert: string; label: string }>;
}
export type Completer = (line: string, cursor: number) => Completion;

/** Bounded history: no empty lines and no consecutive duplicates (bash's ignoredups). */
export class History {
  readonly entries: string[] = [];
  constructor(readonly limit = 500) {}
  add(line: string): void {
    if (line.trim() === '' || this.entries[this.entries.length - 1] === line) return;
    this.entries.push(line);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }
}

/** What the panel must do after `process()`: write bytes, then maybe run a line. */
export interface Output { write: string; run?: string }

/** The number of columns `text` occupies, without escape sequences. */
export function visibleWidth(text: string): number {
  return [...text.replace(/\x1b\[[\d;?]*[A-Za-z]/g, '')].length;
}

/** Items laid out in columns, sorted down the columns as `ls` and bash list them. */
export function formatColumns(items: string[], cols: number): string {
  if (items.length === 0) return '';
  const width = Math.max(...items.map((s) => [...s].length)) + 2;
  const perRow = Math.max(1, Math.floor((cols + 2) / width));
  const rows = Math.ceil(items.length / perRow);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let c = 0; c < perRow; c++) {
      const item = items[c * rows + r];
      if (item === undefined) break;
      line += item.padEnd(width);
    }
    lines.push(line.trimEnd());
  }
  return lines.join('\r\n') + '\r\n';
}

/** readline's completion-query-items: more candidates than this ask before listing. */
export const QUERY_ITEMS = 100;

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_]/u.test(c);

export class LineEditor {
  line = '';
  cursor = 0;
  /** The prompt, possibly with colour escapes; the panel sets it from the shell's. */
  prompt = '$ ';
  cols = 80;
  readonly history: History;
  private historyIndex = 0;
  private draft = '';
  private killed = '';
  private queue: Key[] = [];
  /** Whether the prompt and line are on the screen, and the cursor's row below the prompt's. */
  private shown = false;
  private row = 0;
  /** The last key was a Tab that changed nothing (the next one lists, as readline does). */
  private tabUnchanged = false;
  /** Waiting for y/n before listing this many candidates. */
  private pendingList: string[] | null = null;

  constructor(private readonly completer: Completer = (_l, c) => ({ start: c, end: c, items: [] }), historySize = 500) {
    this.history = new History(historySize);
    this.historyIndex = 0;
  }

  get visible(): boolean { return this.shown; }

  /** Queues input; call `process()` to act on it. */
  input(data: string): void {
    this.queue.push(...tokenize(data));
  }

  /** Acts on queued input until a line is entered (returned in `run`, the rest stays queued) or
   * the input runs out. After a run, the panel prints the output and calls `showPrompt()`. */
  process(): Output {
    let write = '';
    while (this.queue.length > 0) {
      if (!this.shown && !this.pendingList) write += this.showPrompt();
      const key = this.queue.shift()!;
      const out = this.handle(key);
      write += out.write;
      if (out.run !== undefined) return { write, run: out.run };
    }
    return { write };
  }

  /** Whether queued input (e.g. the rest of a pasted block) is waiting for the next prompt. */
  get pending(): boolean { return this.queue.length > 0; }

  /** Draws the prompt and the line from column 0 of the cursor's row. */
  showPrompt(): string {
    this.shown = true;
    this.pendingList = null;
    const promptWidth = visibleWidth(this.prompt);
    const end = promptWidth + this.line.length;
    let out = this.prompt + this.line;
    // At an exact multiple of the width the cursor waits at the last column: move it down so
    // rows are counted the same way for every length.
    if (end > 0 && end % this.cols === 0) out += '\r\n';
    const endRow = Math.floor(end / this.cols);
    const at = promptWidth + this.cursor;
    const row = Math.floor(at / this.cols);
    const col = at % this.cols;
    this.row = row;
    if (at === end) return out;
    if (endRow > row) out += `\x1b[${endRow - row}A`;
    out += '\r';
    if (col > 0) out += `\x1b[${col}C`;
    return out;
  }

  /** Erases the prompt and the line (to print output above them); `showPrompt()` redraws. */
  hide(): string {
    if (!this.shown) return '';
    this.shown = false;
    return `${this.row > 0 ? `\x1b[${this.row}A` : ''}\r\x1b[J`;
  }

  /** After a resize xterm reflows the wrapped line; the cursor keeps its place in the text. */
  resize(cols: number): void {
    this.cols = Math.max(1, cols);
    if (this.shown) this.row = Math.floor((visibleWidth(this.prompt) + this.cursor) / this.cols);
  }

  private redraw(): string {
    return this.hide() + this.showPrompt();
  }

  private set(line: string, cursor = line.length): string {
    this.line = line;
    this.cursor = Math.max(0, Math.min(cursor, line.length));
    return this.redraw();
  }

  private insert(text: string): string {
    return this.set(this.line.slice(0, this.cursor) + text + this.line.slice(this.cursor), this.cursor + text.length);
  }

  private wordStartBefore(pos: number): number {
    let i = pos;
    while (i > 0 && !isWordChar(this.line[i - 1])) i--;
    while (i > 0 && isWordChar(this.line[i - 1])) i--;
    return i;
  }

  private wordEndAfter(pos: number): number {
    let i = pos;
    while (i < this.line.length && !isWordChar(this.line[i])) i++;
    while (i < this.line.length && isWordChar(this.line[i])) i++;
    return i;
  }

  /** The line is entered: echo the newline, record it and reset for the next prompt. */
  private enter(): Output {
    const line = this.line;
    const write = (this.cursor < line.length ? this.set(line) : '') + '\r\n';
    this.shown = false;
    this.history.add(line);
    this.line = '';
    this.cursor = 0;
    this.historyIndex = this.history.entries.length;
    this.draft = '';
    return { write, run: line };
  }

  private handle(key: Key): Output {
    const wasTabUnchanged = this.tabUnchanged;
    this.tabUnchanged = false;
    if (this.pendingList) return { write: this.answerQuery(key) };
    if (key.kind === 'text') return { write: this.insert(key.text) };
    if (key.kind === 'paste') return { write: this.paste(key.text) };
    switch (key.name) {
      case 'enter': return this.enter();
      case 'tab': return { write: this.complete(wasTabUnchanged) };
      default: return { write: this.edit(key.name) };
    }
  }

  /** A pasted block: each line but the last is entered, the last is left for editing. */
  private paste(text: string): string {
    const lines = text.replace(/\t/g, ' ').replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => (c === '\r' ? c : '')).split(/\r\n|\r|\n/);
    const keys: Key[] = [];
    lines.forEach((l, i) => {
      if (l) keys.push({ kind: 'text', text: l });
      if (i < lines.length - 1) keys.push({ kind: 'key', name: 'enter' });
    });
    this.queue.unshift(...keys);
    return '';
  }

  private edit(name: KeyName): string {
    const { line, cursor } = this;
    switch (name) {
      case 'backspace': return cursor > 0 ? this.set(line.slice(0, cursor - 1) + line.slice(cursor), cursor - 1) : '\x07';
      case 'delete': return cursor < line.length ? this.set(line.slice(0, cursor) + line.slice(cursor + 1), cursor) : '';
      case 'eof': return cursor < line.length ? this.set(line.slice(0, cursor) + line.slice(cursor + 1), cursor) : '\x07';
      case 'left': return cursor > 0 ? this.set(line, cursor - 1) : '';
      case 'right': return cursor < line.length ? this.set(line, cursor + 1) : '';
      case 'home': return this.set(line, 0);
      case 'end': return this.set(line, line.length);
      case 'wordLeft': return this.set(line, this.wordStartBefore(cursor));
      case 'wordRight': return this.set(line, this.wordEndAfter(cursor));
      case 'killLineStart': return this.kill(0, cursor);
      case 'killLineEnd': return this.kill(cursor, line.length);
      case 'killWordBack': {
        // unix-word-rubout: back to the previous whitespace.
        let i = cursor;
        while (i > 0 && /\s/.test(line[i - 1]!)) i--;
        while (i > 0 && !/\s/.test(line[i - 1]!)) i--;
        return this.kill(i, cursor);
      }
      case 'killWordForward': return this.kill(cursor, this.wordEndAfter(cursor));
      case 'yank': return this.killed ? this.insert(this.killed) : '';
      case 'transpose': {
        if (cursor === 0 || line.length < 2) return '\x07';
        const at = cursor === line.length ? cursor - 1 : cursor;
        return this.set(line.slice(0, at - 1) + line[at] + line[at - 1] + line.slice(at + 1), at + 1);
      }
      case 'up': return this.historyMove(-1);
      case 'down': return this.historyMove(1);
      case 'interrupt': {
        const write = (cursor < line.length ? this.set(line) : '') + '^C\r\n';
        this.shown = false;
        this.line = '';
        this.cursor = 0;
        this.historyIndex = this.history.entries.length;
        this.draft = '';
        return write + this.showPrompt();
      }
      case 'clearScreen': {
        this.shown = false;
        return '\x1b[H\x1b[2J' + this.showPrompt();
      }
      default: return '';
    }
  }

  private kill(from: number, to: number): string {
    if (from >= to) return '';
    this.killed = this.line.slice(from, to);
    return this.set(this.line.slice(0, from) + this.line.slice(to), from);
  }

  /** Replaces the history (e.g. restored with a saved session); Up then starts from its end. */
  setHistory(entries: readonly string[]): void {
    this.history.entries.splice(0, this.history.entries.length, ...entries.slice(-this.history.limit));
    this.historyIndex = this.history.entries.length;
  }

  private historyMove(delta: -1 | 1): string {
    const entries = this.history.entries;
    if (this.historyIndex > entries.length) this.historyIndex = entries.length;
    const next = this.historyIndex + delta;
    if (next < 0 || next > entries.length) return '\x07';
    if (this.historyIndex === entries.length) this.draft = this.line;
    this.historyIndex = next;
    return this.set(next === entries.length ? this.draft : entries[next]!);
  }

  private complete(listNow: boolean): string {
    const { start, end, items } = this.completer(this.line, this.cursor);
    if (items.length === 0) return '\x07';
    const typed = this.line.slice(start, end);
    const replace = (text: string) => this.set(this.line.slice(0, start) + text + this.line.slice(end), start + text.length);
    if (items.length === 1) {
      const insert = items[0]!.insert;
      const space = insert.endsWith('/') || this.line[end] === ' ' ? '' : ' ';
      return replace(insert + space);
    }
    const common = commonPrefix(items.map((i) => i.insert));
    if (common.length > typed.length && common.startsWith(typed)) return replace(common);
    if (!listNow) { this.tabUnchanged = true; return '\x07'; }
    const labels = items.map((i) => i.label);
    if (labels.length > QUERY_ITEMS) {
      this.pendingList = labels;
      const end = this.cursor === this.line.length ? '' : this.set(this.line, this.line.length);
      this.shown = false;
      return `${end}\r\nDisplay all ${labels.length} possibilities? (y or n)`;
    }
    return this.list(labels);
  }

  private list(labels: string[]): string {
    const cursor = this.cursor;
    const end = cursor === this.line.length ? '' : this.set(this.line, this.line.length);
    this.shown = false;
    const out = end + '\r\n' + formatColumns(labels, this.cols);
    this.cursor = cursor;
    return out + this.showPrompt();
  }

  private answerQuery(key: Key): string {
    const labels = this.pendingList!;
    this.pendingList = null;
    const yes = (key.kind === 'text' && /^[yY ]/.test(key.text)) || (key.kind === 'key' && key.name === 'tab');
    if (yes) return '\r\n' + formatColumns(labels, this.cols) + this.showPrompt();
    return '\r\n' + this.showPrompt();
  }
}

export function commonPrefix(words: string[]): string {
  if (words.length === 0) return '';
  let prefix = words[0]!;
  for (const w of words) {
    let i = 0;
    while (i < prefix.length && i < w.length && prefix[i] === w[i]) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix;
}
