import { describe, expect, it } from 'vitest';
import { caret } from './caret';
import { contextAt, ITEM, scanLine } from './yamlContext';

const at = (source: string) => {
  const { text, line, column } = caret(source);
  return contextAt(text, line, column);
};

describe('scanLine', () => {
  it('reads sequence markers and the key', () => {
    expect(scanLine('  - printk: hi').tokens).toEqual([{ kind: 'item', column: 2 }, { kind: 'key', column: 4, key: 'printk' }]);
    expect(scanLine('  - printk: hi').rest).toBe('hi');
    expect(scanLine('"odd key": 1').tokens).toEqual([{ kind: 'key', column: 0, key: 'odd key' }]);
    expect(scanLine('text: "a: b"').rest).toBe('"a: b"');
    expect(scanLine('- - x').tokens.map((t) => t.kind)).toEqual(['item', 'item']);
    expect(scanLine('   # note').empty).toBe(true);
    expect(scanLine('-ENOMEM').tokens).toEqual([]);
  });
});

describe('contextAt', () => {
  it('top level: a key being typed, with the keys already written', () => {
    expect(at('name: hello\nlic‸\ninit: []\n')).toEqual({
      path: [], position: 'key', prefix: 'lic', prefixColumn: 1, siblings: ['name', 'init'], flow: false,
    });
    expect(at('‸')).toMatchObject({ path: [], position: 'key', prefix: '' });
  });

  it('a top-level value', () => {
    expect(at('name: hello\nlicense: Dual B‸')).toMatchObject({ path: ['license'], position: 'value', prefix: 'Dual B', prefixColumn: 10 });
    expect(at('license:‸')).toMatchObject({ path: ['license'], position: 'value', prefix: '' });
  });

  it('a statement in init, block style, also with the list at the key\'s indentation', () => {
    expect(at('init:\n  - printk: hi\n  - re‸')).toMatchObject({ path: ['init', ITEM], position: 'key', prefix: 're', prefixColumn: 5 });
    expect(at('init:\n- printk: hi\n- ‸')).toMatchObject({ path: ['init', ITEM], position: 'key', prefix: '' });
    expect(at('exit:\n  # comment\n\n  - ‸')).toMatchObject({ path: ['exit', ITEM], position: 'key' });
  });

  it('nested block mappings', () => {
    const src = 'init:\n  - printk:\n      level: KERN_INFO\n      te‸\n  - return: 0\n';
    expect(at(src)).toMatchObject({ path: ['init', ITEM, 'printk'], position: 'key', prefix: 'te', siblings: ['level'] });
    expect(at('init:\n  - printk:\n      level: KERN_A‸')).toMatchObject({ path: ['init', ITEM, 'printk', 'level'], position: 'value', prefix: 'KERN_A' });
  });

  it('keys of a list item\'s mapping', () => {
    expect(at('params:\n  - name: irq\n    ty‸')).toMatchObject({ path: ['params', ITEM], position: 'key', prefix: 'ty', siblings: ['name'] });
    expect(at('params:\n  - name: irq\n    type: in‸')).toMatchObject({ path: ['params', ITEM, 'type'], position: 'value', prefix: 'in' });
  });

  it('flow mappings on one line, as the examples write statements', () => {
    expect(at('init:\n  - printk: { level: KERN_‸')).toMatchObject({
      path: ['init', ITEM, 'printk', 'level'], position: 'value', prefix: 'KERN_', prefixColumn: 22, flow: true,
    });
    expect(at('init:\n  - printk: { level: KERN_INFO, t‸ }')).toMatchObject({
      path: ['init', ITEM, 'printk'], position: 'key', prefix: 't', siblings: ['level'], flow: true,
    });
    expect(at('params:\n  - { name: irq, type: ‸')).toMatchObject({ path: ['params', ITEM, 'type'], position: 'value', prefix: '' });
    expect(at('init:\n  - printk: { text: "a, b: c", ‸')).toMatchObject({ path: ['init', ITEM, 'printk'], position: 'key', siblings: ['text'] });
    expect(at('init: [ { ‸')).toMatchObject({ path: ['init', ITEM], position: 'key' });
    expect(at('alias: [a, b‸')).toMatchObject({ path: ['alias', ITEM], position: 'value', prefix: 'b' });
  });

  it('a flow mapping over several lines', () => {
    expect(at('init:\n  - printk: {\n      level: KERN_IN‸')).toMatchObject({
      path: ['init', ITEM, 'printk', 'level'], position: 'value', prefix: 'KERN_IN', prefixColumn: 14,
    });
  });

  it('nothing to complete in comments, after a closed flow or in a block scalar', () => {
    expect(at('name: x # a comm‸')).toBeNull();
    expect(at('init:\n  - printk: { text: hi } ‸')).toBeNull();
    expect(at('description: |\n  some text: here‸\n')).toBeNull();
  });

  it('after a block scalar, structure resumes', () => {
    expect(at('description: |\n  text\n  more\nlic‸')).toMatchObject({ path: [], position: 'key', prefix: 'lic', siblings: ['description'] });
  });
});
