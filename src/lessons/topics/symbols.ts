// Lesson 4: exported symbols, EXPORT_SYMBOL vs EXPORT_SYMBOL_GPL, and what MODULE_LICENSE
// decides: modpost's check at build time and the kernel's at load time.
import { GPL_COMPATIBLE } from '../../kernel/freeModule';
import { isLive, logHas, mod, t } from '../checks';
import { GPLEXPORT } from '../inline';
import type { Lesson } from '../types';

export const SYMBOLS: Lesson = {
  id: 'symbols',
  title: t(
    'Symbols: EXPORT_SYMBOL, EXPORT_SYMBOL_GPL and licences',
    'Símbolos: EXPORT_SYMBOL, EXPORT_SYMBOL_GPL y licencias',
    'Symbole: EXPORT_SYMBOL, EXPORT_SYMBOL_GPL i licencje',
  ),
  summary: t(
    'Export a function from one module, use it from another, and see what the licence allows.',
    'Exportar una función desde un módulo, usarla desde otro y ver qué permite la licencia.',
    'Wyeksportuj funkcję z jednego modułu, użyj jej w innym i zobacz, na co pozwala licencja.',
  ),
  steps: [
    {
      text: t(
        "A module may use the symbols that the kernel and other modules export, as if it were compiled into the kernel; the references are resolved when it is loaded (step 7). user.yaml imports `moja_funkcja`, and nothing exports it yet. Build, and load user on its own.",
        "Un módulo puede usar los símbolos que exportan el kernel y otros módulos, como si estuviera compilado dentro del kernel; las referencias se resuelven al cargarlo (paso 7). user.yaml importa `moja_funkcja`, y todavía nadie la exporta. Pulsa Build y carga user solo.",
        "Moduł może używać symboli eksportowanych przez jądro i inne moduły, tak jakby był skompilowany jako część jądra; odwołania są rozwiązywane przy ładowaniu (krok 7). user.yaml importuje `moja_funkcja`, której jeszcze nikt nie eksportuje. Naciśnij Build i załaduj sam moduł user.",
      ),
      files: ['exporter.yaml', 'user.yaml'],
      try: ['insmod user.ko', 'dmesg | tail -1'],
      checkpoint: {
        id: 'symbols/unknown',
        goal: t(
          'Make user\'s load fail on its unknown symbol.',
          'Haz que la carga de user falle por su símbolo desconocido.',
          'Spraw, by ładowanie modułu user nie powiodło się z powodu nieznanego symbolu.',
        ),
        hint: t(
          'If exporter is loaded, `rmmod user exporter` first; then `insmod user.ko`.',
          'Si exporter está cargado, primero `rmmod user exporter`; después `insmod user.ko`.',
          'Jeśli exporter jest załadowany, najpierw `rmmod user exporter`; potem `insmod user.ko`.',
        ),
        check: ({ kernel }) => logHas(kernel, 'user: Unknown symbol moja_funkcja'),
      },
    },
    {
      text: t(
        "exporter.yaml exports it, as `EXPORT_SYMBOL(moja_funkcja);` does in C (the `exports` list of the manifest). Load exporter, then user: the symbol resolves, exporter's used-by list gets user, and the graph draws an edge labelled moja_funkcja. Exported symbols are listed in /proc/kallsyms.",
        "exporter.yaml la exporta, como hace `EXPORT_SYMBOL(moja_funkcja);` en C (la lista `exports` del manifiesto). Carga exporter y después user: el símbolo se resuelve, la lista de usuarios de exporter incluye a user y el grafo dibuja una arista con la etiqueta moja_funkcja. Los símbolos exportados aparecen en /proc/kallsyms.",
        "exporter.yaml ją eksportuje, tak jak `EXPORT_SYMBOL(moja_funkcja);` w C (lista `exports` w manifeście). Załaduj exporter, a potem user: symbol zostaje rozwiązany, user trafia na listę użytkowników exportera, a graf rysuje krawędź z etykietą moja_funkcja. Eksportowane symbole widać w /proc/kallsyms.",
      ),
      try: ['insmod exporter.ko', 'insmod user.ko', 'grep moja_funkcja /proc/kallsyms', 'lsmod'],
      checkpoint: {
        id: 'symbols/resolved',
        goal: t(
          'Load user with moja_funkcja resolved from exporter.',
          'Carga user con moja_funkcja resuelta desde exporter.',
          'Załaduj moduł user z symbolem moja_funkcja rozwiązanym z modułu exporter.',
        ),
        hint: t(
          'Load exporter first, then user.',
          'Carga primero exporter y después user.',
          'Najpierw załaduj exporter, potem user.',
        ),
        check: ({ kernel }) => isLive(kernel, 'user') && (mod(kernel, 'user')?.resolvedFrom.exporter ?? []).includes('moja_funkcja'),
      },
    },
    {
      text: t(
        "The licence matters: only modules under a GPL-compatible licence may use symbols exported with `EXPORT_SYMBOL_GPL`. The compatible ones are \"GPL\", \"GPL v2\", \"GPL and additional rights\", \"Dual BSD/GPL\", \"Dual MIT/GPL\" and \"Dual MPL/GPL\". gplonly.yaml is \"Proprietary\" and calls `ktime_get`, a GPL-only kernel function. Press Build: modpost stops the build.",
        "La licencia importa: solo los módulos con una licencia compatible con GPL pueden usar los símbolos exportados con `EXPORT_SYMBOL_GPL`. Las compatibles son \"GPL\", \"GPL v2\", \"GPL and additional rights\", \"Dual BSD/GPL\", \"Dual MIT/GPL\" y \"Dual MPL/GPL\". gplonly.yaml es \"Proprietary\" y llama a `ktime_get`, una función del kernel solo para GPL. Pulsa Build: modpost detiene la compilación.",
        "Licencja ma znaczenie: tylko moduły na licencji zgodnej z GPL mogą używać symboli eksportowanych przez `EXPORT_SYMBOL_GPL`. Zgodne są \"GPL\", \"GPL v2\", \"GPL and additional rights\", \"Dual BSD/GPL\", \"Dual MIT/GPL\" i \"Dual MPL/GPL\". gplonly.yaml ma licencję \"Proprietary\" i wywołuje `ktime_get`, funkcję jądra tylko dla GPL. Naciśnij Build: modpost przerywa kompilację.",
      ),
      files: ['gplonly.yaml'],
      checkpoint: {
        id: 'symbols/modpost',
        goal: t(
          'See modpost refuse a GPL-only symbol to a proprietary module.',
          'Observa cómo modpost rechaza un símbolo solo GPL a un módulo propietario.',
          'Zobacz, jak modpost odmawia symbolu tylko dla GPL modułowi własnościowemu.',
        ),
        hint: t(
          'Open gplonly.yaml and press Build; read the ERROR line in Terminal.',
          'Abre gplonly.yaml y pulsa Build; lee la línea ERROR en la Terminal.',
          'Otwórz gplonly.yaml i naciśnij Build; przeczytaj linię ERROR w Terminalu.',
        ),
        check: ({ output }) => output.includes("GPL-incompatible module gplonly.ko uses GPL-only symbol 'ktime_get'"),
      },
    },
    {
      text: t(
        "While gplonly.yaml stays like this, every build in /root fails. Change its licence to one from the list, for example `license: GPL`, Build again and load it: now it may use ktime_get.",
        "Mientras gplonly.yaml siga así, toda compilación en /root falla. Cambia su licencia por una de la lista, por ejemplo `license: GPL`, pulsa Build otra vez y cárgalo: ahora puede usar ktime_get.",
        "Dopóki gplonly.yaml tak wygląda, każda kompilacja w /root kończy się błędem. Zmień licencję na jedną z listy, np. `license: GPL`, naciśnij Build ponownie i załaduj moduł: teraz może używać ktime_get.",
      ),
      try: ['insmod gplonly.ko', 'lsmod'],
      checkpoint: {
        id: 'symbols/gpl-fixed',
        goal: t(
          'Load gplonly under a GPL-compatible licence.',
          'Carga gplonly con una licencia compatible con GPL.',
          'Załaduj gplonly na licencji zgodnej z GPL.',
        ),
        hint: t(
          'Edit the `license:` line, Build, then `insmod gplonly.ko`.',
          'Edita la línea `license:`, pulsa Build y luego `insmod gplonly.ko`.',
          'Zmień linię `license:`, naciśnij Build, potem `insmod gplonly.ko`.',
        ),
        check: ({ kernel }) => isLive(kernel, 'gplonly') && GPL_COMPATIBLE.includes(mod(kernel, 'gplonly')!.image.license ?? ''),
      },
    },
    {
      text: t(
        "modpost only knows the kernel's symbols and those of the modules in the same build, so the kernel checks again at load time. gplexport.yaml exports `gpl_fn` with `EXPORT_SYMBOL_GPL`: Build and load it. Then write a proprietary user of gpl_fn in /tmp, where modpost cannot see gpl_fn, build it there and load it: step 7 treats the GPL-only symbol as unknown. The proprietary licence also taints the kernel (last lesson).",
        "modpost solo conoce los símbolos del kernel y los de los módulos de la misma compilación, por eso el kernel vuelve a comprobarlo al cargar. gplexport.yaml exporta `gpl_fn` con `EXPORT_SYMBOL_GPL`: pulsa Build y cárgalo. Después escribe en /tmp un usuario propietario de gpl_fn, donde modpost no ve gpl_fn, compílalo allí y cárgalo: el paso 7 trata el símbolo solo GPL como desconocido. La licencia propietaria además marca el kernel como contaminado (última lección).",
        "modpost zna tylko symbole jądra i modułów z tej samej kompilacji, dlatego jądro sprawdza to ponownie przy ładowaniu. gplexport.yaml eksportuje `gpl_fn` przez `EXPORT_SYMBOL_GPL`: naciśnij Build i załaduj go. Potem napisz w /tmp własnościowy moduł używający gpl_fn, gdzie modpost nie widzi gpl_fn, skompiluj go tam i załaduj: krok 7 traktuje symbol tylko dla GPL jak nieznany. Licencja własnościowa dodatkowo skaża jądro (ostatnia lekcja).",
      ),
      inlineFiles: [GPLEXPORT],
      try: [
        'insmod gplexport.ko',
        'cd /tmp',
        'echo "{name: propuser, license: Proprietary, imports: [gpl_fn], init: [{call: gpl_fn}, {return: 0}], exit: []}" > propuser.yaml',
        'make',
        'insmod propuser.ko',
        'dmesg | tail -3',
        'cd',
        'rmmod user exporter gplonly gplexport',
      ],
      checkpoint: {
        id: 'symbols/gpl-refused',
        goal: t(
          'Make the kernel refuse gpl_fn to a proprietary module.',
          'Haz que el kernel niegue gpl_fn a un módulo propietario.',
          'Spraw, by jądro odmówiło gpl_fn modułowi własnościowemu.',
        ),
        hint: t(
          'Load gplexport, then build and insmod propuser in /tmp; dmesg reads Unknown symbol gpl_fn.',
          'Carga gplexport, luego compila y carga con insmod propuser en /tmp; dmesg dice Unknown symbol gpl_fn.',
          'Załaduj gplexport, potem zbuduj i załaduj przez insmod propuser w /tmp; dmesg pokaże Unknown symbol gpl_fn.',
        ),
        check: ({ kernel }) => isLive(kernel, 'gplexport') && logHas(kernel, /: Unknown symbol gpl_fn \(err -2\)$/),
      },
    },
  ],
};
