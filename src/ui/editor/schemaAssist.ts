// Completion and hover text for manifests, read from the JSON Schema (src/manifest/
// manifest.schema.json) at the cursor's YAML path. Pure: no Monaco, no DOM.
import { contextAt, ITEM, type CursorContext } from './yamlContext';

/** The part of JSON Schema (draft-07) the manifest schema uses. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  examples?: unknown[];
  minimum?: number;
  maximum?: number;
  definitions?: Record<string, JsonSchema>;
}

export interface Suggestion {
  label: string;
  insertText: string;
  kind: 'property' | 'statement' | 'value';
  /** A short type or origin shown beside the label. */
  detail: string;
  documentation: string;
  /** Open the suggestions again after inserting (the value has choices of its own). */
  retrigger: boolean;
}

export interface Hover {
  /** Markdown. */
  contents: string;
  line: number;
  startColumn: number;
  endColumn: number;
}

function deref(root: JsonSchema, s: JsonSchema): JsonSchema {
  for (let depth = 0; s.$ref && depth < 16; depth++) {
    const m = /^#\/definitions\/(.+)$/.exec(s.$ref);
    const target = m ? root.definitions?.[m[1]!] : undefined;
    if (!target) break;
    // Keep the referring schema's own description: it is the more specific one.
    s = { ...target, ...(s.description ? { description: s.description } : {}) };
  }
  return s;
}

/** The schema and every alternative it allows (anyOf / oneOf / allOf, references followed). */
function alternatives(root: JsonSchema, s: JsonSchema, depth = 0): JsonSchema[] {
  const r = deref(root, s);
  const branches = [...(r.anyOf ?? []), ...(r.oneOf ?? []), ...(r.allOf ?? [])];
  if (branches.length === 0 || depth > 8) return [r];
  return [r, ...branches.flatMap((b) => alternatives(root, b, depth + 1))];
}

/** The schemas that may describe the value at `path` (each still with its own description). */
export function schemasAt(root: JsonSchema, path: readonly string[]): JsonSchema[] {
  let current: JsonSchema[] = [root];
  for (const segment of path) {
    const next: JsonSchema[] = [];
    for (const s of current.flatMap((c) => alternatives(root, c))) {
      const child = segment === ITEM ? s.items : s.properties?.[segment];
      if (child && !next.includes(child)) next.push(child);
    }
    current = next;
    if (current.length === 0) break;
  }
  return current;
}

function description(root: JsonSchema, schemas: JsonSchema[]): string {
  for (const s of schemas) if (s.description) return s.description;
  for (const s of schemas.flatMap((c) => alternatives(root, c))) if (s.description) return s.description;
  return '';
}

function types(root: JsonSchema, s: JsonSchema): Set<string> {
  const out = new Set<string>();
  for (const a of alternatives(root, s)) {
    const t = a.type ?? (a.properties ? 'object' : a.items ? 'array' : undefined);
    for (const x of Array.isArray(t) ? t : t ? [t] : []) out.add(x);
  }
  return out;
}

const TYPE_WORDS: Record<string, string> = { object: 'mapping', array: 'list', integer: 'number', null: 'empty' };

function typeLabel(root: JsonSchema, s: JsonSchema): string {
  const words = [...types(root, s)].map((t) => TYPE_WORDS[t] ?? t);
  return words.join(' | ');
}

/** Enum values, examples and booleans the schemas allow, in the schema's order. */
function valuesOf(root: JsonSchema, schemas: JsonSchema[]): Array<{ value: string; doc: string }> {
  const out: Array<{ value: string; doc: string }> = [];
  const add = (v: unknown, doc: string) => {
    if (v === null || typeof v === 'object') return;
    const value = String(v);
    if (!out.some((o) => o.value === value)) out.push({ value, doc });
  };
  for (const a of schemas.flatMap((s) => alternatives(root, s))) {
    for (const v of a.enum ?? []) add(v, a.description ?? '');
    for (const v of a.examples ?? []) add(v, a.description ?? '');
    const t = a.type;
    if (t === 'boolean' || (Array.isArray(t) && t.includes('boolean'))) { add(true, ''); add(false, ''); }
  }
  return out;
}

/** A plain YAML scalar as written, quoted if it would read as something else. */
function yamlScalar(value: string, flow: boolean): string {
  const special = flow ? /[,[\]{}#]|: |^[\s&*!|>'"%@`?-]|\s$/ : /[#]|: |^[\s&*!|>'"%@`[\]{},?-]|\s$/;
  return special.test(value) ? JSON.stringify(value) : value;
}

/** The suggestions at a cursor context. */
export function suggestFor(root: JsonSchema, ctx: CursorContext): Suggestion[] {
  const here = schemasAt(root, ctx.path);
  if (ctx.position === 'value') {
    return valuesOf(root, here).map(({ value, doc }) => ({
      label: value,
      insertText: yamlScalar(value, ctx.flow),
      kind: 'value',
      detail: ctx.path.filter((p) => p !== ITEM).at(-1) ?? '',
      documentation: doc || description(root, here),
      retrigger: false,
    }));
  }
  const statements = ctx.path.at(-1) === ITEM && (ctx.path.at(-2) === 'init' || ctx.path.at(-2) === 'exit') && ctx.path.length === 2;
  const out: Suggestion[] = [];
  for (const s of here.flatMap((c) => alternatives(root, c))) {
    for (const [key, prop] of Object.entries(s.properties ?? {})) {
      if (out.some((o) => o.label === key) || ctx.siblings.includes(key)) continue;
      const choices = valuesOf(root, [prop]).length > 0;
      out.push({
        label: key,
        insertText: `${key}: `,
        kind: statements ? 'statement' : 'property',
        detail: statements ? 'statement' : typeLabel(root, prop),
        documentation: description(root, [prop]),
        retrigger: choices,
      });
    }
  }
  // A bare item of a list of scalars ("- GPL"): its values.
  if (out.length === 0 && ctx.path.at(-1) === ITEM) return suggestFor(root, { ...ctx, position: 'value' });
  return out;
}

/** Suggestions at 1-based `line` and `column` of `text`, with the column the typed prefix starts at. */
export function suggestAt(root: JsonSchema, text: string, line: number, column: number): { items: Suggestion[]; prefixColumn: number } {
  const ctx = contextAt(text, line, column);
  if (!ctx) return { items: [], prefixColumn: column };
  return { items: suggestFor(root, ctx), prefixColumn: ctx.prefixColumn };
}

const WORD = /[A-Za-z0-9_]/;

/** What the key or value under the cursor means, from the schema's descriptions. */
export function hoverAt(root: JsonSchema, text: string, line: number, column: number): Hover | null {
  const lineText = text.split(/\r?\n/)[line - 1];
  if (lineText === undefined) return null;
  let start = column - 1;
  let end = column - 1;
  if (!WORD.test(lineText[start] ?? '') && start > 0 && WORD.test(lineText[start - 1] ?? '')) { start--; end--; }
  if (!WORD.test(lineText[start] ?? '')) return null;
  while (start > 0 && WORD.test(lineText[start - 1]!)) start--;
  while (end < lineText.length && WORD.test(lineText[end]!)) end++;
  const word = lineText.slice(start, end);
  const isKey = /^\s*:(\s|$|[,}\]])/.test(lineText.slice(end));
  const ctx = contextAt(text, line, (isKey ? start : end) + 1);
  if (!ctx) return null;
  let path: string[];
  if (isKey && ctx.position === 'key') path = [...ctx.path, word];
  else if (!isKey && ctx.position === 'value') path = ctx.path;
  else return null;
  const schemas = schemasAt(root, path);
  const doc = description(root, schemas);
  if (!doc) return null;
  const name = path.filter((p) => p !== ITEM).at(-1) ?? word;
  const title = isKey ? `**${name}**` : `**${word}** — value of \`${name}\``;
  const type = schemas[0] ? typeLabel(root, schemas[0]) : '';
  return { contents: `${title}${type ? ` *(${type})*` : ''}\n\n${doc}`, line, startColumn: start + 1, endColumn: end + 1 };
}
