// Test helpers: the source text a diagnostic covers, so tests show what each marker underlines.
import type { Diagnostic } from './types';

export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const newline = text.indexOf('\n', offset);
    if (newline < 0) return text.length;
    offset = newline + 1;
  }
  return offset + column - 1;
}

/** The text between a diagnostic's start and end. */
export function cover(text: string, d: Diagnostic): string {
  return text.slice(offsetOf(text, d.line, d.column), offsetOf(text, d.endLine, d.endColumn));
}
