// Property tests: whatever the text, parsing and building never throw, and a missing result
// always comes with an error that points inside the text.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { decodeModuleImage } from '../kernel/image';
import { buildKo } from './build';
import { parseManifest } from './parse';

const EXAMPLES = join(__dirname, '../../examples');
const examples = (readdirSync(EXAMPLES, { recursive: true }) as string[]).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(EXAMPLES, f), 'utf8'));

function checkInvariants(text: string): void {
  const { manifest, diagnostics } = parseManifest(text);
  const lines = text.split(/\r\n|\r|\n/).length;
  for (const d of diagnostics) {
    expect(d.message).not.toMatch(/internal error/);
    expect(d.message.length).toBeGreaterThan(0);
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.line).toBeLessThanOrEqual(lines);
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(d.endLine * 1e6 + d.endColumn).toBeGreaterThanOrEqual(d.line * 1e6 + d.column);
  }
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (manifest === null) expect(errors.length).toBeGreaterThan(0);
  else expect(errors).toEqual([]);

  const { image, ko } = buildKo(text, { fileName: 'fuzz.yaml', vermagic: 'v ' });
  expect(image === null).toBe(manifest === null);
  if (image && ko) {
    expect(decodeModuleImage(ko)).toEqual(image);
    expect(new Set(image.imports).size).toBe(image.imports.length);
    expect(image.size.core % 4096).toBe(0);
  }
}

/** Characters that matter to YAML and JSON, plus some ordinary ones. */
const SIGNIFICANT = [...':-[]{},#&*!|>\'"%@`?\n\t \\0123456789abcxyzE_'];

type Mutation = (text: string) => string;
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.constantFrom(...SIGNIFICANT)).map(([at, ch]): Mutation => (t) => {
    const i = at % (t.length + 1);
    return t.slice(0, i) + ch + t.slice(i);
  }),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 12 })).map(([at, n]): Mutation => (t) => {
    const i = at % (t.length + 1);
    return t.slice(0, i) + t.slice(i + n);
  }),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]): Mutation => (t) => {
    const lines = t.split('\n');
    const i = a % lines.length;
    const j = b % lines.length;
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    return lines.join('\n');
  }),
  fc.tuple(fc.nat(), fc.string({ maxLength: 8 })).map(([at, s]): Mutation => (t) => {
    const lines = t.split('\n');
    const i = at % lines.length;
    lines[i] = s + lines[i];
    return lines.join('\n');
  }),
);

/** Replaces the value at a random place of a parsed example with random JSON. */
function replaceSomewhere(value: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || value === null || typeof value !== 'object') return replacement;
  const [step, ...rest] = path;
  if (Array.isArray(value)) {
    if (value.length === 0) return replacement;
    const copy = [...value];
    const i = step! % copy.length;
    copy[i] = replaceSomewhere(copy[i], rest, replacement);
    return copy;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return replacement;
  const i = step! % entries.length;
  entries[i] = [entries[i]![0], replaceSomewhere(entries[i]![1], rest, replacement)];
  return Object.fromEntries(entries);
}

describe('parseManifest never throws', () => {
  it('on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), checkInvariants), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 100 }), checkInvariants), { numRuns: 100 });
  }, 30_000);

  it('on arbitrary YAML and JSON documents', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.boolean(), (value, asJson) => {
      checkInvariants(asJson ? JSON.stringify(value) : stringifyYaml(value));
    }), { numRuns: 200 });
  }, 30_000);

  it('on random mutations of the examples', () => {
    fc.assert(fc.property(
      fc.constantFrom(...examples), fc.array(mutation, { minLength: 1, maxLength: 5 }),
      (text, mutations) => checkInvariants(mutations.reduce((t, m) => m(t), text)),
    ), { numRuns: 500 });
  }, 30_000);

  it('on examples with a value replaced by random data', () => {
    fc.assert(fc.property(
      fc.constantFrom(...examples), fc.array(fc.nat(), { maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), fc.boolean(),
      (text, path, replacement, asJson) => {
        const changed = replaceSomewhere(parseYaml(text), path, replacement);
        checkInvariants(asJson ? JSON.stringify(changed, null, 2) : stringifyYaml(changed));
      },
    ), { numRuns: 500 });
  }, 30_000);
});
