// The `init` and `exit` lists: each item is one statement `op: value` (PRODUCT.md §5), checked
// field by field and turned into the kernel's Statement; then the function as a whole is checked
// the way a C compiler would (labels, gotos, unreachable code, printk formats).
import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { ParamSpec, Statement } from '../kernel/image';
import { LOOP_COUNTER } from '../kernel/statements';
import { kindName, parseFormat, SUPPORTED_FORMATS, type ArgKind } from './printf';
import { describe, isNullNode, readFields, type Field, type Reporter } from './source';
import { closest, didYouMean } from './suggest';
import {
  readGfp, readIdentifier, readInt, readLevel, readReturnValue, readText,
} from './values';

type FieldKind =
  | 'newvar' | 'var' | 'bytes' | 'order' | 'major' | 'gfp' | 'text' | 'name' | 'level' | 'args'
  | 'symbol' | 'goto' | 'label' | 'retval' | 'repeat';

interface OpSpec {
  fields: Readonly<Record<string, FieldKind>>;
  required: readonly string[];
  /** The field that the short form `op: value` sets. */
  scalar?: string;
  /** Whether it can fail, so that an `if_error` may follow it. */
  canFail?: boolean;
  /** For fields naming a variable: the statement that must have set it. */
  from?: Readonly<Record<string, string>>;
}

/** The most lines one repeated printk may print. */
const MAX_REPEAT = 1_000_000;

export const OPS: Readonly<Record<Statement['op'], OpSpec>> = {
  printk: { fields: { level: 'level', text: 'text', repeat: 'repeat', args: 'args' }, required: ['text'], scalar: 'text' },
  kmalloc: { fields: { as: 'newvar', size: 'bytes', flags: 'gfp' }, required: ['as', 'size'], canFail: true },
  kfree: { fields: { var: 'var' }, required: ['var'], scalar: 'var', from: { var: 'kmalloc' } },
  vmalloc: { fields: { as: 'newvar', size: 'bytes' }, required: ['as', 'size'], canFail: true },
  vfree: { fields: { var: 'var' }, required: ['var'], scalar: 'var', from: { var: 'vmalloc' } },
  alloc_pages: { fields: { as: 'newvar', order: 'order', flags: 'gfp' }, required: ['as', 'order'], canFail: true },
  free_pages: { fields: { var: 'var' }, required: ['var'], scalar: 'var', from: { var: 'alloc_pages' } },
  kmem_cache_create: {
    fields: { as: 'newvar', object_size: 'bytes', name: 'name' }, required: ['as', 'object_size'], canFail: true,
  },
  kmem_cache_alloc: {
    fields: { as: 'newvar', cache: 'var', flags: 'gfp' }, required: ['as', 'cache'], canFail: true,
    from: { cache: 'kmem_cache_create' },
  },
  kmem_cache_free: {
    fields: { cache: 'var', obj: 'var' }, required: ['cache', 'obj'],
    from: { cache: 'kmem_cache_create', obj: 'kmem_cache_alloc' },
  },
  kmem_cache_destroy: {
    fields: { cache: 'var' }, required: ['cache'], scalar: 'cache', from: { cache: 'kmem_cache_create' },
  },
  call: { fields: { symbol: 'symbol', result: 'retval', as: 'newvar' }, required: ['symbol'], scalar: 'symbol', canFail: true },
  request_module: { fields: { name: 'name', as: 'newvar' }, required: ['name'], scalar: 'name', canFail: true },
  register_chrdev: { fields: { name: 'name', major: 'major', as: 'newvar' }, required: ['name'], canFail: true },
  unregister_chrdev: { fields: { name: 'name' }, required: ['name'], scalar: 'name' },
  if_error: { fields: { goto: 'goto' }, required: ['goto'], scalar: 'goto' },
  label: { fields: { name: 'label' }, required: ['name'], scalar: 'name' },
  return: { fields: { value: 'retval' }, required: ['value'], scalar: 'value' },
};
/** The statement that releases what another one allocated. */
const RELEASED_BY: Partial<Record<Statement['op'], Statement['op']>> = {
  kmalloc: 'kfree', vmalloc: 'vfree', alloc_pages: 'free_pages',
  kmem_cache_alloc: 'kmem_cache_free', kmem_cache_create: 'kmem_cache_destroy',
};
export const OP_NAMES = Object.keys(OPS) as Array<Statement['op']>;
const FALLIBLE = OP_NAMES.filter((op) => OPS[op].canFail);

/** Which statement set a variable, and what it holds. */
export interface VarInfo { op: Statement['op']; kind: ArgKind }

export interface Scope {
  params: ReadonlyMap<string, ParamSpec>;
  /** Variables set so far; exit starts with those init set (they are module globals in C). */
  vars: Map<string, VarInfo>;
  /** Every `call` so far, with where its symbol is written (for the GPL-only check). */
  calls: Array<{ symbol: string; at: Node }>;
}

interface Parsed { statement: Statement; node: Node; opKey: Scalar; fields: Map<string, Field> }

/** Reads an `init` or `exit` list. Statements with errors are left out (and reported). */
export function readFunction(
  r: Reporter, list: Node | null, fn: 'init' | 'exit', scope: Scope,
): { statements: Statement[]; lines: number[] } {
  if (isNullNode(list)) return { statements: [], lines: [] };
  if (!isSeq(list)) {
    r.error(list, `${fn} must be a list of statements, one per '- ' line (got ${describe(list)})`);
    return { statements: [], lines: [] };
  }
  const parsed: Parsed[] = [];
  const labels = new Map<string, Parsed>();
  for (const item of list.items) {
    const node = r.resolve(item as Node);
    const one = readStatement(r, node ?? (item as Node), scope);
    if (!one) continue;
    parsed.push(one);
    const s = one.statement;
    if (s.op === 'label') {
      const first = labels.get(s.name);
      if (first) r.error(one.fields.get('name')!.at, `label '${s.name}' is defined twice in ${fn} (first on line ${r.line(first.node)})`);
      else labels.set(s.name, one);
    }
  }
  checkFlow(r, parsed, labels, fn);
  return { statements: parsed.map((p) => p.statement), lines: parsed.map((p) => r.line(p.node)) };
}

function readStatement(r: Reporter, node: Node, scope: Scope): Parsed | null {
  if (!isMap(node) || node.items.length === 0) {
    const word = isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
    const hint = word !== undefined && word in OPS ? `: write '${word}: ...'` : ', e.g. printk: { level: KERN_INFO, text: "hi\\n" }';
    r.error(node, `a statement must be 'operation: value'${hint} (got ${describe(node)})`);
    return null;
  }
  const [first, ...others] = node.items;
  const opKey = r.resolve(first!.key as Node);
  const op = isScalar(opKey) ? String(opKey.value) : '';
  if (!isScalar(opKey) || !(op in OPS)) {
    r.error(opKey ?? node, `unknown statement '${op}'${didYouMean(op, OP_NAMES) || ` (expected one of: ${OP_NAMES.join(', ')})`}`);
    return null;
  }
  const spec = OPS[op as Statement['op']];
  if (others.length > 0) {
    const extra = r.resolve(others[0]!.key as Node);
    const name = isScalar(extra) ? String(extra.value) : '';
    r.error(extra ?? node, name in spec.fields
      ? `'${name}' belongs inside '${op}': indent it under '${op}:' or write ${op}: { ... }`
      : `one statement per list item: start '${name}' on a new line with '- '`);
    return null;
  }
  const value = r.resolve(first!.value as Node | null);
  let fields: Map<string, Field>;
  if (isMap(value)) {
    fields = readFields(r, value, Object.keys(spec.fields), `${op}: `);
  } else if (spec.scalar !== undefined && isScalar(value) && !isNullNode(value)) {
    fields = new Map([[spec.scalar, { name: spec.scalar, key: opKey, value, at: value }]]);
  } else {
    const form = spec.scalar !== undefined ? `${op}: ${spec.scalar}` : `${op}: { ${spec.required.join(', ')} }`;
    r.error(isNullNode(value) ? opKey : value, `${op} needs ${spec.scalar !== undefined ? 'a value' : 'fields'}: write ${form} (got ${describe(value)})`);
    return null;
  }
  for (const name of spec.required) {
    if (!fields.has(name)) r.error(opKey, `${op}: missing '${name}'`);
  }
  const v: Record<string, unknown> = {};
  let ok = spec.required.every((name) => fields.has(name));
  for (const [name, field] of fields) {
    const result = readField(r, op as Statement['op'], name, spec.fields[name]!, field, scope);
    if (result === undefined) ok = false;
    v[name] = result;
  }
  if (!ok) return null;
  const statement = makeStatement(op as Statement['op'], v);
  if (statement.op === 'printk') checkPrintk(r, statement, fields, scope);
  if (statement.op === 'call') scope.calls.push({ symbol: statement.symbol, at: fields.get('symbol')!.at });
  for (const [name, kind] of Object.entries(spec.fields)) {
    if (kind === 'newvar' && typeof v[name] === 'string') {
      const pointer = op !== 'call' && op !== 'request_module' && op !== 'register_chrdev';
      scope.vars.set(v[name] as string, { op: op as Statement['op'], kind: pointer ? 'pointer' : 'int' });
    }
  }
  return { statement, node, opKey, fields };
}

function readField(
  r: Reporter, op: Statement['op'], name: string, kind: FieldKind, field: Field, scope: Scope,
): unknown {
  const node = field.value;
  const at = `${op}: `;
  switch (kind) {
    case 'newvar': {
      const id = readIdentifier(r, node, `${at}'${name}'`);
      if (id !== undefined && scope.params.has(id)) {
        r.error(field.at, `${at}'${id}' is already a param; give the variable another name`);
        return undefined;
      }
      return id;
    }
    case 'var': {
      const id = readIdentifier(r, node, `${at}'${name}'`);
      if (id === undefined) return undefined;
      const info = scope.vars.get(id);
      if (!info) {
        r.error(field.at, scope.params.has(id)
          ? `${at}'${id}' is a param, not a variable set by an earlier statement`
          : `${at}'${id}' is not a variable set by an earlier statement${didYouMean(id, scope.vars.keys())}`);
        return undefined;
      }
      const expected = OPS[op].from?.[name];
      if (expected !== undefined && info.op !== expected) {
        const release = RELEASED_BY[info.op];
        r.warn(field.at, release !== undefined && name !== 'cache'
          ? `${at}'${id}' was allocated with ${info.op}, so release it with ${release}`
          : `${at}'${id}' was set by ${info.op}, but ${op} expects one from ${expected}`);
      }
      return id;
    }
    case 'bytes': return readInt(r, node, `${at}'${name}'`, 0, Number.MAX_SAFE_INTEGER);
    case 'order': return readInt(r, node, `${at}'order'`, 0, 63);
    case 'repeat': return readInt(r, node, `${at}'repeat'`, 1, MAX_REPEAT);
    case 'major': return readInt(r, node, `${at}'major'`, 0, 4095);
    case 'gfp': return readGfp(r, node, at);
    case 'text': return readText(r, node, `${at}'${name}'`);
    case 'name': {
      const text = readText(r, node, `${at}'${name}'`);
      if (text === '') r.error(field.at, `${at}'${name}' must not be empty`);
      return text === '' ? undefined : text;
    }
    case 'level': return readLevel(r, node, at);
    case 'args': return readArgs(r, node, at);
    case 'symbol': case 'goto': case 'label': return readIdentifier(r, node, `${at}'${name}'`);
    case 'retval': return readReturnValue(r, node, at);
  }
}

function readArgs(r: Reporter, node: Node | null, at: string): string[] | undefined {
  if (!isSeq(node)) {
    r.error(node, `${at}'args' must be a list of names, e.g. [irq] (got ${describe(node)})`);
    return undefined;
  }
  const args: string[] = [];
  for (const item of node.items) {
    const text = readText(r, r.resolve(item as Node), `${at}arg`);
    if (text === undefined) return undefined;
    args.push(text.trim());
  }
  return args;
}

function makeStatement(op: Statement['op'], v: Record<string, unknown>): Statement {
  const s = (key: string) => v[key] as string;
  const n = (key: string) => v[key] as number;
  const as = v.as === undefined ? {} : { as: s('as') };
  switch (op) {
    case 'printk': return { op, level: (v.level as number | undefined) ?? 4, text: s('text'), args: (v.args as string[] | undefined) ?? [], ...(v.repeat === undefined ? {} : { repeat: n('repeat') }) };
    case 'kmalloc': return { op, as: s('as'), size: n('size'), flags: (v.flags as string | undefined) ?? 'GFP_KERNEL' };
    case 'kfree': case 'vfree': case 'free_pages': return { op, var: s('var') };
    case 'vmalloc': return { op, as: s('as'), size: n('size') };
    case 'alloc_pages': return { op, as: s('as'), order: n('order') };
    case 'kmem_cache_create': return { op, as: s('as'), name: (v.name as string | undefined) ?? s('as'), objectSize: n('object_size') };
    case 'kmem_cache_alloc': return { op, as: s('as'), cache: s('cache') };
    case 'kmem_cache_free': return { op, cache: s('cache'), var: s('obj') };
    case 'kmem_cache_destroy': return { op, cache: s('cache') };
    case 'call': return { op, symbol: s('symbol'), result: (v.result as number | undefined) ?? 0, ...as };
    case 'request_module': return { op, name: s('name'), ...as };
    case 'register_chrdev': return { op, name: s('name'), major: (v.major as number | undefined) ?? 0, ...as };
    case 'unregister_chrdev': return { op, name: s('name') };
    case 'if_error': return { op, goto: s('goto') };
    case 'label': return { op, name: s('name') };
    case 'return': return { op, value: n('value') };
  }
}

/** The format's conversions against `args`: their number, their names and their types. */
function checkPrintk(
  r: Reporter, s: Extract<Statement, { op: 'printk' }>, fields: Map<string, Field>, scope: Scope,
): void {
  const textAt = fields.get('text')!.at;
  const format = parseFormat(s.text);
  if (!format.ok) {
    r.error(textAt, `printk: unsupported format '${format.bad}' (use ${SUPPORTED_FORMATS})`);
    return;
  }
  const { conversions } = format;
  const argsField = fields.get('args');
  if (conversions.length !== s.args.length) {
    const specs = conversions.map((c) => c.spec).join(', ');
    const has = conversions.length === 0 ? 'no conversions' : `${plural(conversions.length, 'conversion')} (${specs})`;
    r.error(argsField?.at ?? textAt, `printk: the text has ${has} but ${s.args.length === 0 ? 'no args' : plural(s.args.length, 'arg')}`);
  }
  const argNodes = argsField && isSeq(argsField.value) ? argsField.value.items as Node[] : [];
  s.args.forEach((arg, i) => {
    const counter = s.repeat !== undefined && arg === LOOP_COUNTER && !scope.vars.has(arg) && !scope.params.has(arg);
    const kind = counter ? 'int' : argKind(r, arg, argNodes[i] ?? textAt, scope);
    const conversion = conversions[i];
    if (kind === undefined || conversion === undefined) return;
    const fits = kind === conversion.kind || (conversion.kind === 'pointer' && kind === 'string');
    if (!fits) r.warn(argNodes[i], `printk: '${conversion.spec}' expects ${kindName(conversion.kind)}, but '${arg}' is ${kindName(kind)}`);
  });
}

function argKind(r: Reporter, arg: string, at: Node | null, scope: Scope): ArgKind | undefined {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d+)\])?$/.exec(arg);
  const name = match?.[1] ?? arg;
  const index = match?.[2];
  const variable = scope.vars.get(name);
  const param = scope.params.get(name);
  if (match && variable && index === undefined) return variable.kind;
  if (match && param) {
    if (param.array !== undefined && index === undefined) {
      r.error(at, `printk: param '${name}' is an array: print one element, e.g. ${name}[0]`);
      return undefined;
    }
    if (param.array === undefined && index !== undefined) {
      r.error(at, `printk: param '${name}' is not an array, so it cannot be indexed`);
      return undefined;
    }
    if (param.array !== undefined && Number(index) >= param.array) {
      r.error(at, `printk: ${arg} is out of bounds: '${name}' holds at most ${param.array} elements`);
      return undefined;
    }
    return param.type === 'charp' ? 'string' : 'int';
  }
  const guess = closest(name, [...scope.params.keys(), ...scope.vars.keys()]);
  r.error(at, `printk: '${arg}' is neither a param nor a variable set by an earlier statement${guess ? ` (did you mean '${guess}'?)` : ''}`);
  return undefined;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** gotos and their labels, if_error placement, unreachable statements, return values. */
function checkFlow(r: Reporter, parsed: Parsed[], labels: Map<string, Parsed>, fn: 'init' | 'exit'): void {
  const used = new Set<string>();
  let afterReturn = false;
  parsed.forEach((p, i) => {
    const s = p.statement;
    if (afterReturn && s.op !== 'label') {
      r.warn(p.opKey, `this ${s.op} is never reached: it follows a return and no label comes before it`);
      afterReturn = false;
    }
    if (s.op === 'label') afterReturn = false;
    if (s.op === 'return') {
      afterReturn = true;
      const at = p.fields.get('value')!.at;
      if (fn === 'init' && s.value > 0) {
        r.warn(at, `init returning ${s.value} makes the kernel warn that it "suspiciously returned ${s.value}, it should follow 0/-E convention"`);
      }
      if (fn === 'exit' && s.value !== 0) r.warn(at, `exit functions return nothing (void): the value ${s.value} is ignored`);
    }
    if (s.op === 'if_error') {
      used.add(s.goto);
      const at = p.fields.get('goto')!.at;
      if (!labels.has(s.goto)) {
        r.error(at, `if_error: there is no label '${s.goto}' in ${fn}${didYouMean(s.goto, labels.keys())}`);
      }
      const before = parsed[i - 1]?.statement.op;
      if (before === undefined) {
        r.warn(p.opKey, `if_error comes first in ${fn}: there is no statement before it whose failure it could check`);
      } else if (!OPS[before].canFail) {
        r.warn(p.opKey, `if_error follows ${before}, which cannot fail; put it right after one of: ${FALLIBLE.join(', ')}`);
      }
    }
  });
  for (const [name, p] of labels) {
    if (!used.has(name)) r.warn(p.fields.get('name')!.at, `label '${name}' is never used by an if_error`);
  }
}
