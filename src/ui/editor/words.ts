// The Editor panel's words in the interface languages (src/i18n). The validator's messages stay in
// English, like every compiler and kernel message.
import { useLang } from '../../i18n';
import { fill, type Lang } from '../../i18n/lang';

const en = {
  build: 'Build',
  'build.title': 'make NAME.ko: write the files to /root and build this file into its .ko',
  load: 'Load',
  'load.title': 'Build, then insmod this module paused at the first step of init_module: press Step',
  unload: 'Unload',
  'unload.title': "rmmod the selected module (or this file's) paused at the first step of delete_module: press Step",
  params: 'Parameters',
  'params.placeholder': 'parameters: irq=5',
  'params.title': 'Module parameters Load passes to insmod, e.g. howmany=3 whom=Mom',
  templates: 'Templates',
  'templates.pick': 'Templates…',
  'templates.title': 'Open one of the examples in a new tab',
  newFile: 'New file',
  'newFile.title': 'A new manifest in a new tab',
  files: 'Files',
  close: 'Close {name}',
  manifest: 'Manifest {name}',
  none: 'No file open: pick one from Templates, or make a new file with +.',
  ok: '{name}: no problems',
  more: '(+{n} more: point at the marked lines)',
  goTo: 'Go to the line',
} as const;

export type EditorKey = keyof typeof en;

const es: Record<EditorKey, string> = {
  build: 'Compilar',
  'build.title': 'make NOMBRE.ko: guarda los archivos en /root y compila este archivo en su .ko',
  load: 'Cargar',
  'load.title': 'Compila y ejecuta insmod de este módulo, detenido en el primer paso de init_module: pulsa Paso',
  unload: 'Descargar',
  'unload.title': 'rmmod del módulo seleccionado (o el de este archivo), detenido en el primer paso de delete_module: pulsa Paso',
  params: 'Parámetros',
  'params.placeholder': 'parámetros: irq=5',
  'params.title': 'Parámetros del módulo que Cargar pasa a insmod, p. ej. howmany=3 whom=Mom',
  templates: 'Plantillas',
  'templates.pick': 'Plantillas…',
  'templates.title': 'Abre uno de los ejemplos en una pestaña nueva',
  newFile: 'Archivo nuevo',
  'newFile.title': 'Un manifiesto nuevo en una pestaña nueva',
  files: 'Archivos',
  close: 'Cerrar {name}',
  manifest: 'Manifiesto {name}',
  none: 'Ningún archivo abierto: elige uno en Plantillas o crea uno nuevo con +.',
  ok: '{name}: sin problemas',
  more: '(+{n} más: señala las líneas marcadas)',
  goTo: 'Ir a la línea',
};

const pl: Record<EditorKey, string> = {
  build: 'Zbuduj',
  'build.title': 'make NAZWA.ko: zapisuje pliki w /root i buduje z tego pliku jego .ko',
  load: 'Załaduj',
  'load.title': 'Buduje i wykonuje insmod tego modułu, zatrzymany na pierwszym kroku init_module: naciśnij Krok',
  unload: 'Usuń',
  'unload.title': 'rmmod zaznaczonego modułu (lub modułu z tego pliku), zatrzymany na pierwszym kroku delete_module: naciśnij Krok',
  params: 'Parametry',
  'params.placeholder': 'parametry: irq=5',
  'params.title': 'Parametry modułu, które Załaduj przekazuje do insmod, np. howmany=3 whom=Mom',
  templates: 'Szablony',
  'templates.pick': 'Szablony…',
  'templates.title': 'Otwiera jeden z przykładów w nowej karcie',
  newFile: 'Nowy plik',
  'newFile.title': 'Nowy manifest w nowej karcie',
  files: 'Pliki',
  close: 'Zamknij {name}',
  manifest: 'Manifest {name}',
  none: 'Żaden plik nie jest otwarty: wybierz jeden z Szablonów albo utwórz nowy przyciskiem +.',
  ok: '{name}: bez problemów',
  more: '(+{n} więcej: wskaż zaznaczone wiersze)',
  goTo: 'Przejdź do wiersza',
};

export const EDITOR_WORDS: Record<Lang, Record<EditorKey, string>> = { en, es, pl };

export function editorWord(lang: Lang, key: EditorKey, vars: Record<string, string | number> = {}): string {
  return fill(EDITOR_WORDS[lang][key], vars);
}

/** `const w = useEditorWords(); w('build')` in a component. */
export function useEditorWords(): (key: EditorKey, vars?: Record<string, string | number>) => string {
  const lang = useLang();
  return (key, vars) => editorWord(lang, key, vars);
}
