// Positions and messages: every diagnostic points at the YAML node it is about, using the
// node ranges of `yaml`'s parseDocument and a LineCounter to turn offsets into line:column.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Scalar, type YAMLMap } from 'yaml';
import { didYouMean } from './suggest';
import type { Diagnostic } from './types';

/** Start and end offsets (end exclusive). */
export type Span = readonly [number, number];
/** Anything a message can point at. */
export type Where = Node | Span | null | undefined;

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  private errors = 0;

  constructor(
    private readonly text: string,
    private readonly lineCounter: LineCounter,
    private readonly doc: Document.Parsed | null,
  ) {}

  get hasErrors(): boolean {
    return this.errors > 0;
  }

  error(where: Where, message: string): void {
    this.errors++;
    this.add(where, message, 'error');
  }

  warn(where: Where, message: string): void {
    this.add(where, message, 'warning');
  }

  add(where: Where, message: string, severity: Diagnostic['severity']): void {
    const [start, end] = this.span(where);
    const from = this.lineCounter.linePos(start);
    const to = this.lineCounter.linePos(Math.max(start, end));
    this.diagnostics.push({
      line: from.line, column: from.col, endLine: to.line, endColumn: to.col, message, severity,
    });
  }

  /** The node's own text; for a block collection only its first line, so markers stay short. */
  span(where: Where): Span {
    if (where === null || where === undefined) return [0, 0];
    if (Array.isArray(where)) return clampSpan(where as Span, this.text.length);
    const node = where as Node;
    const range = node.range;
    if (!range) return [0, 0];
    let [start, end] = [range[0], range[1]];
    if (isMap(node) || isSeq(node)) {
      const newline = this.text.indexOf('\n', start);
      if (newline >= 0 && newline < end) end = newline;
      end = start + this.text.slice(start, end).trimEnd().length;
    }
    return clampSpan([start, end], this.text.length);
  }

  /** 1-based line where a node starts. */
  line(where: Where): number {
    return this.lineCounter.linePos(this.span(where)[0]).line;
  }

  /** Follows a YAML alias (`*name`) to the node it stands for. */
  resolve(node: Node | null | undefined): Node | null {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = this.doc ? node.resolve(this.doc) : undefined;
      return (target as Node | undefined) ?? null;
    }
    return node;
  }

  /** The node's raw source text (quotes included for quoted scalars). */
  source(node: Node): string {
    const range = node.range;
    return range ? this.text.slice(range[0], range[1]) : '';
  }

  sorted(): Diagnostic[] {
    return [...this.diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
  }
}

function clampSpan([start, end]: Span, length: number): Span {
  const s = Math.min(Math.max(0, start), length);
  return [s, Math.min(Math.max(s, end), length)];
}

/** How a value reads in a message: "a list", "a number", "nothing"... */
export function describe(node: Node | null): string {
  if (node === null) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return 'nothing';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number' || typeof v === 'bigint') return `the number ${String(v)}`;
    if (typeof v === 'string') return `'${v.length > 40 ? v.slice(0, 40) + '…' : v}'`;
  }
  return 'something else';
}

export function isNullNode(node: Node | null): boolean {
  return node === null || (isScalar(node) && (node.value === null || node.value === undefined));
}

export interface Field {
  name: string;
  key: Scalar;
  /** The value node, aliases resolved; null for an empty value. */
  value: Node | null;
  /** What to point at for the value: the value node, or the key when the value is empty. */
  at: Node;
}

/**
 * The fields of a mapping, keyed by name. Reports keys that are not plain names, fields given
 * twice, and unknown fields (with a suggestion). `prefix` says where, e.g. "param 'irq': ".
 */
export function readFields(
  r: Reporter, map: YAMLMap, known: readonly string[], prefix: string,
): Map<string, Field> {
  const fields = new Map<string, Field>();
  for (const pair of map.items) {
    const key = r.resolve(pair.key as Node | null);
    if (!isScalar(key) || key.value === null || typeof key.value === 'object') {
      r.error((pair.key as Node | null) ?? map, `${prefix}field names must be plain words`);
      continue;
    }
    const name = String(key.value);
    const value = r.resolve(pair.value as Node | null);
    const at = (pair.value as Node | null)?.range && !isNullNode(value) ? (pair.value as Node) : key;
    const earlier = fields.get(name);
    if (earlier) {
      r.error(key, `${prefix}field '${name}' is given twice (first on line ${r.line(earlier.key)})`);
      continue;
    }
    if (!known.includes(name)) {
      const hint = didYouMean(name, known);
      r.error(key, `${prefix}unknown field '${name}'${hint || ` (expected one of: ${known.join(', ')})`}`);
      continue;
    }
    fields.set(name, { name, key, value, at });
  }
  return fields;
}
