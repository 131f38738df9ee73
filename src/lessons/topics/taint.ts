// Lesson 11: the kernel's taint flags (O, E, P, F, R), a module without exit, and rmmod -f.
import { E, failedWith, isLive, isLoaded, mod, t, typed } from '../checks';
import { CLOSED, OLD } from '../inline';
import type { Lesson } from '../types';

/** Taint bits of /proc/sys/kernel/tainted. */
const TAINT = { P: 1, F: 2, R: 8, O: 4096, E: 8192 } as const;

export const TAINT_LESSON: Lesson = {
  id: 'taint',
  title: t('Taint and forced removal', 'Kernel contaminado (taint) y descarga forzada', 'Skażenie jądra (taint) i wymuszone usuwanie'),
  summary: t(
    'See which events taint the kernel, and what forcing a load or an unload costs.',
    'Ver qué sucesos contaminan el kernel y cuánto cuesta forzar una carga o una descarga.',
    'Zobacz, co skaża jądro i ile kosztuje wymuszenie załadowania lub usunięcia modułu.',
  ),
  steps: [
    {
      text: t(
        "Some events mark the kernel as tainted, so that a bug report shows it ran code the kernel developers cannot vouch for. /proc/sys/kernel/tainted holds the bits. A module you build yourself is out-of-tree (O, 4096) and unsigned (E, 8192): after loading hello the value is 12288, and /proc/modules shows (OE) beside the module. The warning is printed only the first time.",
        "Algunos sucesos marcan el kernel como contaminado (tainted), para que un informe de error muestre que ejecutó código que los desarrolladores del kernel no pueden avalar. /proc/sys/kernel/tainted guarda los bits. Un módulo que compilas tú está fuera del árbol (O, 4096) y sin firma (E, 8192): después de cargar hello el valor es 12288, y /proc/modules muestra (OE) junto al módulo. El aviso se imprime solo la primera vez.",
        "Niektóre zdarzenia oznaczają jądro jako skażone (tainted), aby zgłoszenie błędu pokazywało, że działał w nim kod, za który twórcy jądra nie ręczą. /proc/sys/kernel/tainted przechowuje bity. Moduł zbudowany samodzielnie pochodzi spoza drzewa jądra (O, 4096) i nie ma podpisu (E, 8192): po załadowaniu hello wartość wynosi 12288, a /proc/modules pokazuje (OE) obok modułu. Ostrzeżenie pojawia się tylko za pierwszym razem.",
      ),
      files: ['hello.yaml'],
      try: ['cat /proc/sys/kernel/tainted', 'insmod hello.ko', 'cat /proc/sys/kernel/tainted', 'cat /proc/modules'],
      checkpoint: {
        id: 'taint/oe',
        goal: t(
          'Taint the kernel O and E with a module of your own, and read the bits.',
          'Contamina el kernel con O y E mediante un módulo propio y lee los bits.',
          'Skaź jądro flagami O i E własnym modułem i odczytaj bity.',
        ),
        hint: t(
          'Load hello, then `cat /proc/sys/kernel/tainted`.',
          'Carga hello y después `cat /proc/sys/kernel/tainted`.',
          'Załaduj hello, potem `cat /proc/sys/kernel/tainted`.',
        ),
        check: (ctx) => (ctx.kernel.taint & (TAINT.O | TAINT.E)) === (TAINT.O | TAINT.E)
          && typed(ctx, /^cat \/proc\/sys\/kernel\/tainted$/)
          && ctx.output.split('\n').some((line) => /^\d+$/.test(line) && (Number(line) & (TAINT.O | TAINT.E)) === (TAINT.O | TAINT.E)),
      },
    },
    {
      text: t(
        "A licence that is not GPL-compatible taints P (proprietary, bit 0 = 1). closed.yaml says \"Proprietary\": load it and read the bits again. A proprietary module also loses access to GPL-only symbols (lesson 4).",
        "Una licencia que no es compatible con GPL contamina con P (propietario, bit 0 = 1). closed.yaml dice \"Proprietary\": cárgalo y vuelve a leer los bits. Un módulo propietario además pierde el acceso a los símbolos solo GPL (lección 4).",
        "Licencja niezgodna z GPL skaża jądro flagą P (proprietary, bit 0 = 1). closed.yaml ma licencję \"Proprietary\": załaduj go i ponownie odczytaj bity. Moduł własnościowy traci też dostęp do symboli tylko dla GPL (lekcja 4).",
      ),
      inlineFiles: [CLOSED],
      try: ['insmod closed.ko', 'dmesg | tail -3', 'cat /proc/sys/kernel/tainted', 'cat /proc/modules'],
      checkpoint: {
        id: 'taint/p',
        goal: t(
          'Taint the kernel P with a proprietary module.',
          'Contamina el kernel con P mediante un módulo propietario.',
          'Skaź jądro flagą P modułem własnościowym.',
        ),
        hint: t('Build, then `insmod closed.ko`.', 'Pulsa Build y luego `insmod closed.ko`.', 'Naciśnij Build, potem `insmod closed.ko`.'),
        check: ({ kernel }) => (kernel.taint & TAINT.P) !== 0 && isLive(kernel, 'closed') && mod(kernel, 'closed')!.taints.includes('P'),
      },
    },
    {
      text: t(
        "A module built for another kernel is refused: its vermagic does not match, and insmod says Invalid module format. `insmod -f` forces it past the check and taints F (forced load, 2). This is how kernels crash: the structures the module was built against may differ.",
        "Un módulo compilado para otro kernel es rechazado: su vermagic no coincide, e insmod dice Invalid module format. `insmod -f` lo fuerza a pasar la comprobación y contamina con F (carga forzada, 2). Así es como se cuelgan los kernels: las estructuras con las que se compiló el módulo pueden ser distintas.",
        "Moduł skompilowany pod inne jądro jest odrzucany: jego vermagic się nie zgadza, a insmod wypisuje Invalid module format. `insmod -f` wymusza pominięcie tego sprawdzenia i skaża jądro flagą F (wymuszone ładowanie, 2). Tak właśnie dochodzi do awarii jądra: struktury, pod które moduł skompilowano, mogą być inne.",
      ),
      inlineFiles: [OLD],
      try: ['insmod old.ko', 'dmesg | tail -1', 'insmod -f old.ko', 'cat /proc/modules'],
      checkpoint: {
        id: 'taint/f',
        goal: t(
          'Force a module built for another kernel into this one.',
          'Fuerza la carga de un módulo compilado para otro kernel.',
          'Wymuś załadowanie modułu skompilowanego pod inne jądro.',
        ),
        hint: t('Build, then `insmod -f old.ko`.', 'Pulsa Build y luego `insmod -f old.ko`.', 'Naciśnij Build, potem `insmod -f old.ko`.'),
        check: ({ kernel }) => (kernel.taint & TAINT.F) !== 0 && isLive(kernel, 'old') && mod(kernel, 'old')!.taints.includes('F'),
      },
    },
    {
      text: t(
        "A module with an init function but no exit function cannot be removed: the kernel does not know how to undo what init did (step 6 of the unload). /proc/modules marks it [permanent].",
        "Un módulo con función init pero sin función exit no se puede descargar: el kernel no sabe cómo deshacer lo que hizo init (paso 6 de la descarga). /proc/modules lo marca como [permanent].",
        "Modułu z funkcją init, ale bez funkcji exit nie da się usunąć: jądro nie wie, jak odwrócić to, co zrobiła init (krok 6 usuwania). /proc/modules oznacza go jako [permanent].",
      ),
      files: ['noexit.yaml'],
      try: ['insmod noexit.ko', 'cat /proc/modules', 'rmmod noexit'],
      checkpoint: {
        id: 'taint/permanent',
        goal: t(
          'Try to remove a module that has no exit function.',
          'Intenta descargar un módulo que no tiene función exit.',
          'Spróbuj usunąć moduł, który nie ma funkcji exit.',
        ),
        hint: t(
          'Build, `insmod noexit.ko`, then `rmmod noexit`: Device or resource busy.',
          'Pulsa Build, `insmod noexit.ko` y luego `rmmod noexit`: Device or resource busy.',
          'Naciśnij Build, `insmod noexit.ko`, potem `rmmod noexit`: Device or resource busy.',
        ),
        check: (ctx) => isLive(ctx.kernel, 'noexit')
          && failedWith(ctx, 'delete_module', 'noexit', E.EBUSY, /could not remove module noexit: Device or resource busy/),
      },
    },
    {
      text: t(
        "`rmmod -f` forces past that check, and past a reference count above 0, and taints R (forced unload, 8). As the lab warns, this usually ends very badly. Taint is cleared only by a reboot: press Reset.",
        "`rmmod -f` fuerza el paso de esa comprobación, y también de un contador de referencias mayor que 0, y contamina con R (descarga forzada, 8). Como advierte el taller, esto suele terminar muy mal. La contaminación solo se borra reiniciando: pulsa Reset.",
        "`rmmod -f` wymusza pominięcie tego sprawdzenia, a także dodatniego licznika odwołań, i skaża jądro flagą R (wymuszone usunięcie, 8). Jak ostrzega laboratorium, zazwyczaj bardzo źle się to kończy. Skażenie znika dopiero po restarcie: naciśnij Reset.",
      ),
      try: ['rmmod -f noexit', 'cat /proc/sys/kernel/tainted', 'dmesg | tail -1'],
      checkpoint: {
        id: 'taint/r',
        goal: t('Force noexit out of the kernel.', 'Saca noexit del kernel a la fuerza.', 'Usuń noexit z jądra siłą.'),
        hint: t('Type `rmmod -f noexit`.', 'Escribe `rmmod -f noexit`.', 'Wpisz `rmmod -f noexit`.'),
        check: ({ kernel }) => (kernel.taint & TAINT.R) !== 0 && !isLoaded(kernel, 'noexit'),
      },
    },
  ],
};
