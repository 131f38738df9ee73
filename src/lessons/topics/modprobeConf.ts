// Lesson 6: /etc/modprobe.d: alias, options, install and blacklist, as the lab describes them.
import { confEntries, isLive, isLoaded, lastTyped, mod, t, typed } from '../checks';
import type { LessonContext, Lesson } from '../types';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `modprobe [options] NAME` typed (not -r, -n, --show-depends). */
function loadTyped(name: string): RegExp {
  return new RegExp(`^(/sbin/)?modprobe\\b(?!.*\\s(-r|--remove|--show-depends|-D|-n|--dry-run)\\b).*\\s${escape(name)}$`);
}

/** The last line typed that wrote a config line with this keyword (echo ... > /etc/modprobe.d/...). */
function lastConfWrite(ctx: LessonContext, keyword: string): number {
  return lastTyped(ctx, new RegExp(`\\b${keyword}\\b.*>`));
}

export const MODPROBE_CONF: Lesson = {
  id: 'modprobe-conf',
  title: t(
    'Configuring modprobe: alias, options, install, blacklist',
    'Configurar modprobe: alias, options, install, blacklist',
    'Konfiguracja modprobe: alias, options, install, blacklist',
  ),
  summary: t(
    'Write /etc/modprobe.d files that rename, parametrise, replace and hide modules.',
    'Escribir archivos de /etc/modprobe.d que renombran, parametrizan, sustituyen y ocultan módulos.',
    'Napisz pliki w /etc/modprobe.d, które nadają modułom aliasy i opcje, zastępują je poleceniami i je ukrywają.',
  ),
  steps: [
    {
      text: t(
        "Files in /etc/modprobe.d/ steer modprobe. There used to be one /etc/modprobe.conf; a folder makes it easy to add options for a new device without editing a shared file. `alias NAME MODULE` makes `modprobe NAME` load MODULE, as `alias eth0 ne2k-pci` loads the network card's driver. Build, install the modules, write an alias and use it.",
        "Los archivos de /etc/modprobe.d/ controlan modprobe. Antes había un único /etc/modprobe.conf; con un directorio es fácil añadir opciones para un dispositivo nuevo sin editar un archivo común. `alias NOMBRE MÓDULO` hace que `modprobe NOMBRE` cargue MÓDULO, como `alias eth0 ne2k-pci` carga el driver de la tarjeta de red. Pulsa Build, instala los módulos, escribe un alias y úsalo.",
        "Pliki w /etc/modprobe.d/ sterują zachowaniem modprobe. Dawniej był jeden plik /etc/modprobe.conf; katalog pozwala łatwo dodać opcje dla nowego urządzenia bez modyfikowania wspólnego pliku. `alias NAZWA MODUŁ` sprawia, że `modprobe NAZWA` załaduje MODUŁ, tak jak `alias eth0 ne2k-pci` ładuje sterownik karty sieciowej. Naciśnij Build, zainstaluj moduły, zapisz alias i użyj go.",
      ),
      files: ['hello.yaml', 'exporter.yaml', 'kmalloc.yaml', 'helper.yaml', 'paramdemo.yaml'],
      try: ['make modules_install', 'echo "alias mydev hello" > /etc/modprobe.d/lab.conf', 'modprobe mydev', 'lsmod'],
      checkpoint: {
        id: 'modprobe-conf/alias',
        goal: t(
          'Load a module through an alias of your own.',
          'Carga un módulo a través de un alias propio.',
          'Załaduj moduł przez własny alias.',
        ),
        hint: t(
          'Write `alias mydev hello` into a .conf file in /etc/modprobe.d, then `modprobe mydev`.',
          'Escribe `alias mydev hello` en un archivo .conf de /etc/modprobe.d y luego `modprobe mydev`.',
          'Zapisz `alias mydev hello` w pliku .conf w /etc/modprobe.d, potem `modprobe mydev`.',
        ),
        check: (ctx) => confEntries(ctx.kernel, 'alias').some(([name, module]) =>
          name !== undefined && module !== undefined && name !== module && isLive(ctx.kernel, module) && typed(ctx, loadTyped(name))),
      },
    },
    {
      text: t(
        "`options MODULE PARAMETERS` adds parameters every time the module is loaded, like `options ne io=0x300 irq=10`. paramdemo has an `irq` parameter (7 by default) that sysfs shows. Options apply when a module loads: if paramdemo is loaded, remove it first.",
        "`options MÓDULO PARÁMETROS` agrega parámetros cada vez que se carga el módulo, como `options ne io=0x300 irq=10`. paramdemo tiene un parámetro `irq` (7 por defecto) que se ve en sysfs. Las opciones se aplican al cargar: si paramdemo está cargado, descárgalo antes.",
        "`options MODUŁ PARAMETRY` ustawia podane opcje przy każdym ładowaniu modułu, np. `options ne io=0x300 irq=10`. paramdemo ma parametr `irq` (domyślnie 7), widoczny w sysfs. Opcje działają przy ładowaniu: jeśli paramdemo jest załadowany, najpierw go usuń.",
      ),
      try: ['echo "options paramdemo irq=10" >> /etc/modprobe.d/lab.conf', 'modprobe paramdemo', 'cat /sys/module/paramdemo/parameters/irq'],
      checkpoint: {
        id: 'modprobe-conf/options',
        goal: t(
          'Load a module with parameters taken from an options line.',
          'Carga un módulo con parámetros tomados de una línea options.',
          'Załaduj moduł z parametrami wziętymi z linii options.',
        ),
        hint: t(
          'Add `options paramdemo irq=10`, then `modprobe paramdemo` (after `modprobe -r paramdemo` if it was loaded).',
          'Agrega `options paramdemo irq=10` y luego `modprobe paramdemo` (tras `modprobe -r paramdemo` si estaba cargado).',
          'Dopisz `options paramdemo irq=10`, potem `modprobe paramdemo` (po `modprobe -r paramdemo`, jeśli był załadowany).',
        ),
        check: ({ kernel }) => confEntries(kernel, 'options').some(([name, ...params]) => {
          const m = name === undefined ? undefined : mod(kernel, name);
          const args = m?.args.split(' ') ?? [];
          return m?.state === 'LIVE' && params.length > 0 && params.every((p) => args.includes(p));
        }),
      },
    },
    {
      text: t(
        "`install MODULE COMMAND...` runs a shell command instead of loading the module. The lab's example loads another module first and then the module itself; `--ignore-install` is needed so that the second modprobe does not run the install command again in a loop.",
        "`install MÓDULO COMANDO...` ejecuta un comando de shell en lugar de cargar el módulo. El ejemplo del taller carga primero otro módulo y después el propio módulo; hace falta `--ignore-install` para que el segundo modprobe no vuelva a ejecutar el comando install en un bucle.",
        "`install MODUŁ POLECENIA...` powoduje wykonanie polecenia powłoki zamiast ładowania modułu. Przykład z laboratorium ładuje najpierw inny moduł, a potem sam moduł; opcja `--ignore-install` jest konieczna, by drugi modprobe nie wykonał znowu polecenia install i nie zapętlił się.",
      ),
      try: [
        'modprobe -r hello',
        'echo "install hello /sbin/modprobe exporter; /sbin/modprobe --ignore-install hello" >> /etc/modprobe.d/lab.conf',
        'modprobe hello',
        'lsmod',
      ],
      checkpoint: {
        id: 'modprobe-conf/install',
        goal: t(
          'Load hello through an install command that loads exporter first.',
          'Carga hello mediante un comando install que carga antes exporter.',
          'Załaduj hello przez polecenie install, które najpierw ładuje exporter.',
        ),
        hint: t(
          'Remove hello, add the install line, then `modprobe hello`; lsmod shows both.',
          'Descarga hello, agrega la línea install y luego `modprobe hello`; lsmod muestra ambos.',
          'Usuń hello, dopisz linię install, potem `modprobe hello`; lsmod pokaże oba moduły.',
        ),
        check: (ctx) => confEntries(ctx.kernel, 'install').some(([name, ...command]) =>
          name === 'hello' && command.includes('--ignore-install') && isLive(ctx.kernel, 'hello') && isLive(ctx.kernel, 'exporter')
          && lastTyped(ctx, loadTyped('hello')) > lastConfWrite(ctx, 'install')),
      },
    },
    {
      text: t(
        "`blacklist MODULE` makes modprobe ignore the module's aliases, so it is not loaded automatically (by udev, for example) when asked for by another name. It helps with buggy drivers you do not use, or debugging modules such as evbug. Blacklist kmalloc, give it an alias and ask for the alias: nothing is loaded.",
        "`blacklist MÓDULO` hace que modprobe ignore los alias del módulo, así no se carga automáticamente (por ejemplo, desde udev) cuando se lo pide por otro nombre. Sirve para drivers defectuosos que no usamos o módulos de depuración como evbug. Pon kmalloc en la lista negra, dale un alias y pide el alias: no se carga nada.",
        "`blacklist MODUŁ` sprawia, że modprobe ignoruje aliasy modułu, więc nie zostanie on załadowany automatycznie (np. przez udev), gdy ktoś zażąda go pod inną nazwą. Przydaje się w przypadku zabugowanych, nieużywanych przez nas sterowników lub modułów do debugowania (np. evbug). Dodaj kmalloc do czarnej listy, nadaj mu alias i zażądaj aliasu: nic się nie załaduje.",
      ),
      try: ['echo "blacklist kmalloc" >> /etc/modprobe.d/lab.conf', 'echo "alias mymem kmalloc" >> /etc/modprobe.d/lab.conf', 'modprobe mymem', 'lsmod'],
      checkpoint: {
        id: 'modprobe-conf/blacklist',
        goal: t(
          'Ask for a blacklisted module by an alias, and see that it is not loaded.',
          'Pide un módulo de la lista negra por un alias y comprueba que no se carga.',
          'Zażądaj modułu z czarnej listy przez alias i sprawdź, że nie został załadowany.',
        ),
        hint: t(
          'After the blacklist and alias lines, `modprobe mymem` prints nothing and lsmod has no kmalloc (rmmod it first if it is loaded).',
          'Tras las líneas blacklist y alias, `modprobe mymem` no imprime nada y lsmod no muestra kmalloc (si está cargado, antes haz rmmod).',
          'Po liniach blacklist i alias polecenie `modprobe mymem` nic nie wypisuje, a lsmod nie pokazuje kmalloc (jeśli jest załadowany, najpierw rmmod).',
        ),
        check: (ctx) => {
          const blacklisted = new Set(confEntries(ctx.kernel, 'blacklist').map(([name]) => name));
          const written = lastConfWrite(ctx, 'blacklist');
          return confEntries(ctx.kernel, 'alias').some(([name, module]) =>
            name !== undefined && module !== undefined && blacklisted.has(module) && !isLoaded(ctx.kernel, module)
            && lastTyped(ctx, loadTyped(name)) > written);
        },
      },
    },
    {
      text: t(
        "A blacklist does not stop a request by the module's own name: `modprobe kmalloc` loads it. `modprobe -c` prints the whole configuration modprobe sees, and `modprobe -r` removes what you loaded.",
        "La lista negra no impide pedir el módulo por su propio nombre: `modprobe kmalloc` lo carga. `modprobe -c` muestra toda la configuración que ve modprobe, y `modprobe -r` descarga lo que cargaste.",
        "Czarna lista nie blokuje żądania modułu pod jego własną nazwą: `modprobe kmalloc` go załaduje. `modprobe -c` wypisuje całą konfigurację widzianą przez modprobe, a `modprobe -r` usuwa to, co załadowałeś.",
      ),
      try: ['modprobe kmalloc', 'lsmod', 'modprobe -c', 'modprobe -r kmalloc hello paramdemo'],
      checkpoint: {
        id: 'modprobe-conf/by-name',
        goal: t(
          'Load the blacklisted module by its own name.',
          'Carga el módulo de la lista negra por su propio nombre.',
          'Załaduj moduł z czarnej listy pod jego własną nazwą.',
        ),
        hint: t('Type `modprobe kmalloc`.', 'Escribe `modprobe kmalloc`.', 'Wpisz `modprobe kmalloc`.'),
        check: ({ kernel }) => confEntries(kernel, 'blacklist').some(([name]) => name !== undefined && isLive(kernel, name)),
      },
    },
  ],
};
