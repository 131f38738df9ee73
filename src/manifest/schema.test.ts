// The published JSON Schema (for the editor) against the examples and against the parser's own
// tables, with a small validator for exactly the keywords the schema uses.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { LOG_LEVELS, PARAM_TYPES } from '../kernel/image';
import schema from './manifest.schema.json';
import { EXPORT_FIELDS, PARAM_FIELDS, TOP_FIELDS } from './parse';
import { OPS } from './statements';
import { GFP_FLAGS } from './values';

type Schema = Record<string, unknown>;
const ROOT = schema as Schema;

/** Keywords the validator understands; annotations it ignores. */
const KEYWORDS = new Set([
  'type', 'enum', 'pattern', 'minimum', 'maximum', 'minLength', 'items', 'properties', 'required',
  'additionalProperties', 'anyOf', 'oneOf', '$ref',
]);
const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', 'examples', 'definitions']);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Error messages ("" path = root); empty when the value is valid. */
function validate(value: unknown, s: Schema, path = ''): string[] {
  if (typeof s.$ref === 'string') {
    const target = (ROOT.definitions as Record<string, Schema>)[s.$ref.replace('#/definitions/', '')];
    return validate(value, target!, path);
  }
  const errors: string[] = [];
  const fail = (message: string) => errors.push(`${path || '/'}: ${message}`);
  const actual = typeOf(value);
  if (s.type !== undefined) {
    const allowed = ([] as string[]).concat(s.type as string | string[]);
    if (!allowed.includes(actual) && !(actual === 'integer' && allowed.includes('number'))) fail(`expected ${allowed.join('|')}, got ${actual}`);
  }
  if (s.enum && !(s.enum as unknown[]).includes(value)) fail(`not one of ${(s.enum as unknown[]).join(', ')}`);
  if (typeof value === 'string') {
    if (s.pattern && !new RegExp(s.pattern as string, 'u').test(value)) fail(`'${value}' does not match ${s.pattern}`);
    if (typeof s.minLength === 'number' && value.length < s.minLength) fail('too short');
  }
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) fail(`below ${s.minimum}`);
    if (typeof s.maximum === 'number' && value > s.maximum) fail(`above ${s.maximum}`);
  }
  if (Array.isArray(value) && s.items) value.forEach((v, i) => errors.push(...validate(v, s.items as Schema, `${path}/${i}`)));
  if (actual === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (s.properties ?? {}) as Record<string, Schema>;
    for (const key of (s.required ?? []) as string[]) if (!(key in object)) fail(`missing ${key}`);
    for (const [key, v] of Object.entries(object)) {
      if (properties[key]) errors.push(...validate(v, properties[key], `${path}/${key}`));
      else if (s.additionalProperties === false) fail(`unknown property ${key}`);
    }
  }
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    if (!s[keyword]) continue;
    const passing = (s[keyword] as Schema[]).filter((alt) => validate(value, alt, path).length === 0).length;
    if (passing === 0 || (keyword === 'oneOf' && passing > 1)) fail(`${keyword}: ${passing} alternatives match`);
  }
  return errors;
}

/** Every subschema, with its path. */
function* walk(s: unknown, path: string): Generator<[string, Schema]> {
  if (s === null || typeof s !== 'object' || Array.isArray(s)) return;
  yield [path, s as Schema];
  const node = s as Schema;
  for (const key of ['properties', 'definitions'] as const) {
    for (const [name, sub] of Object.entries((node[key] ?? {}) as Record<string, unknown>)) yield* walk(sub, `${path}/${key}/${name}`);
  }
  if (node.items) yield* walk(node.items, `${path}/items`);
  for (const key of ['anyOf', 'oneOf'] as const) for (const [i, sub] of ((node[key] ?? []) as unknown[]).entries()) yield* walk(sub, `${path}/${key}/${i}`);
}

const EXAMPLES = join(__dirname, '../../examples');
const examples = (readdirSync(EXAMPLES, { recursive: true }) as string[]).filter((f) => f.endsWith('.yaml'));

describe('manifest.schema.json', () => {
  it('uses only keywords the test validator understands', () => {
    for (const [path, s] of walk(ROOT, '#')) {
      for (const key of Object.keys(s)) expect(KEYWORDS.has(key) || ANNOTATIONS.has(key), `${path}: ${key}`).toBe(true);
    }
  });

  it('describes every property', () => {
    for (const [path, s] of walk(ROOT, '#')) {
      expect(typeof s.description === 'string' && s.description.length > 0, `${path} has no description`).toBe(true);
    }
  });

  it.each(examples)('accepts examples/%s', (file) => {
    expect(validate(parseYaml(readFileSync(join(EXAMPLES, file), 'utf8')), ROOT)).toEqual([]);
  });

  it('rejects what the parser rejects structurally', () => {
    const bad = (text: string) => validate(parseYaml(text), ROOT);
    expect(bad('licence: GPL\n')).toEqual(['/: missing name', '/: unknown property licence']);
    expect(bad('name: m\nparams: [{ name: irq, type: integer }]\n')).toEqual(['/params/0/type: not one of byte, short, ushort, int, uint, long, ulong, charp, bool, invbool']);
    expect(bad('name: m\ninit: [{ return: ENOMEM }]\n')).toHaveLength(1);
    expect(bad('name: m\ninit: [{ printk: { level: KERN_INF, text: x } }]\n')).toHaveLength(1);
    expect(bad('name: m\ninit: [{ prink: x }]\n')).toHaveLength(1);
  });

  it('agrees with the parser on fields, types, levels, statements and flags', () => {
    const props = (s: unknown) => Object.keys((s as Schema).properties as object);
    const defs = ROOT.definitions as Record<string, Schema>;
    expect(props(ROOT)).toEqual([...TOP_FIELDS]);
    expect(props(defs.param)).toEqual(PARAM_FIELDS);
    expect((defs.param!.properties as Record<string, Schema>).type!.enum).toEqual([...PARAM_TYPES]);
    expect(((defs.level!.anyOf as Schema[])[0]!).enum).toEqual([...LOG_LEVELS]);
    const exportObject = ((ROOT.properties as Record<string, Schema>).exports!.items as Schema).anyOf as Schema[];
    expect(props(exportObject[1])).toEqual(EXPORT_FIELDS);

    const statements = defs.statement!.oneOf as Schema[];
    expect(statements.map((s) => props(s)[0])).toEqual(Object.keys(OPS));
    for (const s of statements) {
      const op = props(s)[0] as keyof typeof OPS;
      const value = (s.properties as Record<string, Schema>)[op]!;
      const forms = (value.anyOf as Schema[] | undefined) ?? [value];
      const object = forms.find((f) => f.type === 'object')!;
      expect(props(object), op).toEqual(Object.keys(OPS[op].fields));
      expect(object.required ?? [], op).toEqual(OPS[op].required);
      expect(forms.length === 2, `${op} has a short form`).toBe(OPS[op].scalar !== undefined);
    }
    const flags = (defs.statement!.oneOf as Schema[])[1]!;
    const pattern = new RegExp(((((flags.properties as Record<string, Schema>).kmalloc!.properties) as Record<string, Schema>).flags!.pattern) as string);
    for (const flag of GFP_FLAGS) expect(pattern.test(flag), flag).toBe(true);
    expect(pattern.test('GFP_KERNEL | __GFP_ZERO')).toBe(true);
    expect(pattern.test('GFP_KERNL')).toBe(false);
  });
});
