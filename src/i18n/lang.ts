// The interface languages and placeholder filling, without React or the store, so that pure
// modules (the lessons, the panels' word tables) share them.
export type Lang = 'en' | 'es' | 'pl';

export function isLang(v: unknown): v is Lang {
  return v === 'en' || v === 'es' || v === 'pl';
}

/** Fills {name} placeholders from vars; an unknown placeholder stays as written. */
export function fill(text: string, vars: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** Digit group separators (CLDR): English groups from 1,000; Spanish and Polish from 10 000. */
const GROUPING: Record<Lang, { separator: string; from: number }> = {
  en: { separator: ',', from: 1000 },
  es: { separator: '.', from: 10_000 },
  pl: { separator: '\u00a0', from: 10_000 },
};

/** A whole number as the language writes it: 100,006 / 100.006 / 100 006. (Not Intl: its first
 * use loads locale data, some 30 ms that the first paint would wait for.) */
export function formatCount(n: number, lang: Lang): string {
  const { separator, from } = GROUPING[lang];
  const digits = String(Math.trunc(n));
  return Math.abs(n) < from ? digits : digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}
