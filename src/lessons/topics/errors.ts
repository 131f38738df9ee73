// Lesson 8: negative errno, the four return conventions with ERR_PTR, and the goto unwinding
// idiom (unwind.yaml), plus init's return value: positive (suspicious) and a callee's error.
import { allocationsOf, E, failedWith, inflight, isLive, isLoaded, logHas, nothingLeftOf, t } from '../checks';
import { ERRCODE, POSITIVE } from '../inline';
import type { Lesson } from '../types';

export const ERRORS: Lesson = {
  id: 'errors',
  title: t(
    'Errors: negative errno, ERR_PTR and goto unwinding',
    'Errores: errno negativo, ERR_PTR y limpieza con goto',
    'Błędy: ujemne errno, ERR_PTR i obsługa przez goto',
  ),
  summary: t(
    'See how kernel code reports errors and releases, in reverse order, what it already took.',
    'Ver cómo el código del kernel informa errores y libera, en orden inverso, lo que ya había tomado.',
    'Zobacz, jak kod jądra zgłasza błędy i zwalnia, w odwrotnej kolejności, to, co już zajął.',
  ),
  steps: [
    {
      text: t(
        "Kernel functions report errors as negated errno codes, -4095 to -1: `return -ENOMEM;`, never -1. There are four conventions: an int that is 0 or -E; a number where -4095..-1 means an error; a pointer that carries an error, made with `ERR_PTR(-E)`, tested with `IS_ERR` and read back with `PTR_ERR`; and a pointer that is NULL on failure, like kmalloc's, where the caller picks the code (-ENOMEM). unwind.yaml takes three resources, and its kmalloc of 64 pages fails. Build and load it.",
        "Las funciones del kernel informan los errores como códigos errno negados, de -4095 a -1: `return -ENOMEM;`, nunca -1. Hay cuatro convenciones: un int que vale 0 o -E; un número en el que -4095..-1 indica error; un puntero que lleva un error, creado con `ERR_PTR(-E)`, comprobado con `IS_ERR` y leído con `PTR_ERR`; y un puntero que es NULL si falla, como el de kmalloc, donde quien llama elige el código (-ENOMEM). unwind.yaml toma tres recursos, y su kmalloc de 64 páginas falla. Pulsa Build y cárgalo.",
        "Funkcje jądra zgłaszają błędy jako zanegowane kody errno, od -4095 do -1: `return -ENOMEM;`, nigdy -1. Są cztery konwencje: int równy 0 lub -E; liczba, w której -4095..-1 oznacza błąd; wskaźnik niosący błąd, tworzony przez `ERR_PTR(-E)`, sprawdzany przez `IS_ERR` i odczytywany przez `PTR_ERR`; oraz wskaźnik równy NULL w razie błędu, jak w kmalloc, gdzie wywołujący sam wybiera kod (-ENOMEM). unwind.yaml zajmuje trzy zasoby, a jego kmalloc na 64 strony się nie udaje. Naciśnij Build i załaduj moduł.",
      ),
      files: ['unwind.yaml'],
      try: ['insmod unwind.ko', 'lsmod', 'cat /proc/devices'],
      checkpoint: {
        id: 'errors/enomem',
        goal: t(
          'Load unwind and see it fail with -ENOMEM, leaving nothing behind.',
          'Carga unwind y observa cómo falla con -ENOMEM sin dejar nada atrás.',
          'Załaduj unwind i zobacz, że kończy się błędem -ENOMEM, nie zostawiając niczego po sobie.',
        ),
        hint: t(
          'Type `insmod unwind.ko`: Cannot allocate memory.',
          'Escribe `insmod unwind.ko`: Cannot allocate memory.',
          'Wpisz `insmod unwind.ko`: Cannot allocate memory.',
        ),
        check: (ctx) => failedWith(ctx, 'init_module', 'unwind', E.ENOMEM, /could not insert module \S*unwind\.ko: Cannot allocate memory/)
          && !isLoaded(ctx.kernel, 'unwind') && nothingLeftOf(ctx.kernel, 'unwind'),
      },
    },
    {
      text: t(
        "Why does nothing leak? Its init uses the lab's goto idiom: when c fails it jumps to `err_c`, which gives b back, falls through to `err_b`, which gives a back, and reaches `err_a`, which returns the error. Each label undoes, in reverse order, only what was already taken. Make unwind.yaml the active file, press Load and Step through init.",
        "¿Por qué no se pierde nada? Su init usa el patrón goto del taller: cuando c falla salta a `err_c`, que devuelve b, sigue hasta `err_b`, que devuelve a, y llega a `err_a`, que retorna el error. Cada etiqueta deshace, en orden inverso, solo lo que ya se había tomado. Deja unwind.yaml como archivo activo, pulsa Load y avanza con Step por init.",
        "Dlaczego nic nie wycieka? Jego init używa idiomu goto z laboratorium: gdy c się nie uda, skacze do `err_c`, która oddaje b, przechodzi dalej do `err_b`, która oddaje a, i dochodzi do `err_a`, która zwraca błąd. Każda etykieta cofa, w odwrotnej kolejności, tylko to, co już zostało zajęte. Ustaw unwind.yaml jako aktywny plik, naciśnij Load i przejdź przez init przyciskiem Step.",
      ),
      checkpoint: {
        id: 'errors/goto',
        goal: t(
          'Step through unwind\'s init until `goto err_c` is taken.',
          'Avanza por el init de unwind hasta que se tome `goto err_c`.',
          'Przejdź przez init modułu unwind, aż wykona się `goto err_c`.',
        ),
        hint: t(
          'Load, then Step; the statement after the kmalloc jumps.',
          'Pulsa Load y luego Step; la sentencia que sigue al kmalloc salta.',
          'Naciśnij Load, potem Step; instrukcja po kmalloc wykonuje skok.',
        ),
        check: ({ kernel }) => inflight(kernel, 'init_module', 'unwind')?.trace.some((s) => s.note === 'taken: goto err_c') === true,
      },
    },
    {
      text: t(
        "Press Run to finish. Now change the kmalloc size to 4096, Build and load it again: all three resources are taken and init returns 0. /proc/devices lists its character device.",
        "Pulsa Run para terminar. Ahora cambia el tamaño del kmalloc a 4096, pulsa Build y cárgalo otra vez: se toman los tres recursos e init retorna 0. /proc/devices muestra su dispositivo de caracteres.",
        "Naciśnij Run, aby dokończyć. Teraz zmień rozmiar w kmalloc na 4096, naciśnij Build i załaduj moduł ponownie: wszystkie trzy zasoby zostają zajęte, a init zwraca 0. /proc/devices pokazuje jego urządzenie znakowe.",
      ),
      try: ['insmod unwind.ko', 'cat /proc/devices'],
      checkpoint: {
        id: 'errors/fixed',
        goal: t(
          'Load unwind with all three resources taken.',
          'Carga unwind con los tres recursos tomados.',
          'Załaduj unwind ze wszystkimi trzema zasobami.',
        ),
        hint: t(
          'Edit `size: 262144` to `size: 4096`, Build, then `insmod unwind.ko`.',
          'Cambia `size: 262144` por `size: 4096`, pulsa Build y luego `insmod unwind.ko`.',
          'Zmień `size: 262144` na `size: 4096`, naciśnij Build, potem `insmod unwind.ko`.',
        ),
        check: ({ kernel }) => isLive(kernel, 'unwind')
          && allocationsOf(kernel, 'unwind').some((a) => a.kind === 'kmalloc')
          && Object.values(kernel.caches).some((c) => c.owner === 'unwind')
          && Object.values(kernel.chrdevs).some((d) => d.module === 'unwind'),
      },
    },
    {
      text: t(
        "exit must undo everything init did, in reverse order: kfree(c), unregister the device, destroy the cache. When init fails, exit is never called: that is why init cleans up after itself.",
        "exit debe deshacer todo lo que hizo init, en orden inverso: kfree(c), dar de baja el dispositivo, destruir la caché. Cuando init falla, exit nunca se llama: por eso init limpia lo suyo.",
        "exit musi odwrócić wszystko, co zrobiła init, w odwrotnej kolejności: kfree(c), wyrejestrowanie urządzenia, zniszczenie prywatnej sterty. Gdy init się nie powiedzie, exit nie jest wywoływana: dlatego init sama po sobie sprząta.",
      ),
      try: ['rmmod unwind', 'cat /proc/devices'],
      checkpoint: {
        id: 'errors/released',
        goal: t(
          'Unload unwind so that exit releases all three resources.',
          'Descarga unwind para que exit libere los tres recursos.',
          'Usuń unwind, tak aby exit zwolniła wszystkie trzy zasoby.',
        ),
        hint: t('Type `rmmod unwind`.', 'Escribe `rmmod unwind`.', 'Wpisz `rmmod unwind`.'),
        check: ({ kernel }) => kernel.lastUnloaded === 'unwind' && !isLoaded(kernel, 'unwind') && nothingLeftOf(kernel, 'unwind'),
      },
    },
    {
      text: t(
        "init must return 0 or a negative errno. positive.yaml returns 1: Linux 6.1 loads it anyway, but warns with a stack dump that it \"suspiciously returned 1\".",
        "init debe retornar 0 o un errno negativo. positive.yaml retorna 1: Linux 6.1 lo carga de todos modos, pero avisa con un volcado de pila que \"suspiciously returned 1\".",
        "init musi zwrócić 0 albo ujemne errno. positive.yaml zwraca 1: Linux 6.1 i tak go ładuje, ale ostrzega zrzutem stosu, że init \"suspiciously returned 1\".",
      ),
      inlineFiles: [POSITIVE],
      try: ['insmod positive.ko', 'dmesg | tail -12'],
      checkpoint: {
        id: 'errors/positive',
        goal: t(
          'Load a module whose init returns a positive value.',
          'Carga un módulo cuyo init retorna un valor positivo.',
          'Załaduj moduł, którego init zwraca wartość dodatnią.',
        ),
        hint: t('Build, then `insmod positive.ko`.', 'Pulsa Build y luego `insmod positive.ko`.', 'Naciśnij Build, potem `insmod positive.ko`.'),
        check: ({ kernel }) => logHas(kernel, /->init suspiciously returned \d+, it should follow 0\/-E convention/),
      },
    },
    {
      text: t(
        "Pass a callee's error up unchanged. errcode.yaml calls kstrtoint, which fails with -EINVAL; init returns that code, so the load fails and insmod puts -EINVAL in its own words: Invalid parameters. Returning -1 instead, or a made-up code, hides what went wrong.",
        "Propaga el error de la función llamada sin cambiarlo. errcode.yaml llama a kstrtoint, que falla con -EINVAL; init retorna ese código, así que la carga falla e insmod traduce -EINVAL con sus propias palabras: Invalid parameters. Retornar -1, o un código inventado, oculta lo que salió mal.",
        "Przekaż błąd wywołanej funkcji wyżej bez zmian. errcode.yaml wywołuje kstrtoint, która zwraca -EINVAL; init zwraca ten kod, więc ładowanie się nie udaje, a insmod opisuje -EINVAL własnymi słowami: Invalid parameters. Zwrócenie -1 albo zmyślonego kodu ukrywa, co się stało.",
      ),
      inlineFiles: [ERRCODE],
      try: ['insmod errcode.ko', 'dmesg | tail -1', 'rmmod positive'],
      checkpoint: {
        id: 'errors/passed-up',
        goal: t(
          'Make errcode\'s init pass kstrtoint\'s error up.',
          'Haz que el init de errcode propague el error de kstrtoint.',
          'Spraw, by init modułu errcode przekazał wyżej błąd kstrtoint.',
        ),
        hint: t('Build, then `insmod errcode.ko`.', 'Pulsa Build y luego `insmod errcode.ko`.', 'Naciśnij Build, potem `insmod errcode.ko`.'),
        check: ({ kernel }) => logHas(kernel, /^errcode: kstrtoint failed: -\d+$/) && !isLoaded(kernel, 'errcode'),
      },
    },
  ],
};
