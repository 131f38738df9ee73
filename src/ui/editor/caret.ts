// Test helper: a document with the cursor written as '‸', turned into text, line and column.
export function caret(source: string): { text: string; line: number; column: number } {
  const at = source.indexOf('‸');
  if (at < 0) throw new Error('no ‸ in the test source');
  const before = source.slice(0, at).split('\n');
  return { text: source.replace('‸', ''), line: before.length, column: before[before.length - 1]!.length + 1 };
}
