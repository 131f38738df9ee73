// Where in a YAML document the cursor is, as a path of keys: enough YAML to complete and explain
// a manifest while it is being typed (and so is often not valid YAML yet). Block mappings and
// sequences by indentation, flow collections ({ } and [ ]) by brackets, block scalars skipped.
// Pure: no Monaco, no DOM.

/** A path segment meaning "an item of a sequence". */
export const ITEM = '[]';

export interface CursorContext {
  /** position 'key': the mapping the key is typed in; position 'value': the key whose value it is. */
  path: string[];
  position: 'key' | 'value';
  /** What is typed so far of the key or value (a completion replaces it). */
  prefix: string;
  /** 1-based column where `prefix` starts on the cursor's line. */
  prefixColumn: number;
  /** Keys already written in the same mapping (key position only). */
  siblings: string[];
  /** Inside a flow collection ({ } or [ ]). */
  flow: boolean;
}

interface Token { kind: 'item' | 'key'; column: number; key?: string }

interface ScannedLine {
  indent: number;
  tokens: Token[];
  /** Column (0-based) and text after the last token: a key's value or a bare scalar. */
  restColumn: number;
  rest: string;
  /** Blank or comment only. */
  empty: boolean;
}

const PLAIN_KEY = /^([^\s#:{}[\],'"&*!|>%@`-][^#:{}[\],]*?|-[^\s#:{}[\],][^#:{}[\],]*?)[ \t]*:(?=[ \t]|$)/;
const QUOTED_KEY = /^("([^"\\]|\\.)*"|'([^']|'')*')[ \t]*:(?=[ \t]|$)/;

function unquote(s: string): string {
  if (s.startsWith('"') && s.endsWith('"') && s.length >= 2) return s.slice(1, -1).replace(/\\(.)/g, '$1');
  if (s.startsWith("'") && s.endsWith("'") && s.length >= 2) return s.slice(1, -1).replace(/''/g, "'");
  return s;
}

/** Sequence markers and the key of one block-level line. */
export function scanLine(text: string): ScannedLine {
  const indent = text.length - text.trimStart().length;
  const tokens: Token[] = [];
  let i = indent;
  for (;;) {
    if (text[i] === '-' && (i + 1 === text.length || text[i + 1] === ' ' || text[i + 1] === '\t')) {
      tokens.push({ kind: 'item', column: i });
      i++;
      while (text[i] === ' ' || text[i] === '\t') i++;
      continue;
    }
    const rest = text.slice(i);
    const m = QUOTED_KEY.exec(rest) ?? PLAIN_KEY.exec(rest);
    if (m) {
      tokens.push({ kind: 'key', column: i, key: unquote(m[1]!.trim()) });
      i += m[0].length;
      while (text[i] === ' ' || text[i] === '\t') i++;
    }
    break;
  }
  const rest = text.slice(i);
  return { indent, tokens, restColumn: i, rest, empty: tokens.length === 0 && (rest.trim() === '' || rest.trimStart().startsWith('#')) };
}

function isEmptyValue(rest: string): boolean {
  const t = rest.trim();
  return t === '' || t.startsWith('#');
}

const BLOCK_SCALAR = /^[|>][-+0-9]*[ \t]*(#.*)?$/;

/** Bracket depth change of a line's flow collections, ignoring quoted text and comments. */
function flowDepth(text: string, depth: number): number {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) break;
    if ((c === '"' || c === "'") && (i === 0 || /[\s[{,:]/.test(text[i - 1]!))) quote = c;
    else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && depth > 0) depth--;
  }
  return depth;
}

type LineKind = { kind: 'plain' } | { kind: 'skip' } | { kind: 'flow'; start: number };

/** Which lines hold structure: block scalar text is skipped, flow continuations point to their start. */
function classify(lines: string[]): LineKind[] {
  const kinds: LineKind[] = [];
  let scalarIndent = -1;
  let depth = 0;
  let flowStart = -1;
  for (let n = 0; n < lines.length; n++) {
    const text = lines[n]!;
    if (depth > 0) {
      kinds.push({ kind: 'flow', start: flowStart });
      depth = flowDepth(text, depth);
      continue;
    }
    const s = scanLine(text);
    if (scalarIndent >= 0 && (text.trim() === '' || s.indent > scalarIndent)) { kinds.push({ kind: 'skip' }); continue; }
    scalarIndent = -1;
    kinds.push({ kind: 'plain' });
    if (s.empty) continue;
    if (s.tokens.length > 0 && BLOCK_SCALAR.test(s.rest.trim())) {
      scalarIndent = s.tokens[s.tokens.length - 1]!.column;
      continue;
    }
    if (!s.rest.startsWith('{') && !s.rest.startsWith('[')) continue;
    depth = flowDepth(s.rest, 0);
    if (depth > 0) flowStart = n;
  }
  return kinds;
}

/**
 * The context of the cursor at 1-based `line` and `column` (the column just after the last
 * typed character), or null where nothing can be completed (in a comment, after a closed flow
 * collection, inside a block scalar).
 */
export function contextAt(text: string, line: number, column: number): CursorContext | null {
  const lines = text.split(/\r?\n/);
  const n = line - 1;
  if (n < 0 || n >= lines.length) return null;
  const kinds = classify(lines);
  const kind = kinds[n]!;
  if (kind.kind === 'skip') return null;
  // A flow collection spread over several lines is read as one line from where it starts.
  const start = kind.kind === 'flow' ? kind.start : n;
  let head = '';
  for (let k = start; k < n; k++) head += lines[k]! + ' ';
  const offset = head.length;
  head += lines[n]!.slice(0, column - 1);
  const toColumn = (i: number) => Math.max(1, i - offset + 1);

  const scanned = scanLine(head);
  const tokens = scanned.tokens;
  const parent = parentPath(lines, kinds, start, scanned.indent, tokens[0]?.kind === 'item');
  const local = tokens.map((t) => (t.kind === 'item' ? ITEM : t.key!));
  const last = tokens[tokens.length - 1];
  const rest = scanned.rest;
  if (rest.startsWith('{') || rest.startsWith('[')) {
    const ctx = flowContext(rest, [...parent.path, ...local]);
    return ctx && { ...ctx, prefixColumn: toColumn(scanned.restColumn + ctx.prefixColumn - 1) };
  }
  if (/(^|\s)#/.test(rest)) return null;
  if (last?.kind === 'key') {
    return { path: [...parent.path, ...local], position: 'value', prefix: rest, prefixColumn: toColumn(scanned.restColumn), siblings: [], flow: false };
  }
  const path = [...parent.path, ...local];
  const siblings = blockSiblings(lines, kinds, n, scanned.restColumn, last?.kind === 'item');
  return { path, position: 'key', prefix: rest, prefixColumn: toColumn(scanned.restColumn), siblings, flow: false };
}

/** The keys and sequence items that contain a line starting at `indent`, from the lines above. */
function parentPath(lines: string[], kinds: LineKind[], from: number, indent: number, childIsItem: boolean): { path: string[] } {
  const path: string[] = [];
  let limit = indent;
  let item = childIsItem;
  for (let k = from - 1; k >= 0 && (limit > 0 || item); k--) {
    if (kinds[k]!.kind !== 'plain') continue;
    const s = scanLine(lines[k]!);
    if (s.empty || s.tokens.length === 0) continue;
    const last = s.tokens[s.tokens.length - 1]!;
    const ancestors = s.tokens.filter((t) => t.column < limit
      // A block sequence may sit at its key's own indentation ("init:\n- return: 0").
      || (item && t === last && t.kind === 'key' && t.column === limit && isEmptyValue(s.rest)));
    if (ancestors.length === 0) continue;
    path.unshift(...ancestors.map((t) => (t.kind === 'item' ? ITEM : t.key!)));
    limit = ancestors[0]!.column;
    item = ancestors[0]!.kind === 'item';
    if (ancestors[0]!.kind === 'key' && limit === 0) break;
  }
  return { path };
}

/** Keys of the block mapping at `column` that the cursor's line belongs to, above and below it. */
function blockSiblings(lines: string[], kinds: LineKind[], n: number, column: number, startsHere: boolean): string[] {
  const keys: string[] = [];
  const take = (k: number): 'go' | 'stop' => {
    if (kinds[k]?.kind !== 'plain') return 'go';
    const s = scanLine(lines[k]!);
    if (s.empty) return 'go';
    const first = s.tokens[0];
    const at = first ? first.column : s.indent;
    if (at > column) return 'go';
    const own = s.tokens.find((t) => t.column === column);
    if (own?.kind === 'key') keys.push(own.key!);
    return at === column && own?.kind === 'key' ? 'go' : 'stop';
  };
  if (!startsHere) for (let k = n - 1; k >= 0 && take(k) === 'go'; k--);
  for (let k = n + 1; k < lines.length && take(k) === 'go'; k++);
  return keys;
}

interface FlowFrame { kind: 'map' | 'seq'; path: string[]; key: string | null; value: boolean; start: number; keys: string[] }

/** The context at the end of `text`, which starts with '{' or '['; columns are 1-based in `text`. */
function flowContext(text: string, base: string[]): Omit<CursorContext, 'prefixColumn'> & { prefixColumn: number } | null {
  const stack: FlowFrame[] = [];
  const open = (kind: FlowFrame['kind'], i: number) => {
    const top = stack[stack.length - 1];
    const path = !top ? base : top.kind === 'map' ? [...top.path, top.key ?? ''] : [...top.path, ITEM];
    stack.push({ kind, path, key: null, value: false, start: i + 1, keys: [] });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const top = stack[stack.length - 1];
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' && c === '"' ? 2 : 1;
      if (j >= text.length) break; // the cursor is inside the quotes
      i = j;
      continue;
    }
    if (c === '#' && i > 0 && /\s/.test(text[i - 1]!)) return null;
    if (c === '{') open('map', i);
    else if (c === '[') open('seq', i);
    else if (c === '}' || c === ']') {
      stack.pop();
      if (stack.length === 0) return null;
    } else if (c === ',' && top) {
      top.key = null;
      top.value = false;
      top.start = i + 1;
    } else if (c === ':' && top?.kind === 'map' && !top.value && /^[\s,}\]]?$/.test(text[i + 1] ?? '')) {
      top.key = unquote(text.slice(top.start, i).trim());
      top.keys.push(top.key);
      top.value = true;
      top.start = i + 1;
    }
  }
  const top = stack[stack.length - 1];
  if (!top) return null;
  let start = top.start;
  while (text[start] === ' ' || text[start] === '\t') start++;
  const prefix = text.slice(start);
  if (top.kind === 'seq') return { path: [...top.path, ITEM], position: 'value', prefix, prefixColumn: start + 1, siblings: [], flow: true };
  if (top.value) return { path: [...top.path, top.key ?? ''], position: 'value', prefix, prefixColumn: start + 1, siblings: [], flow: true };
  return { path: top.path, position: 'key', prefix, prefixColumn: start + 1, siblings: top.keys, flow: true };
}
