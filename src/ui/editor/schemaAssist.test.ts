import { describe, expect, it } from 'vitest';
import { manifestSchema, OP_NAMES, TOP_FIELDS } from '../../manifest';
import { caret } from './caret';
import { hoverAt, schemasAt, suggestAt, type JsonSchema } from './schemaAssist';
import { ITEM } from './yamlContext';

const schema = manifestSchema as unknown as JsonSchema;
const labels = (source: string) => {
  const { text, line, column } = caret(source);
  return suggestAt(schema, text, line, column).items.map((s) => s.label);
};
const hover = (source: string) => {
  const { text, line, column } = caret(source);
  return hoverAt(schema, text, line, column);
};

describe('schemasAt', () => {
  it('follows properties, items, references and alternatives', () => {
    expect(schemasAt(schema, ['license'])[0]?.description).toMatch(/MODULE_LICENSE/);
    expect(schemasAt(schema, ['params', ITEM, 'type'])[0]?.enum).toContain('charp');
    expect(schemasAt(schema, ['init', ITEM, 'printk', 'level'])[0]?.description).toMatch(/Log level/);
    expect(schemasAt(schema, ['nope', 'deeper'])).toEqual([]);
  });
});

describe('suggestAt', () => {
  it('top level: every field of the schema (the parser\'s TOP_FIELDS), without those already written', () => {
    expect(new Set(labels('‸'))).toEqual(new Set(TOP_FIELDS));
    expect(labels('name: x\nlicense: GPL\n‸')).not.toContain('name');
    expect(labels('name: x\nlicense: GPL\n‸')).toContain('init');
  });

  it('documents a field with its schema description', () => {
    const { items } = suggestAt(schema, 'li', 1, 3);
    const license = items.find((s) => s.label === 'license');
    expect(license).toMatchObject({ insertText: 'license: ', kind: 'property', retrigger: true });
    expect(license?.documentation).toMatch(/GPL-compatible/);
  });

  it('in init and exit: every statement operation', () => {
    for (const src of ['init:\n  - ‸', 'exit:\n  - pr‸', 'init:\n- ‸', 'init: [ { ‸']) {
      expect(new Set(labels(src)), src).toEqual(new Set(OP_NAMES));
    }
    const { items } = suggestAt(schema, 'init:\n  - ', 2, 5);
    expect(items.find((s) => s.label === 'kmalloc')).toMatchObject({ kind: 'statement', documentation: expect.stringMatching(/kmalloc\(size, flags\)/) });
  });

  it('enum values: printk levels, param types, licences, booleans', () => {
    expect(labels('init:\n  - printk: { level: ‸')).toEqual(['KERN_EMERG', 'KERN_ALERT', 'KERN_CRIT', 'KERN_ERR', 'KERN_WARNING', 'KERN_NOTICE', 'KERN_INFO', 'KERN_DEBUG']);
    expect(labels('params:\n  - name: irq\n    type: ‸')).toContain('invbool');
    expect(labels('license: ‸')).toEqual(expect.arrayContaining(['GPL', 'Dual BSD/GPL', 'Proprietary']));
    expect(labels('exports:\n  - { symbol: f, gpl: ‸')).toEqual(['true', 'false']);
  });

  it('keys of nested mappings', () => {
    expect(labels('init:\n  - printk: { level: KERN_INFO, ‸')).toEqual(['text', 'repeat', 'args']);
    expect(labels('params:\n  - name: irq\n    ‸')).toEqual(['type', 'default', 'perm', 'description', 'array']);
    expect(labels('softdep:\n  ‸')).toEqual(['pre', 'post']);
  });

  it('nothing where the schema has nothing to offer', () => {
    expect(labels('name: ‸')).toEqual([]);
    expect(labels('bogus:\n  ‸')).toEqual([]);
    expect(labels('# a comment ‸')).toEqual([]);
  });

  it('says where the typed prefix starts, so a completion replaces it', () => {
    expect(suggestAt(schema, 'init:\n  - printk: { level: KERN_A', 2, 27).prefixColumn).toBe(22);
  });
});

describe('hoverAt', () => {
  it('explains a key', () => {
    const h = hover('name: hello\nlic‸ense: GPL\n');
    expect(h).toMatchObject({ line: 2, startColumn: 1, endColumn: 8 });
    expect(h?.contents).toMatch(/^\*\*license\*\*/);
    expect(h?.contents).toMatch(/MODULE_LICENSE/);
  });

  it('explains statement keys and nested keys in flow mappings', () => {
    expect(hover('init:\n  - pri‸ntk: { level: KERN_ALERT, text: "x" }')?.contents).toMatch(/adds a line to the kernel log/);
    expect(hover('init:\n  - printk: { le‸vel: KERN_ALERT, text: "x" }')?.contents).toMatch(/Log level/);
  });

  it('explains a value by its key', () => {
    const h = hover('init:\n  - printk: { level: KERN_AL‸ERT, text: "x" }');
    expect(h?.contents).toMatch(/\*\*KERN_ALERT\*\* — value of `level`/);
  });

  it('nothing for unknown keys or outside words', () => {
    expect(hover('bogus‸: 1')).toBeNull();
    expect(hover('name: hello\n‸\n')).toBeNull();
  });
});
