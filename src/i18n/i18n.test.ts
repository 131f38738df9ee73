// Every interface string in three languages: same keys, same placeholders, really translated, and
// every key the interface asks for exists.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EDITOR_WORDS } from '../ui/editor/words';
import { GRAPH_WORDS } from '../ui/graph/words';
import { defaultLang, TABLES, translate } from '.';
import { en } from './en';
import { formatCount } from './lang';

/** Strings that are the same in every language: product and kernel names, code, pure notation. */
const SAME_EVERYWHERE = new Set([
  'panel.editor', 'panel.terminal', 'taint.C', 'change.printk', 'change.state', 'change.param', 'refs.sum',
]);

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('interface strings', () => {
  it.each(['es', 'pl'] as const)('%s has every key, translated, with the same placeholders', (lang) => {
    const table = TABLES[lang];
    expect(Object.keys(table).sort()).toEqual(Object.keys(en).sort());
    for (const [key, english] of Object.entries(en) as Array<[keyof typeof en, string]>) {
      expect(table[key].trim(), `${lang} ${key}`).not.toBe('');
      expect(placeholders(table[key]), `${lang} ${key} placeholders`).toEqual(placeholders(english));
      if (!SAME_EVERYWHERE.has(key)) expect(table[key], `${lang} ${key} is not translated`).not.toBe(english);
    }
  });

  // The Editor and Dependency graph panels keep their own word tables: same rules.
  it.each([['editor', EDITOR_WORDS], ['graph', GRAPH_WORDS]] as const)('the %s panel\'s words are complete in es and pl', (_name, tables) => {
    const english = tables.en as Record<string, string>;
    for (const lang of ['es', 'pl'] as const) {
      const table = tables[lang] as Record<string, string>;
      expect(Object.keys(table).sort()).toEqual(Object.keys(english).sort());
      for (const [key, text] of Object.entries(english)) {
        expect(table[key]!.trim(), `${lang} ${key}`).not.toBe('');
        expect(placeholders(table[key]!), `${lang} ${key} placeholders`).toEqual(placeholders(text));
      }
    }
  });

  it('every t("…") key used in src/ exists', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) files.push(p);
      }
    };
    walk(join(__dirname, '..'));
    const missing: string[] = [];
    for (const f of files) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\bt\('([\w.]+)'/g)) if (!(m[1]! in en)) missing.push(`${f}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });

  it('fills placeholders and picks the browser language', () => {
    expect(translate('es', 'steps.returned', { value: -17 })).toBe('devolvió -17');
    expect(defaultLang(['pl-PL', 'en'])).toBe('pl');
    expect(defaultLang(['de-DE', 'es-AR'])).toBe('es');
    expect(defaultLang(['fr'])).toBe('en');
  });
});

describe('formatCount', () => {
  it('groups digits as each language does, as Intl would', () => {
    for (const n of [0, 7, 999, 1000, 4096, 9999, 10_000, 100_006, 1_234_567]) {
      for (const lang of ['en', 'es', 'pl'] as const) expect(formatCount(n, lang), `${lang} ${n}`).toBe(n.toLocaleString(lang));
    }
  });
});
