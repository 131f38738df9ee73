// Lesson 7: module_param and module_param_array (the lab's third example), parse_args' errors,
// and /sys/module/NAME/parameters with its permissions.
import { isLive, logHas, mod, t } from '../checks';
import type { Lesson } from '../types';

/** The value irq got when paramdemo was loaded: the last irq= argument, or the default 7. */
function irqAtLoad(args: string): string {
  const given = args.split(' ').filter((a) => a.startsWith('irq=')).pop();
  return given === undefined ? '7' : given.slice(4);
}

export const PARAMS: Lesson = {
  id: 'params',
  title: t('Parameters and sysfs', 'Parámetros y sysfs', 'Parametry i sysfs'),
  summary: t(
    'Pass values to a module when it loads, read their descriptions, and change them in /sys.',
    'Pasar valores a un módulo al cargarlo, leer sus descripciones y cambiarlos en /sys.',
    'Przekaż modułowi wartości przy ładowaniu, przeczytaj ich opisy i zmień je w /sys.',
  ),
  steps: [
    {
      text: t(
        "`module_param(irq, int, 0);` turns a variable into a parameter that insmod sets as name=value; the parameter has the variable's name. `module_param_array` takes a comma-separated list, with at most as many elements as the array has. params.yaml is the lab's third example: irq, path and paths[4]. Build, load it with your own values and read what init printed.",
        "`module_param(irq, int, 0);` convierte una variable en un parámetro que insmod asigna como nombre=valor; el parámetro se llama como la variable. `module_param_array` recibe una lista separada por comas, con como mucho tantos elementos como tenga el arreglo. params.yaml es el tercer ejemplo del taller: irq, path y paths[4]. Pulsa Build, cárgalo con tus propios valores y lee lo que imprimió init.",
        "`module_param(irq, int, 0);` zamienia zmienną w parametr, który insmod ustawia w postaci zmienna=wartość; nazwa parametru jest taka sama jak nazwa zmiennej. `module_param_array` przyjmuje listę rozdzieloną przecinkami, o co najwyżej tylu elementach, ile ma tablica. params.yaml to trzeci przykład z laboratorium: irq, path i paths[4]. Naciśnij Build, załaduj moduł z własnymi wartościami i przeczytaj, co wypisała init.",
      ),
      files: ['params.yaml', 'helper.yaml', 'paramdemo.yaml'],
      try: ['insmod params.ko irq=5 path=/bin/kmod paths=/a,/b,/c', 'dmesg | tail -4'],
      checkpoint: {
        id: 'params/set',
        goal: t(
          'Load params with your own irq and paths.',
          'Carga params con tus propios valores de irq y paths.',
          'Załaduj params z własnymi wartościami irq i paths.',
        ),
        hint: t(
          'Type `insmod params.ko irq=5 paths=/a,/b,/c` (rmmod params first if it is loaded).',
          'Escribe `insmod params.ko irq=5 paths=/a,/b,/c` (antes rmmod params si está cargado).',
          'Wpisz `insmod params.ko irq=5 paths=/a,/b,/c` (najpierw rmmod params, jeśli jest załadowany).',
        ),
        check: ({ kernel }) => {
          const m = mod(kernel, 'params');
          const paths = m?.params.paths;
          return isLive(kernel, 'params') && m!.params.irq !== '7'
            && Array.isArray(paths) && paths.join(',') !== '/bin,/sbin';
        },
      },
    },
    {
      text: t(
        "Every parameter should have a description, given with `MODULE_PARM_DESC`. modinfo prints it with the type, so a module carries its own usage notes. By custom, an array's description says its maximum size in brackets.",
        "Cada parámetro debería tener una descripción, dada con `MODULE_PARM_DESC`. modinfo la muestra junto con el tipo, así el módulo lleva consigo sus instrucciones de uso. Por costumbre, la descripción de un arreglo indica entre corchetes su tamaño máximo.",
        "Każdy parametr powinien mieć opis, nadawany makrem `MODULE_PARM_DESC`. modinfo wypisuje go razem z typem, dzięki czemu moduł niesie ze sobą opis użycia. W opisie parametru tablicowego zwyczajowo umieszcza się w nawiasach kwadratowych maksymalną liczbę elementów.",
      ),
      try: ['modinfo params.ko'],
      checkpoint: {
        id: 'params/modinfo',
        goal: t(
          'Read the parameters\' descriptions and types with modinfo.',
          'Lee con modinfo las descripciones y los tipos de los parámetros.',
          'Odczytaj za pomocą modinfo opisy i typy parametrów.',
        ),
        hint: t('Type `modinfo params.ko`.', 'Escribe `modinfo params.ko`.', 'Wpisz `modinfo params.ko`.'),
        check: ({ output }) => /^parm:\s+paths:Search paths \[4\] \(array of charp\)$/m.test(output),
      },
    },
    {
      text: t(
        "Step 8 of the load parses the values. A value that does not fit the type is refused with -EINVAL, and so are more elements than the array holds. An unknown parameter is only a warning in Linux 6.1 (the seed's 2.6 kernel refused it). Unload params and try some bad values; read dmesg after each.",
        "El paso 8 de la carga analiza los valores. Un valor que no corresponde al tipo se rechaza con -EINVAL, y lo mismo pasa con más elementos de los que caben en el arreglo. Un parámetro desconocido es solo una advertencia en Linux 6.1 (el kernel 2.6 de la clase lo rechazaba). Descarga params y prueba valores incorrectos; lee dmesg después de cada uno.",
        "Krok 8 ładowania analizuje wartości. Wartość niepasująca do typu jest odrzucana z -EINVAL, podobnie jak więcej elementów, niż mieści tablica. Nieznany parametr to w Linuksie 6.1 tylko ostrzeżenie (jądro 2.6 z wykładu go odrzucało). Usuń params i wypróbuj błędne wartości; po każdej przeczytaj dmesg.",
      ),
      try: ['rmmod params', 'insmod params.ko irq=abc', 'insmod params.ko paths=/a,/b,/c,/d,/e', 'insmod params.ko foo=1', 'dmesg | tail -6'],
      checkpoint: {
        id: 'params/invalid',
        goal: t(
          'Make step 8 refuse a parameter value.',
          'Haz que el paso 8 rechace el valor de un parámetro.',
          'Spraw, by krok 8 odrzucił wartość parametru.',
        ),
        hint: t(
          '`insmod params.ko irq=abc` fails with Invalid parameters; dmesg says why.',
          '`insmod params.ko irq=abc` falla con Invalid parameters; dmesg dice por qué.',
          '`insmod params.ko irq=abc` kończy się błędem Invalid parameters; dmesg mówi dlaczego.',
        ),
        check: ({ kernel }) => logHas(kernel, /: `.*' invalid for parameter `/),
      },
    },
    {
      text: t(
        "The third argument of module_param is the permission of the file /sys/module/NAME/parameters/PARAM. paramdemo's irq is 0644, so root may change it while the module runs; its paths is 0444 (read-only) and path is 0 (no file at all). Load paramdemo and change irq.",
        "El tercer argumento de module_param son los permisos del archivo /sys/module/NOMBRE/parameters/PARÁMETRO. El irq de paramdemo tiene 0644, así que root puede cambiarlo mientras el módulo corre; su paths tiene 0444 (solo lectura) y path tiene 0 (ningún archivo). Carga paramdemo y cambia irq.",
        "Trzeci argument module_param to uprawnienia, które zostaną nadane plikowi /sys/module/NAZWA/parameters/PARAMETR. irq modułu paramdemo ma 0644, więc root może go zmienić w czasie działania modułu; paths ma 0444 (tylko do odczytu), a path ma 0 (brak pliku). Załaduj paramdemo i zmień irq.",
      ),
      try: [
        'rmmod params',
        'insmod helper.ko',
        'insmod paramdemo.ko',
        'ls /sys/module/paramdemo/parameters',
        'echo 9 > /sys/module/paramdemo/parameters/irq',
        'cat /sys/module/paramdemo/parameters/irq',
      ],
      checkpoint: {
        id: 'params/sysfs',
        goal: t(
          'Change paramdemo\'s irq through sysfs while it is loaded.',
          'Cambia el irq de paramdemo a través de sysfs mientras está cargado.',
          'Zmień irq modułu paramdemo przez sysfs, gdy jest załadowany.',
        ),
        hint: t(
          '`echo 9 > /sys/module/paramdemo/parameters/irq` as root.',
          '`echo 9 > /sys/module/paramdemo/parameters/irq` como root.',
          '`echo 9 > /sys/module/paramdemo/parameters/irq` jako root.',
        ),
        check: ({ kernel }) => {
          const m = mod(kernel, 'paramdemo');
          return m?.state === 'LIVE' && m.params.irq !== irqAtLoad(m.args);
        },
      },
    },
    {
      text: t(
        "The permission bits work as on any file: even root cannot write a 0444 parameter, and the user student can read irq (0644) but not change it. `exit` takes you back to root.",
        "Los bits de permiso funcionan como en cualquier archivo: ni siquiera root puede escribir un parámetro 0444, y el usuario student puede leer irq (0644) pero no cambiarlo. `exit` te devuelve a root.",
        "Bity uprawnień działają jak dla każdego pliku: nawet root nie może zapisać parametru 0444, a użytkownik student może odczytać irq (0644), ale nie może go zmienić. `exit` przywraca roota.",
      ),
      try: [
        'echo /x > /sys/module/paramdemo/parameters/paths',
        'su student',
        'cat /sys/module/paramdemo/parameters/irq',
        'echo 1 > /sys/module/paramdemo/parameters/irq',
        'exit',
        'rmmod paramdemo helper',
      ],
      checkpoint: {
        id: 'params/perm',
        goal: t(
          'Be refused a write to a read-only parameter.',
          'Recibe un rechazo al escribir un parámetro de solo lectura.',
          'Spróbuj zapisać parametr tylko do odczytu i zobacz odmowę.',
        ),
        hint: t(
          '`echo /x > /sys/module/paramdemo/parameters/paths` prints Permission denied.',
          '`echo /x > /sys/module/paramdemo/parameters/paths` imprime Permission denied.',
          '`echo /x > /sys/module/paramdemo/parameters/paths` wypisze Permission denied.',
        ),
        check: ({ output }) => /\/sys\/module\/\w+\/parameters\/\w+: Permission denied/.test(output),
      },
    },
  ],
};
