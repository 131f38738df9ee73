// Lesson 2: sys_init_module's 14 steps (the lecture's "Carga de módulos del kernel"), stepped
// through with Load and Step, and the two early refusals: -EEXIST and -EPERM.
import { E, failedWith, inflight, mod, refSum, t } from '../checks';
import type { KernelState } from '../../kernel/types';
import type { Lesson } from '../types';

/** The module of an init_module in flight on `name`, in the given state. */
function loadingIn(k: KernelState, name: string, state: string): boolean {
  return inflight(k, 'init_module', name) !== undefined && mod(k, name)?.state === state;
}

export const LOADING: Lesson = {
  id: 'loading',
  title: t('Loading step by step: the 14 steps', 'Carga paso a paso: los 14 pasos', 'Ładowanie krok po kroku: 14 kroków'),
  summary: t(
    'Follow sys_init_module() one step at a time, and see where it refuses a module.',
    'Seguir sys_init_module() paso a paso y ver dónde rechaza un módulo.',
    'Prześledź sys_init_module() krok po kroku i zobacz, gdzie odrzuca moduł.',
  ),
  steps: [
    {
      text: t(
        "`insmod` itself does little: it reads the file name from the command line, reads the `.ko` file (it does not search /lib/modules: give it a path) and calls the `init_module()` system call with the image, its length and the parameters. The real work is done by `sys_init_module()`, in 14 steps. Open hello.yaml and make sure hello is not loaded.",
        "`insmod` hace poco por sí mismo: lee de la línea de comandos el nombre del archivo, lee el archivo `.ko` (no busca en /lib/modules: hay que darle la ruta) e invoca la syscall `init_module()` con la imagen, su largo y los parámetros. El trabajo real lo hace `sys_init_module()`, en 14 pasos. Abre hello.yaml y comprueba que hello no esté cargado.",
        "`insmod` sam robi niewiele: czyta nazwę pliku z linii poleceń, wczytuje plik `.ko` (nie szuka go w /lib/modules: trzeba podać ścieżkę) i wywołuje funkcję systemową `init_module()`, przekazując obraz modułu, jego długość i parametry. Właściwą pracę wykonuje `sys_init_module()` w 14 krokach. Otwórz hello.yaml i upewnij się, że hello nie jest załadowany.",
      ),
      files: ['hello.yaml'],
      try: ['lsmod'],
    },
    {
      text: t(
        "Press Load, then Step, and watch the Steps panel. 1: may the caller load modules (CAP_SYS_MODULE)? 2: copy the image and the arguments into kernel buffers. 3: is a module with this name already loaded? (Linux 6.1 makes this check later, in add_unformed_module.) 4–5: allocate memory for the code and the init section and record their addresses. 6: empty the used-by list and set the counters to 0, except the one of the CPU running this code, which gets 1.",
        "Pulsa Load, después Step, y observa el panel Steps. 1: ¿puede el usuario cargar módulos (CAP_SYS_MODULE)? 2: copia la imagen y los argumentos a buffers del kernel. 3: ¿ya está cargado un módulo con ese nombre? (Linux 6.1 lo comprueba más tarde, en add_unformed_module.) 4–5: reserva memoria para el código y el área de inicialización y guarda sus direcciones. 6: inicializa la lista de usuarios y los contadores en cero, salvo el de la CPU que ejecuta este código, que vale 1.",
        "Naciśnij Load, potem Step, i obserwuj panel Steps. 1: czy wywołujący może ładować moduły (CAP_SYS_MODULE)? 2: skopiuj obraz i argumenty do buforów jądra. 3: czy moduł o tej nazwie jest już załadowany? (Linux 6.1 sprawdza to później, w add_unformed_module.) 4–5: przydziel pamięć na kod i sekcję inicjującą i zapisz ich adresy. 6: wyczyść listę użytkowników i wyzeruj liczniki, poza licznikiem procesora wykonującego ten kod, który dostaje 1.",
      ),
      checkpoint: {
        id: 'loading/ref-one',
        goal: t(
          'Pause the load right after step 6: hello is on the list, not yet COMING, and the counter of your CPU is 1.',
          'Detén la carga justo después del paso 6: hello está en la lista, todavía no COMING, y el contador de tu CPU vale 1.',
          'Zatrzymaj ładowanie zaraz po kroku 6: hello jest na liście, jeszcze nie w stanie COMING, a licznik twojego procesora wynosi 1.',
        ),
        hint: t(
          'Load, then press Step one at a time until module_unload_init() is done. Step back if you went too far.',
          'Pulsa Load y luego Step de uno en uno hasta que termine module_unload_init(). Si te pasas, usa Step back.',
          'Naciśnij Load, a potem naciskaj Step pojedynczo, aż wykona się module_unload_init(). Jeśli pójdziesz za daleko, użyj Step back.',
        ),
        check: ({ kernel }) => loadingIn(kernel, 'hello', 'UNFORMED') && refSum(mod(kernel, 'hello')!) === 1,
      },
    },
    {
      text: t(
        "7: resolve every reference to an outside symbol, using the kernel's and the modules' symbol tables. 8: set the parameters from the insmod arguments. 9: free the temporary buffers of step 2. 10: add the module to the `modules` list (6.1 did that at step 3). 11: state `MODULE_STATE_COMING`: the module is initialising, and /proc/modules says Loading.",
        "7: resuelve las referencias a símbolos externos con las tablas de símbolos del kernel y de los módulos. 8: carga los valores de las variables según los argumentos de insmod. 9: libera las áreas temporales del paso 2. 10: agrega el módulo a la lista `modules` (6.1 ya lo hizo en el paso 3). 11: estado `MODULE_STATE_COMING`: el módulo se está inicializando y /proc/modules dice Loading.",
        "7: rozwiąż odwołania do zewnętrznych symboli, korzystając z tablic symboli jądra i modułów. 8: ustaw parametry według argumentów insmod. 9: zwolnij tymczasowe bufory z kroku 2. 10: dodaj moduł do listy `modules` (6.1 zrobił to już w kroku 3). 11: stan `MODULE_STATE_COMING`: moduł się inicjuje, a /proc/modules pokazuje Loading.",
      ),
      checkpoint: {
        id: 'loading/coming',
        goal: t(
          'Pause while hello is COMING, before its init has finished.',
          'Detente mientras hello está en COMING, antes de que termine su init.',
          'Zatrzymaj się, gdy hello jest w stanie COMING, zanim jego init się skończy.',
        ),
        hint: t(
          'Keep pressing Step until the Modules panel shows COMING.',
          'Sigue pulsando Step hasta que el panel Modules muestre COMING.',
          'Naciskaj Step, aż panel Modules pokaże COMING.',
        ),
        check: ({ kernel }) => loadingIn(kernel, 'hello', 'COMING'),
      },
    },
    {
      text: t(
        "12: run `init` (each statement is a step of its own). 13: state `MODULE_STATE_LIVE`; the init section is freed and the initial reference dropped. 14: return 0. Press Run to finish. Now load hello a second time: the name check (seed step 3) refuses it with -EEXIST, and insmod prints File exists.",
        "12: ejecuta `init` (cada sentencia es un paso). 13: estado `MODULE_STATE_LIVE`; se libera el área de inicialización y se suelta la referencia inicial. 14: retorna cero (éxito). Pulsa Run para terminar. Ahora carga hello por segunda vez: la búsqueda por nombre (paso 3) lo rechaza con -EEXIST, e insmod imprime File exists.",
        "12: wykonaj `init` (każda instrukcja to osobny krok). 13: stan `MODULE_STATE_LIVE`; sekcja inicjująca zostaje zwolniona, a początkowe odwołanie oddane. 14: zwróć 0. Naciśnij Run, aby dokończyć. Teraz załaduj hello drugi raz: sprawdzenie nazwy (krok 3) odrzuca go z -EEXIST, a insmod wypisuje File exists.",
      ),
      try: ['insmod hello.ko'],
      checkpoint: {
        id: 'loading/eexist',
        goal: t(
          'Make the kernel refuse a second hello with -EEXIST.',
          'Haz que el kernel rechace un segundo hello con -EEXIST.',
          'Spraw, by jądro odrzuciło drugi moduł hello z błędem -EEXIST.',
        ),
        hint: t(
          'With hello loaded, type `insmod hello.ko`.',
          'Con hello cargado, escribe `insmod hello.ko`.',
          'Gdy hello jest załadowany, wpisz `insmod hello.ko`.',
        ),
        check: (ctx) => failedWith(ctx, 'init_module', 'hello', E.EEXIST, /could not insert module \S*hello\.ko: File exists/),
      },
    },
    {
      text: t(
        "Step 1 at work: only a process with CAP_SYS_MODULE may load modules. Copy the module where the user student can read it, become student and try: init_module fails with -EPERM before anything else happens. `exit` takes you back to root.",
        "El paso 1 en acción: solo un proceso con CAP_SYS_MODULE puede cargar módulos. Copia el módulo donde el usuario student pueda leerlo, conviértete en student e inténtalo: init_module falla con -EPERM antes de hacer nada más. `exit` te devuelve a root.",
        "Krok 1 w praktyce: tylko proces z CAP_SYS_MODULE może ładować moduły. Skopiuj moduł tam, gdzie użytkownik student może go przeczytać, przełącz się na studenta i spróbuj: init_module kończy się błędem -EPERM, zanim cokolwiek się wydarzy. `exit` przywraca roota.",
      ),
      try: ['cat hello.ko > /tmp/hello.ko', 'su student', 'insmod /tmp/hello.ko', 'exit'],
      checkpoint: {
        id: 'loading/eperm',
        goal: t(
          'Make step 1 refuse a load with -EPERM.',
          'Haz que el paso 1 rechace una carga con -EPERM.',
          'Spraw, by krok 1 odrzucił ładowanie z błędem -EPERM.',
        ),
        hint: t(
          'As student (`su student`), `insmod /tmp/hello.ko` prints Operation not permitted.',
          'Como student (`su student`), `insmod /tmp/hello.ko` imprime Operation not permitted.',
          'Jako student (`su student`) polecenie `insmod /tmp/hello.ko` wypisze Operation not permitted.',
        ),
        check: (ctx) => failedWith(ctx, 'init_module', null, E.EPERM, /could not insert module \S+: Operation not permitted/),
      },
    },
  ],
};
