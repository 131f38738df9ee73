// Lesson 1: what a module is, and the lecture's hello-world module.
import { fileText, isLive, isLoaded, logHas, t } from '../checks';
import type { Lesson } from '../types';
import { logRecords } from '../../kernel/log';

export const HELLO: Lesson = {
  id: 'hello',
  title: t('What a module is: hello world', 'Qué es un módulo: hola mundo', 'Czym jest moduł jądra: hello world'),
  summary: t(
    'Build the hello-world module, load it, read its message in the kernel log and remove it.',
    'Compilar el módulo hola mundo, cargarlo, leer su mensaje en el log del kernel y descargarlo.',
    'Zbuduj moduł hello world, załaduj go, przeczytaj jego komunikat w logu jądra i usuń go.',
  ),
  steps: [
    {
      text: t(
        "A module is relocatable code and data that can be inserted into the running kernel and removed again, without a reboot (the kernel must be built with `CONFIG_MODULES`). Device drivers, file systems and network filters are typical modules. A module is stored as an object file, `.ko`. In the editor, `hello.yaml` is the lecture's hello-world module written as a manifest: a licence, an `init` function and an `exit` function. Press Build: `make` turns it into `/root/hello.ko`.",
        "Un módulo es código y datos reubicables que se insertan en el kernel en tiempo de ejecución y se eliminan sin reiniciar (el kernel debe estar compilado con la opción `CONFIG_MODULES`). Los drivers, los sistemas de archivos y los filtros de red suelen ser módulos. Un módulo se guarda como un archivo objeto `.ko`. En el editor, `hello.yaml` es el módulo hola mundo de la clase escrito como manifiesto: una licencia, una función `init` y una función `exit`. Pulsa Build: `make` lo convierte en `/root/hello.ko`.",
        "Moduł to relokowalny kod i dane, które można wstawić do działającego jądra i usunąć bez restartu (jądro musi być skompilowane z opcją `CONFIG_MODULES`). Modułami są np. sterowniki urządzeń, systemy plików i filtry sieciowe. Moduł jest zapisany jako plik obiektowy `.ko`. W edytorze `hello.yaml` to moduł hello world z wykładu zapisany jako manifest: licencja, funkcja `init` i funkcja `exit`. Naciśnij Build: `make` zbuduje z niego `/root/hello.ko`.",
      ),
      files: ['hello.yaml'],
      try: ['ls'],
      checkpoint: {
        id: 'hello/built',
        goal: t('Build hello.ko.', 'Compila hello.ko.', 'Zbuduj hello.ko.'),
        hint: t(
          'Press Build; the Terminal shows `LD [M]  /root/hello.ko`.',
          'Pulsa Build; la Terminal muestra `LD [M]  /root/hello.ko`.',
          'Naciśnij Build; w Terminalu pojawi się `LD [M]  /root/hello.ko`.',
        ),
        check: ({ kernel }) => fileText(kernel, '/root/hello.ko') !== undefined,
      },
    },
    {
      text: t(
        "`insmod` loads a `.ko` file: the kernel links it to its own symbols and calls its `init` function. `printk` writes to the kernel log, which `dmesg` prints. `init` returned 0, so the module stays in the kernel.",
        "`insmod` carga un archivo `.ko`: el kernel lo enlaza con sus propios símbolos y llama a su función `init`. `printk` escribe en el log del kernel, que muestra `dmesg`. `init` devolvió 0, así que el módulo queda cargado en el kernel.",
        "`insmod` ładuje plik `.ko`: jądro łączy go ze swoimi symbolami i wywołuje jego funkcję `init`. `printk` pisze do logu jądra, który wypisuje `dmesg`. `init` zwróciła 0, więc moduł zostaje w jądrze.",
      ),
      try: ['insmod hello.ko', 'dmesg'],
      checkpoint: {
        id: 'hello/loaded',
        goal: t(
          'Load hello and find its greeting in the kernel log.',
          'Carga hello y encuentra su saludo en el log del kernel.',
          'Załaduj hello i znajdź jego powitanie w logu jądra.',
        ),
        hint: t(
          'Type `insmod hello.ko`, then `dmesg`: the last line reads Hello, world.',
          'Escribe `insmod hello.ko` y luego `dmesg`: la última línea dice Hello, world.',
          'Wpisz `insmod hello.ko`, a potem `dmesg`: ostatnia linia to Hello, world.',
        ),
        check: ({ kernel }) => isLive(kernel, 'hello') && logHas(kernel, 'Hello, world'),
      },
    },
    {
      text: t(
        "`lsmod` lists the loaded modules, newest first, with their size and how many users they have. It reads `/proc/modules`, which also shows the state (Live) and the taint flags: (OE) means out-of-tree and unsigned. `modinfo` prints what the `.ko` file says about itself: licence, vermagic, parameters.",
        "`lsmod` lista los módulos cargados, el más nuevo primero, con su tamaño y cuántos usuarios tienen. Lee `/proc/modules`, que además muestra el estado (Live) y las marcas de taint: (OE) significa fuera del árbol del kernel y sin firma. `modinfo` muestra lo que el archivo `.ko` dice de sí mismo: licencia, vermagic, parámetros.",
        "`lsmod` wypisuje załadowane moduły, od najnowszego, z ich rozmiarem i liczbą użytkowników. Czyta `/proc/modules`, gdzie widać też stan (Live) i flagi skażenia jądra: (OE) oznacza moduł spoza drzewa jądra i bez podpisu. `modinfo` wypisuje opis zapisany w pliku `.ko`: licencję, vermagic, parametry.",
      ),
      try: ['lsmod', 'cat /proc/modules', 'modinfo hello.ko'],
      checkpoint: {
        id: 'hello/listed',
        goal: t('Find hello in the list of loaded modules.', 'Encuentra hello en la lista de módulos cargados.', 'Znajdź hello na liście załadowanych modułów.'),
        hint: t('Type `lsmod`.', 'Escribe `lsmod`.', 'Wpisz `lsmod`.'),
        check: ({ output }) => /^hello +\d+ +\d+/m.test(output),
      },
    },
    {
      text: t(
        "`rmmod hello` removes it. The kernel calls `exit` first, which prints the farewell, then frees the module's memory. `rmmod` takes the module's name, not the file name.",
        "`rmmod hello` lo descarga. El kernel llama primero a `exit`, que imprime la despedida, y después libera la memoria del módulo. `rmmod` recibe el nombre del módulo, no el del archivo.",
        "`rmmod hello` usuwa moduł. Jądro najpierw wywołuje `exit`, która wypisuje pożegnanie, a potem zwalnia pamięć modułu. `rmmod` przyjmuje nazwę modułu, a nie nazwę pliku.",
      ),
      try: ['rmmod hello', 'dmesg | tail -1', 'lsmod'],
      checkpoint: {
        id: 'hello/removed',
        goal: t('Remove hello so that its exit function runs.', 'Descarga hello para que se ejecute su función exit.', 'Usuń hello, tak aby wykonała się jego funkcja exit.'),
        hint: t(
          'Type `rmmod hello`; dmesg then ends with Goodbye, cruel world.',
          'Escribe `rmmod hello`; dmesg termina entonces con Goodbye, cruel world.',
          'Wpisz `rmmod hello`; dmesg kończy się wtedy linią Goodbye, cruel world.',
        ),
        check: ({ kernel }) => !isLoaded(kernel, 'hello') && logHas(kernel, 'Goodbye, cruel world'),
      },
    },
    {
      text: t(
        "Every printk starts with a level, from `KERN_EMERG` (0) to `KERN_DEBUG` (7); note there is no comma after it. Messages more urgent than `console_loglevel`, the first number in `/proc/sys/kernel/printk`, also go straight to the console. In hello.yaml change `KERN_ALERT` to `KERN_INFO` in init, Build, load it again and filter the log by level.",
        "Cada printk empieza con un nivel, de `KERN_EMERG` (0) a `KERN_DEBUG` (7); fíjate que no lleva coma después. Los mensajes más urgentes que `console_loglevel`, el primer número de `/proc/sys/kernel/printk`, también salen directamente por la consola. En hello.yaml cambia `KERN_ALERT` por `KERN_INFO` en init, pulsa Build, cárgalo de nuevo y filtra el log por nivel.",
        "Każde wywołanie printk zaczyna się od priorytetu, od `KERN_EMERG` (0) do `KERN_DEBUG` (7); zwróć uwagę na brak przecinka po nim. Komunikaty pilniejsze niż `console_loglevel`, pierwsza liczba w `/proc/sys/kernel/printk`, trafiają też od razu na konsolę. W hello.yaml zmień w init `KERN_ALERT` na `KERN_INFO`, naciśnij Build, załaduj moduł ponownie i przefiltruj log według priorytetu.",
      ),
      try: ['cat /proc/sys/kernel/printk', 'insmod hello.ko', 'dmesg -l info', 'rmmod hello'],
      checkpoint: {
        id: 'hello/info',
        goal: t(
          'Make hello greet at level KERN_INFO.',
          'Haz que hello salude con el nivel KERN_INFO.',
          'Spraw, by hello witał się z priorytetem KERN_INFO.',
        ),
        hint: t(
          'Edit the printk in init (`level: KERN_INFO`), Build, then `insmod hello.ko` (rmmod it first if it is loaded).',
          'Edita el printk de init (`level: KERN_INFO`), pulsa Build y luego `insmod hello.ko` (antes haz rmmod si está cargado).',
          'Zmień printk w init (`level: KERN_INFO`), naciśnij Build, potem `insmod hello.ko` (najpierw rmmod, jeśli jest załadowany).',
        ),
        check: ({ kernel }) => logRecords(kernel.log).some((r) => r.level === 6 && /hello/i.test(r.text)),
      },
    },
  ],
};
