import { describe, expect, it } from 'vitest';
import { colourPrompt, runsClear, terminalText } from './shellText';
import { visibleWidth } from './lineEditor';

describe('shell text for the terminal', () => {
  it('colours the prompt without changing its width', () => {
    const prompt = 'root@playground:~/src# ';
    expect(colourPrompt(prompt)).toBe('\x1b[32mroot@playground\x1b[0m:\x1b[34m~/src\x1b[0m# ');
    expect(visibleWidth(colourPrompt(prompt))).toBe(prompt.length);
    expect(colourPrompt('student@playground:/tmp$ ')).toContain('$ ');
    expect(colourPrompt('> ')).toBe('> ');
  });
  it('finds clear anywhere in the line, and nothing in a line that does not parse', () => {
    expect(runsClear('clear')).toBe(true);
    expect(runsClear('lsmod; clear')).toBe(true);
    expect(runsClear("'clear'")).toBe(true);
    expect(runsClear('echo clear')).toBe(false);
    expect(runsClear('echo "unterminated')).toBe(false);
  });
  it('turns newlines into CR LF and colours stderr', () => {
    expect(terminalText('a\nb\r\n', 'out')).toBe('a\r\nb\r\n');
    expect(terminalText('oops\n', 'err')).toBe('\x1b[31moops\r\n\x1b[0m');
  });
});
