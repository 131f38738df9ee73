// parseManifest(): YAML or JSON text → a checked Manifest, or diagnostics with line:column.
// JSON needs no separate path: it is YAML 1.2 flow syntax, so its errors get positions too.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import { PARAM_TYPES, type ExportSpec, type ParamSpec, type ParamType } from '../kernel/image';
import { GPL_COMPATIBLE, MODULE_NAME_LEN } from '../kernel/freeModule';
import { KERNEL_SYMBOLS } from '../kernel/ksyms';
import { readFunction, type Scope } from './statements';
import { describe, isNullNode, readFields, Reporter, type Field } from './source';
import { closest } from './suggest';
import type { Manifest, ParseResult } from './types';
import {
  readBool, readIdentifier, readInt, readParamScalar, readPerm, readStringList, readText,
} from './values';

export const TOP_FIELDS = [
  'name', 'license', 'author', 'description', 'version', 'vermagic', 'alias', 'softdep',
  'params', 'exports', 'imports', 'size', 'init', 'exit',
] as const;
export const PARAM_FIELDS = ['name', 'type', 'default', 'perm', 'description', 'array'];
export const EXPORT_FIELDS = ['symbol', 'gpl'];

/** MODULE_NAME_LEN counts the terminating NUL. */
export const MAX_NAME_LENGTH = MODULE_NAME_LEN - 1;
const KNOWN_LICENSES = [...GPL_COMPATIBLE, 'Proprietary'];
const GPL_ONLY_SYMBOLS = new Set(KERNEL_SYMBOLS.filter((s) => s.gpl).map((s) => s.name));
const KERNEL_SYMBOL_NAMES = new Set(KERNEL_SYMBOLS.map((s) => s.name));

export function parseManifest(text: string): ParseResult {
  try {
    return parse(text);
  } catch (error) {
    // A bug here must not take the editor down with it (PRODUCT.md §5: "nothing crashes").
    const message = `internal error while reading the manifest: ${String(error)}`;
    return { manifest: null, diagnostics: [{ line: 1, column: 1, endLine: 1, endColumn: 1, message, severity: 'error' }] };
  }
}

function parse(text: string): ParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter, prettyErrors: false, intAsBigInt: true, uniqueKeys: false,
  });
  const r = new Reporter(text, lineCounter, doc);
  const json = doc.errors.length > 0 ? jsonSyntaxError(text, lineCounter) : undefined;
  if (json) r.error([json.offset, json.offset + 1], `JSON syntax error: ${json.message}`);
  else for (const e of doc.errors) r.error(e.pos, `syntax error: ${e.message}`);
  for (const w of doc.warnings) r.warn(w.pos, w.message);
  if (r.hasErrors) return { manifest: null, diagnostics: r.sorted() };

  const root = r.resolve(doc.contents as Node | null);
  if (isNullNode(root)) {
    r.error([0, 0], "the manifest is empty: it needs at least a name, e.g. 'name: hello'");
    return { manifest: null, diagnostics: r.sorted() };
  }
  if (!isMap(root)) {
    r.error(root, `a manifest is a mapping of fields such as 'name: hello' (got ${describe(root)})`);
    return { manifest: null, diagnostics: r.sorted() };
  }
  const manifest = readManifest(r, root);
  return { manifest: r.hasErrors ? null : manifest, diagnostics: r.sorted() };
}

/**
 * For a document that looks like JSON, JSON.parse's own message reads better than the YAML
 * parser's ("Expected ',' or '}' after property value"). Engines put the place in the message:
 * V8 as "at position N", SpiderMonkey as "at line L column C".
 */
function jsonSyntaxError(text: string, lines: LineCounter): { message: string; offset: number } | undefined {
  if (!/^\s*[{[]/.test(text)) return undefined;
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message);
    const lineColumn = /at line (\d+) column (\d+)/.exec(message);
    let offset: number | undefined;
    if (position) offset = Number(position[1]);
    else if (lineColumn) offset = (lines.lineStarts[Number(lineColumn[1]) - 1] ?? 0) + Number(lineColumn[2]) - 1;
    if (offset === undefined) return undefined;
    const words = message
      .replace(/^JSON\.parse: /, '')
      .replace(/ (in JSON )?at (position \d+|line \d+ column \d+).*$/s, '');
    return { message: words, offset };
  }
}

function readManifest(r: Reporter, root: YAMLMap): Manifest {
  const f = readFields(r, root, TOP_FIELDS, '');
  const text = (key: string) => (f.has(key) ? readText(r, f.get(key)!.value, `'${key}'`) : undefined);
  const m: Manifest = {
    name: readName(r, f.get('name'), root),
    alias: f.has('alias') ? readStringList(r, f.get('alias')!.value, "'alias'") : [],
    softdep: readSoftdep(r, f.get('softdep')),
    params: [],
    exports: [],
    imports: [],
    size: readSize(r, f.get('size')),
    init: null,
    exit: null,
    lines: { init: [], exit: [] },
  };
  for (const key of ['license', 'author', 'description', 'version', 'vermagic'] as const) {
    const value = text(key);
    if (value !== undefined) m[key] = value;
  }
  checkLicense(r, m.license, f);
  m.params = readList(r, f.get('params'), "'params'", (node, i, seen) => readParam(r, node, i, seen));
  m.exports = readList(r, f.get('exports'), "'exports'", (node, _i, seen) => readExport(r, node, seen));
  const importNodes = readImports(r, f.get('imports'), m);

  const scope: Scope = { params: new Map(m.params.map((p) => [p.name, p])), vars: new Map(), calls: [] };
  for (const fn of ['init', 'exit'] as const) {
    const field = f.get(fn);
    if (!field) continue;
    const { statements, lines } = readFunction(r, field.value, fn, scope);
    m[fn] = statements;
    m.lines[fn] = lines;
  }
  checkGplOnly(r, m, [...importNodes, ...scope.calls]);
  return m;
}

function readName(r: Reporter, field: Field | undefined, root: YAMLMap): string {
  if (!field) {
    r.error(root, "missing required field 'name' (the module name, e.g. 'name: hello')");
    return '';
  }
  const name = readText(r, field.value, "'name'");
  if (name === undefined) return '';
  if (!/^[A-Za-z0-9_-]+$/.test(name)) {
    r.error(field.at, `name '${name}' may only use letters, digits, '_' and '-'`);
  } else if (name.length > MAX_NAME_LENGTH) {
    r.error(field.at, `name is ${name.length} characters long; at most ${MAX_NAME_LENGTH} fit (MODULE_NAME_LEN is 56 with the final NUL)`);
  }
  return name;
}

function checkLicense(r: Reporter, license: string | undefined, f: Map<string, Field>): void {
  if (license === undefined) {
    r.warn(f.get('name')?.key, "no 'license': the kernel treats the module as proprietary and taints itself (P) when it loads");
    return;
  }
  if (KNOWN_LICENSES.includes(license)) return;
  const guess = closest(license, KNOWN_LICENSES);
  if (guess !== undefined) {
    r.warn(f.get('license')!.at, `license '${license}' is not one the kernel knows (did you mean '${guess}'?); it counts as proprietary and taints the kernel`);
  }
}

/** Reads a list field item by item; `seen` lets items detect duplicates (name → line). */
function readList<T>(
  r: Reporter, field: Field | undefined, what: string,
  readItem: (node: Node | null, index: number, seen: Map<string, number>) => T | undefined,
): T[] {
  if (!field || isNullNode(field.value)) return [];
  if (!isSeq(field.value)) {
    r.error(field.at, `${what} must be a list, one item per '- ' line (got ${describe(field.value)})`);
    return [];
  }
  const seen = new Map<string, number>();
  const out: T[] = [];
  field.value.items.forEach((item, i) => {
    const value = readItem(r.resolve(item as Node), i, seen);
    if (value !== undefined) out.push(value);
  });
  return out;
}

function readParam(r: Reporter, node: Node | null, index: number, seen: Map<string, number>): ParamSpec | undefined {
  if (!isMap(node)) {
    r.error(node, `param ${index + 1} must be a mapping like { name: irq, type: int } (got ${describe(node)})`);
    return undefined;
  }
  const nameNode = node.items.find((p) => isScalar(p.key) && p.key.value === 'name')?.value as Node | undefined;
  const label = isScalar(nameNode) && typeof nameNode.value === 'string' ? `param '${nameNode.value}': ` : `param ${index + 1}: `;
  const f = readFields(r, node, PARAM_FIELDS, label);
  let ok = true;
  const name = f.has('name') ? readIdentifier(r, f.get('name')!.value, `${label}name`) : undefined;
  if (!f.has('name')) r.error(node, `${label}missing 'name'`);
  if (name !== undefined && seen.has(name)) {
    r.error(f.get('name')!.at, `param '${name}' is declared twice (first on line ${seen.get(name)})`);
    ok = false;
  } else if (name !== undefined) seen.set(name, r.line(node));
  const type = readParamType(r, f.get('type'), node, label);
  const perm = f.has('perm') ? readPerm(r, f.get('perm')!.value, label) : 0;
  const description = f.has('description') ? readText(r, f.get('description')!.value, `${label}description`) : undefined;
  const array = f.has('array') ? readInt(r, f.get('array')!.value, `${label}array (the most elements it holds)`, 1, 65535) : undefined;
  if (name === undefined || type === undefined || perm === undefined || !ok) return undefined;
  if (f.has('array') && array === undefined) return undefined;
  const spec: ParamSpec = { name, type, perm };
  if (description !== undefined) spec.description = description;
  if (array !== undefined) spec.array = array;
  const def = f.get('default');
  if (def) {
    const value = readDefault(r, def, type, array, label);
    if (value === undefined) return undefined;
    spec.default = value;
  }
  return spec;
}

function readParamType(r: Reporter, field: Field | undefined, node: Node, label: string): ParamType | undefined {
  const types = PARAM_TYPES.join(', ');
  if (!field) {
    r.error(node, `${label}missing 'type' (one of ${types})`);
    return undefined;
  }
  const v = field.value;
  if (isScalar(v) && typeof v.value === 'string' && (PARAM_TYPES as readonly string[]).includes(v.value)) {
    return v.value as ParamType;
  }
  const guess = isScalar(v) && typeof v.value === 'string' ? closest(v.value, PARAM_TYPES) : undefined;
  r.error(field.at, `${label}type must be one of ${types} (got ${describe(v)}${guess ? `; did you mean '${guess}'?` : ''})`);
  return undefined;
}

function readDefault(
  r: Reporter, field: Field, type: ParamType, array: number | undefined, label: string,
): ParamSpec['default'] | undefined {
  const v = field.value;
  if (array === undefined) {
    if (isSeq(v)) {
      r.error(field.at, `${label}default is a list, but the param is not an array (add 'array: N' for module_param_array)`);
      return undefined;
    }
    return readParamScalar(r, v, type, label);
  }
  if (!isSeq(v)) {
    r.error(field.at, `${label}default must be a list such as [a, b]: the param is an array of up to ${array}`);
    return undefined;
  }
  if (v.items.length > array) {
    r.error(v.items[array] as Node, `${label}default has ${v.items.length} elements, but the array holds at most ${array}`);
    return undefined;
  }
  const values = v.items.map((item) => readParamScalar(r, r.resolve(item as Node), type, label));
  return values.includes(undefined) ? undefined : (values as NonNullable<ParamSpec['default']>[] as ParamSpec['default']);
}

function readExport(r: Reporter, node: Node | null, seen: Map<string, number>): ExportSpec | undefined {
  let spec: ExportSpec | undefined;
  let at: Node | null = node;
  if (isScalar(node)) {
    const symbol = readIdentifier(r, node, 'exported symbol');
    if (symbol !== undefined) spec = { symbol, gpl: false };
  } else if (isMap(node)) {
    const f = readFields(r, node, EXPORT_FIELDS, 'export: ');
    const symbolField = f.get('symbol');
    if (!symbolField) r.error(node, "export: missing 'symbol'");
    at = symbolField?.at ?? node;
    const symbol = symbolField ? readIdentifier(r, symbolField.value, 'export: symbol') : undefined;
    const gpl = f.has('gpl') ? readBool(r, f.get('gpl')!.value, `export '${symbol ?? ''}': gpl`) : false;
    if (symbol !== undefined && gpl !== undefined) spec = { symbol, gpl };
  } else {
    r.error(node, `an export is a symbol name or { symbol: name, gpl: false } (got ${describe(node)})`);
  }
  if (!spec) return undefined;
  if (seen.has(spec.symbol)) {
    r.error(at, `symbol '${spec.symbol}' is exported twice (first on line ${seen.get(spec.symbol)})`);
    return undefined;
  }
  seen.set(spec.symbol, r.line(at));
  if (KERNEL_SYMBOL_NAMES.has(spec.symbol)) {
    r.warn(at, `the kernel already exports '${spec.symbol}': loading this module will fail with "exports duplicate symbol ${spec.symbol} (owned by kernel)"`);
  }
  return spec;
}

function readImports(r: Reporter, field: Field | undefined, m: Manifest): Array<{ symbol: string; at: Node }> {
  if (!field || isNullNode(field.value)) return [];
  if (!isSeq(field.value)) {
    r.error(field.at, `'imports' must be a list of symbol names, e.g. [helper_fn] (got ${describe(field.value)})`);
    return [];
  }
  const own = new Set(m.exports.map((e) => e.symbol));
  const nodes: Array<{ symbol: string; at: Node }> = [];
  for (const item of field.value.items) {
    const node = r.resolve(item as Node);
    const symbol = readIdentifier(r, node, 'imported symbol');
    if (symbol === undefined || !node) continue;
    if (m.imports.includes(symbol)) {
      r.warn(node, `'${symbol}' is listed twice in imports`);
    } else if (own.has(symbol)) {
      r.warn(node, `'${symbol}' is exported by this module itself, so it is not an import`);
    } else {
      m.imports.push(symbol);
      nodes.push({ symbol, at: node });
    }
  }
  return nodes;
}

/** modpost refuses GPL-only symbols for other licences; here the load will (a lesson to step). */
function checkGplOnly(r: Reporter, m: Manifest, uses: Array<{ symbol: string; at: Node }>): void {
  if (m.license !== undefined && GPL_COMPATIBLE.includes(m.license)) return;
  const own = new Set(m.exports.map((e) => e.symbol));
  const warned = new Set<string>();
  for (const { symbol, at } of uses) {
    if (!GPL_ONLY_SYMBOLS.has(symbol) || own.has(symbol) || warned.has(symbol)) continue;
    warned.add(symbol);
    r.warn(at, `'${symbol}' is a GPL-only kernel symbol and license '${m.license ?? 'unspecified'}' is not GPL-compatible: modpost stops the build, and the kernel would refuse to load it`);
  }
}

function readSoftdep(r: Reporter, field: Field | undefined): Manifest['softdep'] {
  const softdep = { pre: [] as string[], post: [] as string[] };
  if (!field || isNullNode(field.value)) return softdep;
  if (!isMap(field.value)) {
    r.error(field.at, `'softdep' must be a mapping like { pre: [a], post: [b] } (got ${describe(field.value)})`);
    return softdep;
  }
  const f = readFields(r, field.value, ['pre', 'post'], 'softdep: ');
  for (const key of ['pre', 'post'] as const) {
    const list = f.get(key);
    if (!list || isNullNode(list.value)) continue;
    for (const name of readStringList(r, list.value, `softdep ${key}`)) {
      if (/^[A-Za-z0-9_-]+$/.test(name)) softdep[key].push(name);
      else r.error(list.at, `softdep ${key}: '${name}' is not a module name (letters, digits, '_' and '-')`);
    }
  }
  return softdep;
}

function readSize(r: Reporter, field: Field | undefined): Manifest['size'] {
  if (!field || isNullNode(field.value)) return {};
  if (!isMap(field.value)) {
    r.error(field.at, `'size' must be a mapping like { core: 16384, init: 4096 } (got ${describe(field.value)})`);
    return {};
  }
  const f = readFields(r, field.value, ['core', 'init'], 'size: ');
  const size: Manifest['size'] = {};
  const core = f.get('core');
  const init = f.get('init');
  if (core) size.core = readInt(r, core.value, 'size: core (bytes)', 1, 2 ** 31 - 1);
  if (init) size.init = readInt(r, init.value, 'size: init (bytes)', 0, 2 ** 31 - 1);
  return size;
}

