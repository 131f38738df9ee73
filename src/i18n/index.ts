// Interface languages (PRODUCT.md §7): English, Spanish and Polish for everything the interface
// says; kernel and tool messages stay in English, as on a real system. `t(key, vars)` looks the
// key up in the current language's table ({name} placeholders are filled from vars); a key
// missing from a table is a bug that src/i18n/i18n.test.ts catches.
import { usePlayground } from '../store/playground';
import { en, type Key } from './en';
import { es } from './es';
import { pl } from './pl';
import { fill, isLang, type Lang } from './lang';

export { isLang, type Lang };
export const LANGS: Array<{ lang: Lang; name: string }> = [
  { lang: 'en', name: 'English' },
  { lang: 'es', name: 'Español' },
  { lang: 'pl', name: 'Polski' },
];
export const TABLES: Record<Lang, Record<Key, string>> = { en, es, pl };
export type { Key };

/** The browser's preferred language if we have it, else English. */
export function defaultLang(languages: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages): Lang {
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'es' || base === 'pl' || base === 'en') return base;
  }
  return 'en';
}

export function translate(lang: Lang, key: Key, vars: Record<string, string | number> = {}): string {
  return fill(TABLES[lang][key] ?? en[key], vars);
}

/** The current language (the `lang` setting, else the browser's). */
export function useLang(): Lang {
  const setting = usePlayground((s) => s.settings.lang);
  return isLang(setting) ? setting : defaultLang();
}

/** The current language outside React (e.g. the terminal's own notes). */
export function currentLang(): Lang {
  const setting = usePlayground.getState().settings.lang;
  return isLang(setting) ? setting : defaultLang();
}

/** `const t = useT(); t('controls.step')` in a component. */
export function useT(): (key: Key, vars?: Record<string, string | number>) => string {
  const lang = useLang();
  return (key, vars) => translate(lang, key, vars);
}
