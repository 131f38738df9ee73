import { describe, expect, it } from 'vitest';
import { DELETE_MODULE } from '../../kernel/deleteModule';
import { INIT_MODULE } from '../../kernel/initModule';
import { EXPLANATIONS, explain } from './explain';

describe('step explanations', () => {
  const ids = (t: typeof INIT_MODULE | typeof DELETE_MODULE) => [...t.steps.map((s) => s.id), ...Object.keys(t.unwinds)];
  it.each(['en', 'es', 'pl'] as const)('explain every step and unwind step of both syscalls in %s', (lang) => {
    for (const id of ids(INIT_MODULE)) expect(explain('init_module', id, lang), `init_module ${id}`).not.toBe('');
    for (const id of ids(DELETE_MODULE)) expect(explain('delete_module', id, lang), `delete_module ${id}`).not.toBe('');
    expect(explain('init_module', 'init:3', lang)).not.toBe('');
  });
  it('has the same keys in every language, each translated', () => {
    for (const part of ['init', 'delete'] as const) {
      const keys = Object.keys(EXPLANATIONS.en[part]).sort();
      for (const lang of ['es', 'pl'] as const) {
        expect(Object.keys(EXPLANATIONS[lang][part]).sort()).toEqual(keys);
        for (const k of keys) expect(EXPLANATIONS[lang][part][k], `${lang} ${part}.${k}`).not.toBe(EXPLANATIONS.en[part][k]);
      }
    }
  });
});
