// The step explanations of explain.ts in Spanish (the lecture's own wording where it has one) and
// in Polish (the lab's vocabulary: moduł jądra, licznik odwołań). Kernel names stay as they are.

export const INIT_ES: Record<string, string> = {
  may_init_module: '[1] ¿Puede el usuario cargar módulos? Necesita CAP_SYS_MODULE (root) y modules_disabled debe ser 0; si no, -EPERM.',
  copy_module_from_user: '[2] El kernel reserva un buffer temporal, copia en él el archivo .ko que le pasa insmod y lee el nombre del módulo.',
  check_modinfo: 'El kernel lee .modinfo: el vermagic debe coincidir con el del kernel en ejecución (si no, -ENOEXEC) y la licencia decide las marcas de contaminación (P por licencia propietaria, O fuera del árbol, E sin firma).',
  layout_and_allocate: '[4] Se calculan los tamaños de la parte principal (core) y del área de inicialización, y se reserva memoria para ambas.',
  move_module: '[4–5] El código se copia a las nuevas áreas; sus direcciones se guardan en el objeto module (module_core, module_init).',
  add_unformed_module: '[3, 10] Se busca en la lista de módulos uno con el mismo nombre: si ya está, -EEXIST. Si no, el módulo se agrega a la lista, todavía UNFORMED (lsmod no lo muestra).',
  module_unload_init: '[6] La lista modules_which_use_me empieza vacía y los contadores de uso en cero, salvo el de la CPU que ejecuta este código, que vale 1 (el cargador retiene el módulo).',
  simplify_symbols: '[7] Cada símbolo indefinido se busca en la tabla de símbolos del kernel y en los símbolos exportados por los otros módulos. Si falta uno, -ENOENT ("Unknown symbol"); lo mismo si un módulo que no es GPL usa un símbolo solo GPL. Usar un símbolo de otro módulo agrega este módulo a su lista de usuarios.',
  complete_formation: '[11] El estado pasa a MODULE_STATE_COMING: sus símbolos exportados se vuelven visibles para otros módulos y lsmod lo muestra con "+" (cargándose).',
  parse_args: '[8] Los argumentos de insmod (nombre=valor) se asignan a los parámetros del módulo; uno desconocido o mal formado da -ENOENT o -EINVAL.',
  mod_sysfs_setup: 'Se crean /sys/module/NOMBRE y su directorio parameters/, con los permisos de cada parámetro.',
  free_copy: '[9] Se libera el área temporal de memoria del paso 2.',
  do_one_initcall: '[12] Se ejecuta el método init del módulo, una sentencia por paso. Si devuelve un valor negativo la carga falla: el kernel deshace todo lo hecho hasta aquí.',
  do_init_module: '[13] init devolvió 0: el estado pasa a MODULE_STATE_LIVE, se suelta la referencia del cargador y se libera el área de inicialización.',
  return: '[14] init_module devuelve cero (éxito) a insmod.',
  free_module: 'Deshaciendo: se libera la memoria del módulo.',
  unlink_mod: 'Deshaciendo: el módulo se quita de la lista de módulos.',
  free_unload: 'Deshaciendo: se quitan los vínculos de uso creados por simplify_symbols.',
  coming_cleanup: 'Deshaciendo: se retiran los símbolos del módulo COMING y se avisa que pasa a GOING.',
  do_init_module_fail: 'Deshaciendo tras el fallo de init: estado GOING; el método exit NO se llama.',
  module_unload_free: 'El módulo se quita de las listas de usuarios de los módulos que usaba.',
  list_del_rcu: 'El módulo se quita de la lista de módulos.',
  module_memfree: 'Se libera la memoria del módulo (código de inicialización y principal).',
};

export const DELETE_ES: Record<string, string> = {
  capable: '[1] ¿Puede el usuario descargar módulos? Necesita CAP_SYS_MODULE (root); si no, -EPERM.',
  strncpy_from_user: '[2] El nombre del módulo se copia en un buffer del kernel.',
  find_module: '[3] Se busca el objeto module en la lista de módulos: si no está, -ENOENT.',
  source_list: '[4] Se verifican las dependencias: si modules_which_use_me no está vacía, -EWOULDBLOCK; rmmod dice "Module X is in use by: Y".',
  module_state: '[5] Solo se puede descargar un módulo en MODULE_STATE_LIVE: si está COMING o ya GOING, -EBUSY.',
  init_without_exit: '[6] Un módulo con método init propio debe tener también exit; si no, no se puede descargar (-EBUSY), salvo que se fuerce (rmmod -f, marca R).',
  stop_machine: '[7] Para evitar condiciones de carrera se detienen todas las CPU salvo la que ejecuta sys_delete_module() (Linux 2.6 a 3.18; los kernels posteriores usan un único contador atómico).',
  try_release_module_ref: '[9] Se suman los contadores por CPU: si algo retiene el módulo (un dispositivo abierto, un sistema de archivos montado), -EWOULDBLOCK: "Module X is in use".',
  try_stop_module: '[8] El estado pasa a MODULE_STATE_GOING: ya no se pueden tomar referencias nuevas (try_module_get falla).',
  exit: '[10] Se ejecuta el método exit del módulo, una sentencia por paso.',
  module_unload_free: '[12] El módulo se quita de las listas de dependencias de los módulos que usaba.',
  list_del_rcu: '[11] El objeto module se da de baja de la lista de módulos.',
  module_memfree: '[13] Se libera la memoria usada por el módulo (objeto module, código, datos).',
  return: '[14] delete_module devuelve cero (éxito) a rmmod.',
  restart_machine: 'Las CPU detenidas vuelven a ejecutar.',
};

export const STATEMENT_ES = {
  init: 'Una sentencia del método init del módulo: printk escribe en el registro del kernel, las reservas de memoria devuelven un puntero o NULL, "if_error" salta a una etiqueta goto.',
  exit: 'Una sentencia del método exit del módulo: debe liberar lo que init tomó.',
};

export const INIT_PL: Record<string, string> = {
  may_init_module: '[1] Czy wywołujący może ładować moduły? Potrzebuje CAP_SYS_MODULE (root), a modules_disabled musi być 0; inaczej -EPERM.',
  copy_module_from_user: '[2] Jądro kopiuje plik .ko z procesu insmod do tymczasowego bufora jądra i odczytuje z niego nazwę modułu.',
  check_modinfo: 'Jądro czyta .modinfo: vermagic musi się zgadzać z działającym jądrem (inaczej -ENOEXEC), a licencja decyduje o skażeniu (P za licencję własnościową, O spoza drzewa, E bez podpisu).',
  layout_and_allocate: '[4] Wyliczane są rozmiary części głównej (core) i części inicjalizacyjnej; dla obu rezerwowana jest pamięć.',
  move_module: '[4–5] Kod jest kopiowany do nowych obszarów; ich adresy trafiają do obiektu module (module_core, module_init).',
  add_unformed_module: '[3, 10] Na liście modułów szukany jest moduł o tej samej nazwie: jeśli jest, -EEXIST. Jeśli nie, moduł trafia na listę, jeszcze jako UNFORMED (lsmod go nie pokazuje).',
  module_unload_init: '[6] Lista używających (modules_which_use_me) startuje pusta, a liczniki odwołań od zera, poza licznikiem procesora wykonującego ten kod, który wynosi 1 (ładujący trzyma moduł).',
  simplify_symbols: '[7] Każdy niezdefiniowany symbol jest szukany w tablicy symboli jądra i w symbolach eksportowanych przez inne moduły. Brak symbolu daje -ENOENT ("Unknown symbol"); tak samo symbol tylko dla GPL użyty przez moduł bez licencji GPL. Użycie symbolu innego modułu dopisuje ten moduł do jego listy używających.',
  complete_formation: '[11] Moduł przechodzi w stan COMING: jego eksportowane symbole stają się widoczne dla innych modułów, a lsmod pokazuje go z "+" (w trakcie ładowania).',
  parse_args: '[8] Argumenty insmod (nazwa=wartość) trafiają do parametrów modułu; nieznany lub błędny daje -ENOENT albo -EINVAL.',
  mod_sysfs_setup: 'Powstają /sys/module/NAZWA i katalog parameters/, z uprawnieniami każdego parametru.',
  free_copy: '[9] Tymczasowy bufor z kroku 2 zostaje zwolniony.',
  do_one_initcall: '[12] Wykonuje się funkcja init modułu, jedna instrukcja na krok. Ujemna wartość zwrócona oznacza porażkę ładowania: jądro wycofuje wszystko, co zrobiło do tej pory.',
  do_init_module: '[13] init zwróciło 0: stan zmienia się na LIVE, odwołanie ładującego jest zwalniane, a część inicjalizacyjna zwalniana z pamięci.',
  return: '[14] init_module zwraca 0 do insmod: sukces.',
  free_module: 'Wycofanie: pamięć modułu zostaje zwolniona.',
  unlink_mod: 'Wycofanie: moduł zostaje zdjęty z listy modułów.',
  free_unload: 'Wycofanie: usuwane są powiązania „używa” utworzone przez simplify_symbols.',
  coming_cleanup: 'Wycofanie: symbole modułu w stanie COMING są wycofywane, a powiadomienia mówią, że przechodzi w GOING.',
  do_init_module_fail: 'Wycofanie po błędzie init: stan GOING; funkcja exit NIE jest wywoływana.',
  module_unload_free: 'Moduł jest usuwany z list używających modułów, których używał.',
  list_del_rcu: 'Moduł zostaje zdjęty z listy modułów.',
  module_memfree: 'Pamięć modułu (część główna i inicjalizacyjna) zostaje zwolniona.',
};

export const DELETE_PL: Record<string, string> = {
  capable: '[1] Czy wywołujący może usuwać moduły? Potrzebuje CAP_SYS_MODULE (root); inaczej -EPERM.',
  strncpy_from_user: '[2] Nazwa modułu jest kopiowana z przestrzeni użytkownika do bufora jądra.',
  find_module: '[3] Moduł jest szukany na liście modułów: brak daje -ENOENT.',
  source_list: '[4] Jeśli inny moduł używa tego modułu (lista używających nie jest pusta), -EWOULDBLOCK: rmmod pisze "Module X is in use by: Y".',
  module_state: '[5] Usunąć można tylko moduł w stanie LIVE: moduł w stanie COMING lub już GOING daje -EBUSY.',
  init_without_exit: '[6] Modułu z funkcją init, ale bez funkcji exit, nie da się usunąć (-EBUSY), chyba że siłą (rmmod -f, skażenie R).',
  stop_machine: '[7] Aby uniknąć wyścigów, wszystkie pozostałe procesory są zatrzymywane na czas sprawdzania liczników (Linux 2.6 do 3.18; nowsze jądra mają jeden atomowy licznik).',
  try_release_module_ref: '[9] Liczniki ze wszystkich procesorów są sumowane: jeśli coś trzyma moduł (otwarte urządzenie, zamontowany system plików), -EWOULDBLOCK: "Module X is in use".',
  try_stop_module: '[8] Stan zmienia się na GOING: nie można już brać nowych odwołań (try_module_get zawodzi).',
  exit: '[10] Wykonuje się funkcja exit modułu, jedna instrukcja na krok.',
  module_unload_free: '[12] Moduł jest usuwany z list używających modułów, których używał.',
  list_del_rcu: '[11] Obiekt module zostaje zdjęty z listy modułów.',
  module_memfree: '[13] Pamięć modułu (obiekt module, kod, dane) zostaje zwolniona.',
  return: '[14] delete_module zwraca 0 do rmmod: sukces.',
  restart_machine: 'Zatrzymane procesory znów działają.',
};

export const STATEMENT_PL = {
  init: 'Jedna instrukcja funkcji init modułu: printk pisze do dziennika jądra, przydziały pamięci zwracają wskaźnik albo NULL, "if_error" skacze do etykiety goto.',
  exit: 'Jedna instrukcja funkcji exit modułu: musi zwolnić to, co zajęła funkcja init.',
};
