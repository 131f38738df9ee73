// Lesson 3: sys_delete_module's 14 steps, the per-CPU reference counters of the seed's 2.6
// kernel, stop_machine(), and modules_which_use_me.
import { E, failedWith, inflight, isLoaded, logHas, mod, refSum, t } from '../checks';
import type { Lesson } from '../types';

export const UNLOADING: Lesson = {
  id: 'unloading',
  title: t(
    'Unloading: reference counts and stop_machine',
    'Descarga: contadores de referencias y stop_machine',
    'Usuwanie: licznik odwołań i stop_machine',
  ),
  summary: t(
    'Hold a module through an open device, watch the per-CPU counters, and unload it step by step.',
    'Retener un módulo con un dispositivo abierto, observar los contadores por CPU y descargarlo paso a paso.',
    'Zablokuj moduł otwartym urządzeniem, obserwuj liczniki procesorów i usuń go krok po kroku.',
  ),
  steps: [
    {
      text: t(
        "A module must not go away while part of the kernel is using it. chardev.yaml registers a character device; opening the device calls try_module_get(), which adds 1 to the module's counter on the CPU doing the open. Build, load it, create the device file with the major number dmesg shows, and open it as file descriptor 3 of the shell.",
        "Un módulo no puede descargarse mientras otra parte del kernel lo está usando. chardev.yaml registra un dispositivo de caracteres; al abrirlo se llama a try_module_get(), que suma 1 al contador del módulo en la CPU que hace la apertura. Pulsa Build, cárgalo, crea el archivo de dispositivo con el número mayor que muestra dmesg y ábrelo como descriptor 3 de la shell.",
        "Moduł nie może zniknąć, dopóki jakaś część jądra go używa. chardev.yaml rejestruje urządzenie znakowe; otwarcie urządzenia wywołuje try_module_get(), które zwiększa o 1 licznik modułu na procesorze wykonującym otwarcie. Naciśnij Build, załaduj moduł, utwórz plik urządzenia z numerem głównym (major) pokazanym przez dmesg i otwórz go jako deskryptor 3 powłoki.",
      ),
      files: ['chardev.yaml'],
      try: ['insmod chardev.ko', 'dmesg | tail -1', 'mknod /dev/chardev c 254 0', 'exec 3< /dev/chardev', 'cat /sys/module/chardev/refcnt'],
      checkpoint: {
        id: 'unloading/held',
        goal: t(
          'Keep /dev/chardev open so that chardev has a reference count of 1.',
          'Mantén /dev/chardev abierto para que chardev tenga un contador de referencias de 1.',
          'Trzymaj otwarte /dev/chardev, tak aby licznik odwołań chardev wynosił 1.',
        ),
        hint: t(
          '`exec 3< /dev/chardev` opens it and keeps it open; the Reference counts panel names the holder.',
          '`exec 3< /dev/chardev` lo abre y lo deja abierto; el panel Reference counts muestra quién lo retiene.',
          '`exec 3< /dev/chardev` otwiera urządzenie i zostawia je otwarte; panel Reference counts pokazuje, kto je trzyma.',
        ),
        check: ({ kernel }) => {
          const m = mod(kernel, 'chardev');
          return m !== undefined && kernel.holders.some((h) => h.module === 'chardev') && refSum(m) >= 1;
        },
      },
    },
    {
      text: t(
        "`rmmod chardev` refuses: the sum of the counters is not 0. In the seed's 2.6 kernel every CPU has its own counter, so a reference can be taken on one CPU and dropped on another. Move the shell to CPU 2 and close the file there: the Reference counts panel shows +1 on CPU 0 and −1 on CPU 2. Only the sum matters.",
        "`rmmod chardev` se niega: la suma de los contadores no es 0. En el kernel 2.6 de la clase cada CPU tiene su propio contador, así que una referencia puede tomarse en una CPU y soltarse en otra. Mueve la shell a la CPU 2 y cierra allí el archivo: el panel Reference counts muestra +1 en la CPU 0 y −1 en la CPU 2. Solo importa la suma.",
        "`rmmod chardev` odmawia: suma liczników nie jest równa 0. W jądrze 2.6 z wykładu każdy procesor ma własny licznik, więc odwołanie można wziąć na jednym procesorze, a oddać na innym. Przenieś powłokę na procesor 2 i tam zamknij plik: panel Reference counts pokaże +1 na procesorze 0 i −1 na procesorze 2. Liczy się tylko suma.",
      ),
      try: ['rmmod chardev', 'taskset -pc 2 $$', 'exec 3<&-', 'cat /sys/module/chardev/refcnt'],
      checkpoint: {
        id: 'unloading/percpu',
        goal: t(
          'Close the device on another CPU, so that chardev\'s per-CPU counters cancel out.',
          'Cierra el dispositivo en otra CPU, de modo que los contadores por CPU de chardev se anulen.',
          'Zamknij urządzenie na innym procesorze, tak aby liczniki procesorów chardev się zniosły.',
        ),
        hint: t(
          'Open on CPU 0, `taskset -pc 2 $$`, then `exec 3<&-`. With the 6.1 single-counter setting there is only one counter.',
          'Abre en la CPU 0, `taskset -pc 2 $$` y luego `exec 3<&-`. Con el ajuste de contador único de 6.1 hay un solo contador.',
          'Otwórz na procesorze 0, wykonaj `taskset -pc 2 $$`, potem `exec 3<&-`. Przy ustawieniu jednego licznika z 6.1 licznik jest tylko jeden.',
        ),
        check: ({ kernel }) => {
          const m = mod(kernel, 'chardev');
          return m !== undefined && m.refs.some((r) => r < 0) && refSum(m) === 0;
        },
      },
    },
    {
      text: t(
        "Now unload it step by step: select chardev in Modules, press Unload, then Step. 1–3: check the permission, copy the name, find the module. 4: is its used-by list empty? 5: is it LIVE? 6: if it has an init function, does it have an exit one? 7: to avoid race conditions, stop_machine() halts every CPU except the one running sys_delete_module().",
        "Ahora descárgalo paso a paso: selecciona chardev en Modules, pulsa Unload y después Step. 1–3: verifica los permisos, copia el nombre, busca el módulo. 4: ¿está vacía su lista de usuarios? 5: ¿está en LIVE? 6: si tiene función init, ¿tiene también exit? 7: para evitar condiciones de carrera, stop_machine() detiene todas las CPU excepto la que ejecuta sys_delete_module().",
        "Teraz usuń go krok po kroku: zaznacz chardev w Modules, naciśnij Unload, potem Step. 1–3: sprawdź uprawnienia, skopiuj nazwę, znajdź moduł. 4: czy lista jego użytkowników jest pusta? 5: czy jest w stanie LIVE? 6: jeśli ma funkcję init, to czy ma też exit? 7: aby uniknąć wyścigów, stop_machine() zatrzymuje wszystkie procesory poza tym, który wykonuje sys_delete_module().",
      ),
      checkpoint: {
        id: 'unloading/stopped',
        goal: t(
          'Pause the unload at step 7, while the other CPUs are halted.',
          'Detén la descarga en el paso 7, mientras las demás CPU están paradas.',
          'Zatrzymaj usuwanie w kroku 7, gdy pozostałe procesory stoją.',
        ),
        hint: t(
          'Unload chardev and press Step until stop_machine() is done.',
          'Pulsa Unload sobre chardev y luego Step hasta que termine stop_machine().',
          'Naciśnij Unload dla chardev, a potem Step, aż wykona się stop_machine().',
        ),
        check: ({ kernel }) => inflight(kernel, 'delete_module', 'chardev') !== undefined && kernel.cpusStopped,
      },
    },
    {
      text: t(
        "8–9: if the sum of the counters is above 0, return an error (and let the CPUs run again); otherwise the state becomes `MODULE_STATE_GOING`. 10: run `exit`. 11: unlink the module from `modules`. 12: remove it from the used-by lists of the modules it used. 13: free its memory. 14: return 0. Press Run to finish.",
        "8–9: si la suma de los contadores es mayor que cero, retorna un error (y las CPU vuelven a correr); si no, el estado pasa a `MODULE_STATE_GOING`. 10: ejecuta `exit`. 11: da de baja el módulo de la lista `modules`. 12: lo quita de las listas de usuarios de los módulos que usaba. 13: libera su memoria. 14: retorna cero. Pulsa Run para terminar.",
        "8–9: jeśli suma liczników jest większa od 0, zwróć błąd (i wznów procesory); w przeciwnym razie stan zmienia się na `MODULE_STATE_GOING`. 10: wykonaj `exit`. 11: odłącz moduł od listy `modules`. 12: usuń go z list użytkowników modułów, których używał. 13: zwolnij jego pamięć. 14: zwróć 0. Naciśnij Run, aby dokończyć.",
      ),
      checkpoint: {
        id: 'unloading/done',
        goal: t(
          'Finish the unload: exit has run and chardev is gone.',
          'Termina la descarga: exit se ejecutó y chardev ya no está.',
          'Dokończ usuwanie: exit się wykonała i chardev zniknął.',
        ),
        hint: t('Press Run, or keep pressing Step.', 'Pulsa Run, o sigue pulsando Step.', 'Naciśnij Run albo dalej naciskaj Step.'),
        check: ({ kernel }) => !isLoaded(kernel, 'chardev') && !Object.values(kernel.chrdevs).some((d) => d.module === 'chardev') && logHas(kernel, 'chardev: unregistered'),
      },
    },
    {
      text: t(
        "Modules hold each other too. user.yaml calls `moja_funkcja`, which exporter.yaml exports. Load both: exporter's `modules_which_use_me` list now holds user, so step 4 refuses to remove exporter although no process uses it. Remove them in reverse order.",
        "Los módulos también se retienen entre sí. user.yaml llama a `moja_funkcja`, que exporta exporter.yaml. Carga ambos: la lista `modules_which_use_me` de exporter contiene ahora a user, así que el paso 4 se niega a descargar exporter aunque ningún proceso lo use. Descárgalos en orden inverso.",
        "Moduły blokują się też nawzajem. user.yaml wywołuje `moja_funkcja`, którą eksportuje exporter.yaml. Załaduj oba: lista `modules_which_use_me` modułu exporter zawiera teraz user, więc krok 4 odmawia usunięcia exportera, choć nie używa go żaden proces. Usuń je w odwrotnej kolejności.",
      ),
      files: ['exporter.yaml', 'user.yaml'],
      try: ['insmod exporter.ko', 'insmod user.ko', 'lsmod', 'rmmod exporter', 'rmmod user', 'rmmod exporter'],
      checkpoint: {
        id: 'unloading/used-by',
        goal: t(
          'Try to remove exporter while user uses it.',
          'Intenta descargar exporter mientras user lo usa.',
          'Spróbuj usunąć exporter, gdy używa go user.',
        ),
        hint: t(
          'Load exporter, then user, then `rmmod exporter`: it is in use by user. Remove user first.',
          'Carga exporter, luego user, y después `rmmod exporter`: está en uso por user. Descarga primero user.',
          'Załaduj exporter, potem user, a następnie `rmmod exporter`: moduł jest używany przez user. Najpierw usuń user.',
        ),
        check: (ctx) => mod(ctx.kernel, 'exporter')?.usedBy.includes('user') === true
          && (/Module exporter is in use by: user/.test(ctx.output) || failedWith(ctx, 'delete_module', 'exporter', E.EWOULDBLOCK, /could not remove module exporter: Resource temporarily unavailable/)),
      },
    },
  ],
};
