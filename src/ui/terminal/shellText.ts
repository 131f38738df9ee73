// Small pure helpers between the shell's text and the terminal's.
import { parseLine } from '../../userland/shell/parse';

const PLAIN = '\x1b[0m';

/** The shell's prompt with bash's colours (user@host green, the directory blue). */
export function colourPrompt(prompt: string): string {
  const m = /^([^:\s]+@[^:\s]+):(.*)([#$] )$/.exec(prompt);
  return m ? `\x1b[32m${m[1]}${PLAIN}:\x1b[34m${m[2]}${PLAIN}${m[3]}` : prompt;
}

/** Whether a command line runs `clear` (the shell's clear prints nothing: the terminal clears). */
export function runsClear(line: string): boolean {
  try {
    return parseLine(line).some((item) => item.pipeline.commands.some((c) => c.words[0]?.map((p) => p.text).join('') === 'clear'));
  } catch {
    return false;
  }
}

/** Output text for xterm: every newline as CR LF (xterm's convertEol stays off for the editor's
 * own cursor moves); stderr in a softer colour. */
export function terminalText(text: string, stream: 'out' | 'err'): string {
  const body = text.replace(/\r?\n/g, '\r\n');
  return stream === 'err' ? `\x1b[31m${body}${PLAIN}` : body;
}
