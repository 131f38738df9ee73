// Lesson 5: dependencies between modules, depmod's modules.dep, and modprobe (load and -r).
import { fileText, isLive, isLoaded, mod, RELEASE, t, typed } from '../checks';
import type { Lesson } from '../types';

const DIR = `/lib/modules/${RELEASE}`;

export const DEPMOD: Lesson = {
  id: 'depmod',
  title: t('Dependencies: depmod and modprobe', 'Dependencias: depmod y modprobe', 'Zależności: depmod i modprobe'),
  summary: t(
    'Install modules, let depmod find their dependencies, and let modprobe load and remove them.',
    'Instalar módulos, dejar que depmod encuentre sus dependencias y que modprobe los cargue y descargue.',
    'Zainstaluj moduły, pozwól programowi depmod znaleźć ich zależności, a modprobe je załadować i usunąć.',
  ),
  steps: [
    {
      text: t(
        "insmod loads exactly the file you name, so you had to load exporter before user yourself. modprobe finds modules in /lib/modules/RELEASE and loads their dependencies first, reading them from modules.dep, which depmod writes (at boot, and after modules are installed). paramdemo.yaml imports `helper_fn` from helper.yaml. Build, then `make modules_install`: it copies the .ko files to extra/ and runs depmod.",
        "insmod carga exactamente el archivo que le indicas, por eso tuviste que cargar exporter antes que user. modprobe busca los módulos en /lib/modules/RELEASE y carga primero sus dependencias, que lee de modules.dep; este archivo lo escribe depmod (durante el boot y después de instalar módulos). paramdemo.yaml importa `helper_fn` de helper.yaml. Pulsa Build y luego `make modules_install`: copia los archivos .ko a extra/ y ejecuta depmod.",
        "insmod ładuje dokładnie wskazany plik, dlatego exporter trzeba było samodzielnie załadować przed modułem user. modprobe szuka modułów w /lib/modules/WERSJA i najpierw ładuje ich zależności, które czyta z modules.dep; ten plik tworzy depmod (przy starcie systemu i po instalacji modułów). paramdemo.yaml importuje `helper_fn` z helper.yaml. Naciśnij Build, a potem `make modules_install`: skopiuje pliki .ko do extra/ i uruchomi depmod.",
      ),
      files: ['helper.yaml', 'paramdemo.yaml'],
      try: ['make modules_install', `cat ${DIR}/modules.dep`],
      checkpoint: {
        id: 'depmod/installed',
        goal: t(
          'Install the modules so that modules.dep records that paramdemo needs helper.',
          'Instala los módulos para que modules.dep registre que paramdemo necesita helper.',
          'Zainstaluj moduły tak, aby modules.dep zapisał, że paramdemo potrzebuje helper.',
        ),
        hint: t(
          'Build first, then type `make modules_install` in /root.',
          'Primero pulsa Build y después escribe `make modules_install` en /root.',
          'Najpierw naciśnij Build, potem wpisz `make modules_install` w /root.',
        ),
        check: ({ kernel }) => fileText(kernel, `${DIR}/extra/paramdemo.ko`) !== undefined
          && (fileText(kernel, `${DIR}/modules.dep`) ?? '').includes('extra/paramdemo.ko: extra/helper.ko'),
      },
    },
    {
      text: t(
        "depmod saw that paramdemo uses `helper_fn`, which helper exports, and wrote the line `extra/paramdemo.ko: extra/helper.ko`. `modprobe --show-depends` prints what modprobe would do, dependencies first, without loading anything.",
        "depmod vio que paramdemo usa `helper_fn`, que exporta helper, y escribió la línea `extra/paramdemo.ko: extra/helper.ko`. `modprobe --show-depends` muestra lo que haría modprobe, con las dependencias primero, sin cargar nada.",
        "depmod zauważył, że paramdemo używa `helper_fn`, eksportowanej przez helper, i zapisał linię `extra/paramdemo.ko: extra/helper.ko`. `modprobe --show-depends` wypisuje, co zrobiłby modprobe, zaczynając od zależności, niczego nie ładując.",
      ),
      try: ['modprobe --show-depends paramdemo'],
      checkpoint: {
        id: 'depmod/show-depends',
        goal: t(
          'Ask modprobe what it would load for paramdemo.',
          'Pregunta a modprobe qué cargaría para paramdemo.',
          'Zapytaj modprobe, co załadowałby dla paramdemo.',
        ),
        hint: t('Type `modprobe --show-depends paramdemo`.', 'Escribe `modprobe --show-depends paramdemo`.', 'Wpisz `modprobe --show-depends paramdemo`.'),
        check: (ctx) => typed(ctx, /^modprobe .*(--show-depends|-D)\b.*\bparamdemo\b/)
          && ctx.output.includes(`insmod ${DIR}/extra/helper.ko \ninsmod ${DIR}/extra/paramdemo.ko`),
      },
    },
    {
      text: t(
        "Now let modprobe do the work: one command loads helper, then paramdemo. lsmod shows helper used by paramdemo. modprobe takes the module's name, not a file name.",
        "Ahora deja que modprobe haga el trabajo: un solo comando carga helper y después paramdemo. lsmod muestra helper usado por paramdemo. modprobe recibe el nombre del módulo, no el de un archivo.",
        "Teraz niech pracę wykona modprobe: jedno polecenie ładuje helper, a potem paramdemo. lsmod pokazuje, że helper jest używany przez paramdemo. modprobe przyjmuje nazwę modułu, a nie nazwę pliku.",
      ),
      try: ['modprobe paramdemo', 'lsmod'],
      checkpoint: {
        id: 'depmod/modprobe',
        goal: t(
          'Load paramdemo and its dependency with one modprobe.',
          'Carga paramdemo y su dependencia con un solo modprobe.',
          'Załaduj paramdemo razem z zależnością jednym poleceniem modprobe.',
        ),
        hint: t(
          'If paramdemo or helper is loaded, `rmmod paramdemo helper` first; then `modprobe paramdemo`.',
          'Si paramdemo o helper están cargados, primero `rmmod paramdemo helper`; luego `modprobe paramdemo`.',
          'Jeśli paramdemo lub helper jest załadowany, najpierw `rmmod paramdemo helper`; potem `modprobe paramdemo`.',
        ),
        check: (ctx) => isLive(ctx.kernel, 'paramdemo') && mod(ctx.kernel, 'helper')?.usedBy.includes('paramdemo') === true
          && typed(ctx, /^modprobe\b(?!.*\s(-r|--remove|--show-depends|-D|-n|--dry-run)\b).*\sparamdemo\b/),
      },
    },
    {
      text: t(
        "`modprobe -r` removes a module and then the dependencies that nothing uses any more; rmmod removes only the one you name. Both refuse a module that is still in use.",
        "`modprobe -r` descarga un módulo y después las dependencias que ya nadie usa; rmmod descarga solo el que nombras. Ambos se niegan si el módulo sigue en uso.",
        "`modprobe -r` usuwa moduł, a potem zależności, których nikt już nie używa; rmmod usuwa tylko wskazany moduł. Oba odmawiają, jeśli moduł jest wciąż używany.",
      ),
      try: ['modprobe -r paramdemo', 'lsmod'],
      checkpoint: {
        id: 'depmod/remove',
        goal: t(
          'Remove paramdemo and helper with one modprobe -r.',
          'Descarga paramdemo y helper con un solo modprobe -r.',
          'Usuń paramdemo i helper jednym poleceniem modprobe -r.',
        ),
        hint: t('Type `modprobe -r paramdemo`.', 'Escribe `modprobe -r paramdemo`.', 'Wpisz `modprobe -r paramdemo`.'),
        check: (ctx) => !isLoaded(ctx.kernel, 'paramdemo') && !isLoaded(ctx.kernel, 'helper') && typed(ctx, /^modprobe\b(?=.*\s(-r|--remove)\b).*\sparamdemo\b/),
      },
    },
  ],
};
