// The graph's words in the interface language chosen in the top bar.
import { useMemo } from 'react';
import { useLang } from '../../i18n';
import { graphWords, type Words } from './words';

export function useGraphWords(): Words {
  const lang = useLang();
  return useMemo(() => graphWords(lang), [lang]);
}
