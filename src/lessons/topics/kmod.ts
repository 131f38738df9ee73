// Lesson 10: kmod, loading on demand: request_module() runs /sbin/modprobe in a kernel thread.
import { isLive, logHas, t } from '../checks';
import { ONDEMAND } from '../inline';
import type { Lesson } from '../types';

export const KMOD: Lesson = {
  id: 'kmod',
  title: t('kmod: loading modules on demand', 'kmod: carga de módulos bajo demanda', 'kmod: ładowanie modułów na żądanie'),
  summary: t(
    'Let the kernel itself ask for a module with request_module(), and watch modprobe run for it.',
    'Dejar que el propio kernel pida un módulo con request_module() y ver cómo se ejecuta modprobe para él.',
    'Pozwól jądru samemu zażądać modułu przez request_module() i zobacz, jak uruchamia dla niego modprobe.',
  ),
  steps: [
    {
      text: t(
        "A module can be loaded automatically when the service it provides is needed. The kernel calls `request_module(name)`; kmod creates a kernel thread that runs /sbin/modprobe (the path is in /proc/sys/kernel/modprobe), which takes care of the dependencies. ondemand.yaml asks for `mydriver` in its init and prints what request_module returned. Nothing is called mydriver yet: Build and load it.",
        "Un módulo puede cargarse automáticamente cuando se necesita la funcionalidad que provee. El kernel llama a `request_module(name)`; kmod crea un kernel thread que ejecuta /sbin/modprobe (la ruta está en /proc/sys/kernel/modprobe), que tiene en cuenta las dependencias. ondemand.yaml pide `mydriver` en su init e imprime lo que retornó request_module. Todavía nada se llama mydriver: pulsa Build y cárgalo.",
        "Moduł może zostać załadowany automatycznie, gdy potrzebna jest usługa, którą dostarcza. Jądro wywołuje `request_module(name)`; kmod tworzy wątek jądra, który uruchamia /sbin/modprobe (ścieżka jest w /proc/sys/kernel/modprobe), a ten dba o zależności. ondemand.yaml w swojej funkcji init żąda modułu `mydriver` i wypisuje, co zwróciło request_module. Nic jeszcze nie nazywa się mydriver: naciśnij Build i załaduj moduł.",
      ),
      files: ['hello.yaml'],
      inlineFiles: [ONDEMAND],
      try: ['cat /proc/sys/kernel/modprobe', 'insmod ondemand.ko', 'dmesg | tail -1'],
      checkpoint: {
        id: 'kmod/not-found',
        goal: t(
          'See request_module fail for a name modprobe cannot find.',
          'Observa cómo falla request_module con un nombre que modprobe no encuentra.',
          'Zobacz, jak request_module zawodzi dla nazwy, której modprobe nie znajduje.',
        ),
        hint: t(
          'Load ondemand; dmesg shows a non-zero result: 256 is modprobe\'s exit status 1, shifted left by 8.',
          'Carga ondemand; dmesg muestra un resultado distinto de cero: 256 es el código de salida 1 de modprobe desplazado 8 bits a la izquierda.',
          'Załaduj ondemand; dmesg pokaże wynik różny od zera: 256 to kod wyjścia 1 modprobe przesunięty o 8 bitów w lewo.',
        ),
        check: ({ kernel }) => logHas(kernel, /^ondemand: request_module\(mydriver\) returned [1-9]\d*$/),
      },
    },
    {
      text: t(
        "Give the name a meaning: install the modules where modprobe looks and make `mydriver` an alias of hello, just as the lab's `alias eth0 ne2k-pci` names a network card's driver. Load ondemand again: modprobe, started by the kernel, loads hello, and request_module returns 0.",
        "Dale un significado al nombre: instala los módulos donde busca modprobe y haz de `mydriver` un alias de hello, igual que el `alias eth0 ne2k-pci` del taller nombra el driver de una tarjeta de red. Carga ondemand otra vez: modprobe, lanzado por el kernel, carga hello y request_module retorna 0.",
        "Nadaj tej nazwie znaczenie: zainstaluj moduły tam, gdzie szuka modprobe, i zrób z `mydriver` alias modułu hello, tak jak `alias eth0 ne2k-pci` z laboratorium wskazuje sterownik karty sieciowej. Załaduj ondemand ponownie: modprobe, uruchomiony przez jądro, ładuje hello, a request_module zwraca 0.",
      ),
      try: [
        'make modules_install',
        'echo "alias mydriver hello" > /etc/modprobe.d/ondemand.conf',
        'rmmod ondemand',
        'insmod ondemand.ko',
        'lsmod',
        'dmesg | tail -2',
      ],
      checkpoint: {
        id: 'kmod/loaded',
        goal: t(
          'Have the kernel load hello on ondemand\'s request.',
          'Haz que el kernel cargue hello a petición de ondemand.',
          'Spraw, by jądro załadowało hello na żądanie modułu ondemand.',
        ),
        hint: t(
          'Install, add the alias, then reload ondemand (if hello is loaded, rmmod it first).',
          'Instala, agrega el alias y recarga ondemand (si hello está cargado, antes haz rmmod).',
          'Zainstaluj moduły, dodaj alias i załaduj ondemand ponownie (jeśli hello jest załadowany, najpierw rmmod).',
        ),
        check: ({ kernel }) => isLive(kernel, 'ondemand') && isLive(kernel, 'hello') && logHas(kernel, 'ondemand: request_module(mydriver) returned 0'),
      },
    },
    {
      text: t(
        "Watch it happen: remove both, make ondemand.yaml the active file, press Load and Step. At request_module, init waits: the kernel thread runs modprobe, and modprobe's own init_module is a second system call inside the first one. Press Step again to let it run, then Run.",
        "Míralo paso a paso: descarga ambos, deja ondemand.yaml como archivo activo, pulsa Load y Step. En request_module, init espera: el kernel thread ejecuta modprobe, y el init_module del propio modprobe es una segunda syscall dentro de la primera. Pulsa Step otra vez para que corra, y luego Run.",
        "Zobacz to krok po kroku: usuń oba moduły, ustaw ondemand.yaml jako aktywny plik, naciśnij Load i Step. Przy request_module init czeka: wątek jądra uruchamia modprobe, a init_module samego modprobe to drugie wywołanie systemowe wewnątrz pierwszego. Naciśnij Step ponownie, by modprobe się wykonał, a potem Run.",
      ),
      try: ['rmmod ondemand hello'],
      checkpoint: {
        id: 'kmod/waiting',
        goal: t(
          'Pause while ondemand\'s init waits for modprobe.',
          'Detente mientras el init de ondemand espera a modprobe.',
          'Zatrzymaj się, gdy init modułu ondemand czeka na modprobe.',
        ),
        hint: t(
          'Load ondemand.yaml and press Step until the Steps panel reaches request_module.',
          'Carga ondemand.yaml y pulsa Step hasta que el panel Steps llegue a request_module.',
          'Załaduj ondemand.yaml i naciskaj Step, aż panel Steps dojdzie do request_module.',
        ),
        check: ({ kernel }) => kernel.umh !== null && kernel.umh.argv.includes('mydriver'),
      },
    },
    {
      text: t(
        "In C: `#include <linux/kmod.h>` and `request_module(\"mydriver\");`. The kernel does the same when a program opens a device whose driver is not loaded: it stops the program, asks for the module, and carries on. The counterpart is the reference count: a driver sets `.owner = THIS_MODULE` in its file_operations, so the kernel holds the module while its device is open (lesson 3).",
        "En C: `#include <linux/kmod.h>` y `request_module(\"mydriver\");`. El kernel hace lo mismo cuando un programa abre un dispositivo cuyo driver no está cargado: detiene el programa, pide el módulo y continúa. La contrapartida es el contador de referencias: un driver pone `.owner = THIS_MODULE` en su file_operations, así el kernel retiene el módulo mientras su dispositivo esté abierto (lección 3).",
        "W C: `#include <linux/kmod.h>` i `request_module(\"mydriver\");`. Jądro robi to samo, gdy program otwiera urządzenie, którego sterownik nie jest załadowany: wstrzymuje program, żąda modułu i kontynuuje. Drugą stroną jest licznik odwołań: sterownik wpisuje `.owner = THIS_MODULE` do swojej struktury file_operations, dzięki czemu jądro trzyma moduł, dopóki jego urządzenie jest otwarte (lekcja 3).",
      ),
      try: ['lsmod', 'rmmod ondemand hello'],
    },
  ],
};
