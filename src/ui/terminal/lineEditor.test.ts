import { describe, expect, it } from 'vitest';
import { commonPrefix, formatColumns, History, LineEditor, tokenize, visibleWidth, type Completer } from './lineEditor';

/** Feeds input and collects the lines entered (each run continues with a fresh prompt). */
function type(ed: LineEditor, data: string): { runs: string[]; write: string } {
  ed.input(data);
  const runs: string[] = [];
  let write = '';
  for (;;) {
    const out = ed.process();
    write += out.write;
    if (out.run === undefined) break;
    runs.push(out.run);
    write += ed.showPrompt();
  }
  return { runs, write };
}

function editor(completer?: Completer): LineEditor {
  const ed = new LineEditor(completer);
  ed.prompt = '# ';
  ed.showPrompt();
  return ed;
}

const UP = '\x1b[A', DOWN = '\x1b[B', LEFT = '\x1b[D', RIGHT = '\x1b[C';

describe('tokenize', () => {
  it('splits printable runs, control keys and escape sequences', () => {
    expect(tokenize('ls -l\r')).toEqual([{ kind: 'text', text: 'ls -l' }, { kind: 'key', name: 'enter' }]);
    expect(tokenize('\x1b[A\x1b[B\x1b[C\x1b[D\x1b[H\x1b[F\x1bOH\x1bOF\x1b[3~\x1b[1~\x1b[4~').map((k) => k.kind === 'key' && k.name))
      .toEqual(['up', 'down', 'right', 'left', 'home', 'end', 'home', 'end', 'delete', 'home', 'end']);
    expect(tokenize('\x01\x05\x15\x0b\x17\x03\x0c\x7f\t\x08').map((k) => k.kind === 'key' && k.name))
      .toEqual(['home', 'end', 'killLineStart', 'killLineEnd', 'killWordBack', 'interrupt', 'clearScreen', 'backspace', 'tab', 'backspace']);
    expect(tokenize('\x1b[1;5D\x1b[1;5C\x1bb\x1bf').map((k) => k.kind === 'key' && k.name)).toEqual(['wordLeft', 'wordRight', 'wordLeft', 'wordRight']);
  });
  it('reads a bracketed paste as one unit and \\r\\n as one Enter', () => {
    expect(tokenize('a\x1b[200~x\ry\x1b[201~b')).toEqual([
      { kind: 'text', text: 'a' }, { kind: 'paste', text: 'x\ry' }, { kind: 'text', text: 'b' },
    ]);
    expect(tokenize('a\r\nb')).toEqual([{ kind: 'text', text: 'a' }, { kind: 'key', name: 'enter' }, { kind: 'text', text: 'b' }]);
  });
  it('ignores unknown sequences and stray control characters', () => {
    expect(tokenize('\x1b[5~\x1b[24~\x00\x1a')).toEqual([{ kind: 'key', name: 'ignore' }, { kind: 'key', name: 'ignore' }]);
  });
});

describe('line editing', () => {
  it('inserts, moves and deletes', () => {
    const ed = editor();
    type(ed, 'lsmd');
    type(ed, LEFT + 'o');
    expect([ed.line, ed.cursor]).toEqual(['lsmod', 4]);
    type(ed, '\x01X\x05Y');
    expect(ed.line).toBe('XlsmodY');
    type(ed, '\x7f\x01\x1b[3~');
    expect([ed.line, ed.cursor]).toEqual(['lsmod', 0]);
    type(ed, RIGHT + RIGHT + '\x7f');
    expect([ed.line, ed.cursor]).toEqual(['lmod', 1]);
    type(ed, '\x1b[F\x1b[H');
    expect(ed.cursor).toBe(0);
  });
  it('rings the bell at the edges instead of changing anything', () => {
    const ed = editor();
    expect(type(ed, '\x7f').write).toBe('\x07');
    expect(type(ed, LEFT + RIGHT).write).toBe('');
  });
  it('kills with Ctrl-U, Ctrl-K, Ctrl-W and yanks with Ctrl-Y', () => {
    const ed = editor();
    type(ed, 'modprobe -r  hello');
    type(ed, '\x17');
    expect(ed.line).toBe('modprobe -r  ');
    type(ed, '\x17');
    expect(ed.line).toBe('modprobe ');
    type(ed, '\x19');
    expect(ed.line).toBe('modprobe -r  ');
    type(ed, '\x01' + RIGHT.repeat(8) + '\x0b');
    expect([ed.line, ed.cursor]).toEqual(['modprobe', 8]);
    type(ed, LEFT.repeat(3) + '\x15');
    expect([ed.line, ed.cursor]).toEqual(['obe', 0]);
  });
  it('moves by words with Ctrl/Alt arrows', () => {
    const ed = editor();
    type(ed, 'cat /proc/modules');
    type(ed, '\x1b[1;5D');
    expect(ed.cursor).toBe(10);
    type(ed, '\x1b[1;5D\x1b[1;5D');
    expect(ed.cursor).toBe(0);
    type(ed, '\x1bf');
    expect(ed.cursor).toBe(3);
  });
  it('Enter runs the line (the cursor need not be at the end) and echoes a newline', () => {
    const ed = editor();
    const { runs, write } = type(ed, 'uname -r' + LEFT.repeat(3) + '\r');
    expect(runs).toEqual(['uname -r']);
    expect(write.endsWith('\r\n# ')).toBe(true);
    expect([ed.line, ed.cursor]).toEqual(['', 0]);
  });
  it('Ctrl-C prints ^C, drops the line and shows a new prompt; Ctrl-L clears the screen', () => {
    const ed = editor();
    type(ed, 'insmod x');
    const c = type(ed, '\x03');
    expect(c.runs).toEqual([]);
    expect(c.write).toContain('^C\r\n# ');
    expect(ed.line).toBe('');
    type(ed, 'ls');
    const l = type(ed, '\x0c');
    expect(l.write.startsWith('\x1b[H\x1b[2J# ls')).toBe(true);
    expect(ed.line).toBe('ls');
  });
  it('Ctrl-D deletes the character under the cursor and does nothing else on an empty line', () => {
    const ed = editor();
    expect(type(ed, '\x04').write).toBe('\x07');
    type(ed, 'ab\x01\x04');
    expect(ed.line).toBe('b');
  });
});

describe('history', () => {
  it('is bounded, skips empty lines and consecutive duplicates', () => {
    const h = new History(3);
    for (const l of ['a', 'a', '', '  ', 'b', 'a', 'c', 'd']) h.add(l);
    expect(h.entries).toEqual(['a', 'c', 'd']);
  });
  it('Up and Down walk it and come back to the line being typed', () => {
    const ed = editor();
    type(ed, 'lsmod\r\runame -r\runame -r\rcat /proc/modules\r');
    expect(ed.history.entries).toEqual(['lsmod', 'uname -r', 'cat /proc/modules']);
    type(ed, 'draft');
    type(ed, UP);
    expect(ed.line).toBe('cat /proc/modules');
    type(ed, UP + UP);
    expect(ed.line).toBe('lsmod');
    expect(type(ed, UP).write).toBe('\x07');
    type(ed, DOWN);
    expect(ed.line).toBe('uname -r');
    type(ed, DOWN + DOWN);
    expect(ed.line).toBe('draft');
    expect(type(ed, DOWN).write).toBe('\x07');
  });
  it('re-runs a command with Up, Enter', () => {
    const ed = editor();
    type(ed, 'uname -r\r');
    expect(type(ed, UP + '\r').runs).toEqual(['uname -r']);
    expect(ed.history.entries).toEqual(['uname -r']);
  });
});

describe('paste', () => {
  it('runs each pasted line and leaves the last one for editing', () => {
    const ed = editor();
    const { runs } = type(ed, '\x1b[200~cd /root\nls\r\nuname\tr\x1b[201~');
    expect(runs).toEqual(['cd /root', 'ls']);
    expect(ed.line).toBe('uname r');
  });
  it('runs lines pasted without bracketed paste mode too (xterm sends \\r)', () => {
    const ed = editor();
    expect(type(ed, 'lsmod\rdmesg\r').runs).toEqual(['lsmod', 'dmesg']);
  });
  it('stops at each entered line so the panel can print its output first', () => {
    const ed = editor();
    ed.input('\x1b[200~a\nb\n\x1b[201~');
    expect(ed.process().run).toBe('a');
    expect(ed.pending).toBe(true);
    ed.showPrompt();
    expect(ed.process().run).toBe('b');
    ed.showPrompt();
    expect(ed.process()).toEqual({ write: '' });
  });
});

describe('completion', () => {
  const words = ['lsmod', 'modinfo', 'modprobe', 'mkdir'];
  const completer: Completer = (line, cursor) => {
    const start = line.lastIndexOf(' ', cursor - 1) + 1;
    const typed = line.slice(start, cursor);
    return { start, end: cursor, items: words.filter((w) => w.startsWith(typed)).map((w) => ({ insert: w, label: w })) };
  };
  it('completes a single candidate and adds a space', () => {
    const ed = editor(completer);
    type(ed, 'lsm\t');
    expect([ed.line, ed.cursor]).toEqual(['lsmod ', 6]);
  });
  it('completes the common prefix, rings, then lists on the second Tab', () => {
    const ed = editor(completer);
    type(ed, 'mo\t');
    expect(ed.line).toBe('mod');
    expect(type(ed, '\t').write).toBe('\x07');
    const list = type(ed, '\t').write;
    expect(list).toContain('\r\nmodinfo   modprobe\r\n# mod');
    expect(ed.line).toBe('mod');
  });
  it('does not list after a Tab that completed something', () => {
    const ed = editor(completer);
    type(ed, 'mo\t');
    expect(type(ed, '\t').write).toBe('\x07');
    type(ed, 'x');
    type(ed, '\x7f');
    expect(type(ed, '\t').write).toBe('\x07');
  });
  it('rings when nothing matches', () => {
    const ed = editor(completer);
    type(ed, 'zz');
    expect(type(ed, '\t').write).toBe('\x07');
  });
  it('completes in the middle of the line and keeps the rest', () => {
    const ed = editor(completer);
    type(ed, 'lsm -v' + LEFT.repeat(3) + '\t');
    expect([ed.line, ed.cursor]).toEqual(['lsmod -v', 5]);
  });
  it('asks before listing more than 100 candidates', () => {
    const many = Array.from({ length: 150 }, (_, i) => `m${String(i).padStart(3, '0')}`);
    const ed = editor((line, cursor) => ({ start: 0, end: cursor, items: many.map((w) => ({ insert: w, label: w })) }));
    type(ed, 'm\t');
    const ask = type(ed, '\t').write;
    expect(ask).toContain('Display all 150 possibilities? (y or n)');
    const no = type(ed, 'n').write;
    expect(no).not.toContain('m149');
    expect(ed.line).toBe('m');
    type(ed, '\t');
    type(ed, '\t');
    const yes = type(ed, 'y').write;
    expect(yes).toContain('m149');
    expect(ed.line).toBe('m');
  });
});

describe('drawing', () => {
  it('measures the prompt without colour escapes', () => {
    expect(visibleWidth('\x1b[1;32mroot@playground\x1b[0m:\x1b[1;34m~\x1b[0m# ')).toBe(19);
  });
  it('places the cursor on wrapped rows and erases from the prompt row', () => {
    const ed = new LineEditor();
    ed.prompt = '# ';
    ed.cols = 10;
    expect(ed.showPrompt()).toBe('# ');
    ed.input('abcdefghijkl');
    // 14 columns: the cursor ends on row 1, column 4.
    expect(ed.process().write.endsWith('# abcdefghijkl')).toBe(true);
    expect(ed.hide()).toBe('\x1b[1A\r\x1b[J');
    ed.showPrompt();
    ed.input('\x01');
    // Back to row 0 column 2: up one row from the end.
    expect(ed.process().write).toBe('\x1b[1A\r\x1b[J# abcdefghijkl\x1b[1A\r\x1b[2C');
  });
  it('moves down a row when the line ends exactly at the right margin', () => {
    const ed = new LineEditor();
    ed.prompt = '# ';
    ed.cols = 10;
    ed.showPrompt();
    ed.input('abcdefgh');
    expect(ed.process().write.endsWith('# abcdefgh\r\n')).toBe(true);
    expect(ed.hide()).toBe('\x1b[1A\r\x1b[J');
  });
  it('lays out lists in columns, down then across', () => {
    expect(formatColumns(['a', 'bb', 'c', 'd', 'e'], 8)).toBe('a   d\r\nbb  e\r\nc\r\n');
    expect(formatColumns(['abc'], 2)).toBe('abc\r\n');
  });
  it('finds common prefixes', () => {
    expect(commonPrefix(['modinfo', 'modprobe'])).toBe('mod');
    expect(commonPrefix([])).toBe('');
  });
});

describe('restored history', () => {
  it('Up after setHistory starts from the newest restored line', () => {
    const e = new LineEditor();
    e.setHistory(['ls', 'lsmod']);
    e.input('\x1b[A');
    e.process();
    expect(e.line).toBe('lsmod');
  });
});
