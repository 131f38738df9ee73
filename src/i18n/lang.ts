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
