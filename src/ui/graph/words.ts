// The graph panel's words in the interface languages (src/i18n), and the sentences that name a
// module or an edge (accessible names, the text list). Kernel words stay as the kernel says
// them (LIVE, COMING, rmmod); the parser's line messages stay in English, like a tool's.
import { fill, type Lang } from '../../i18n/lang';
import type { GEdge, GNode } from './model';

const en = {
  'filter': 'Filter modules',
  'filter.placeholder': 'Filter modules (e.g. vfat)',
  'focus': 'Focus',
  'focus.title': "Show only {name}'s dependencies and dependants (double-clicking a node does the same)",
  'focus.none': 'Select a module first (click a node)',
  'depth': 'Depth',
  'list': 'Text list',
  'list.title': 'The graph as a list of modules and edges',
  'machine': 'Your machine',
  'machine.title': 'Paste lsmod, /proc/modules or modules.dep from your own machine',
  'view': 'Graph view',
  'canvas': 'Dependency graph canvas',
  'select.hint': 'Press Enter to select this module.',
  'zoom': 'Zoom controls',
  'zoom.in': 'Zoom in',
  'zoom.out': 'Zoom out',
  'zoom.fit': 'Fit the graph in view',
  'what.all': 'Modules: {n}',
  'what.loaded': 'Loaded modules and their neighbours: {n} of {total}',
  'what.filter': 'Matching “{q}” with their dependencies: {n}',
  'what.focus.one': '{name}: dependencies and dependants, 1 level out',
  'what.focus.many': '{name}: dependencies and dependants, {depth} levels out',
  'cap.filter': 'Showing {n} of {total} — refine the filter',
  'cap.focus': 'Showing {n} of {total} — lower the depth',
  'layout': 'laying out…',
  'reason': '{name} is used by {users}',
  'reason.rmmod.one': ': rmmod {name} refuses until it is unloaded',
  'reason.rmmod.many': ': rmmod {name} refuses until they are unloaded',
  'pasted': 'Your machine: {n} modules',
  'back': 'Back to the simulated kernel',
  'empty.none': 'No modules yet: build one in the Editor, or load the real Debian tree.',
  'empty.unloaded': 'No module is loaded. {n} modules are available: type a name in Filter modules (e.g. vfat) to see them and what they depend on.',
  'empty.pasted': '{n} modules in this modules.dep: type a name in Filter modules to see it and what it depends on.',
  'text': 'Graph as text',
  'text.modules': 'Modules ({n})',
  'text.edges': 'Edges ({n})',
  'text.none': 'None.',
  'state.available': 'available',
  'flight.init': 'loading',
  'flight.delete': 'unloading',
  'refs': 'refs {n}',
  'usedBy': 'used by {users}',
  'usedBy.tag': 'used by: {users}',
  'edge.uses': '{user} uses {used}',
  'edge.dep': '{user} depends on {used}',
  'edge.more': '{list} and {n} more',
  'dialog.help': 'On your Linux machine run {a}, {b} or {c}, and paste what it prints. Nothing leaves this page.',
  'dialog.text': 'Pasted text',
  'dialog.empty': 'Nothing to show: the text is empty.',
  'dialog.nothing': 'Nothing to show: no line reads as lsmod, /proc/modules or modules.dep output (read as {format}, the lines below failed).',
  'dialog.expected': 'Expected lines like {a} (lsmod) or {b} (modules.dep).',
  'dialog.partial': 'Modules read as {format}: {n}; lines skipped: {k}. The graph shows the rest.',
  'dialog.line': 'Line {n}: {message}',
  'dialog.more': '… and {n} more',
  'dialog.show': 'Show graph',
  'dialog.close': 'Close',
};

export type GraphKey = keyof typeof en;

const es: Record<GraphKey, string> = {
  'filter': 'Filtrar módulos',
  'filter.placeholder': 'Filtrar módulos (p. ej. vfat)',
  'focus': 'Enfocar',
  'focus.title': 'Mostrar solo las dependencias y dependientes de {name} (doble clic en un nodo hace lo mismo)',
  'focus.none': 'Primero selecciona un módulo (clic en un nodo)',
  'depth': 'Profundidad',
  'list': 'Lista de texto',
  'list.title': 'El grafo como lista de módulos y aristas',
  'machine': 'Tu máquina',
  'machine.title': 'Pega lsmod, /proc/modules o modules.dep de tu propia máquina',
  'view': 'Vista del grafo',
  'canvas': 'Lienzo del grafo de dependencias',
  'select.hint': 'Pulsa Intro para seleccionar este módulo.',
  'zoom': 'Controles de zoom',
  'zoom.in': 'Acercar',
  'zoom.out': 'Alejar',
  'zoom.fit': 'Encajar el grafo en la vista',
  'what.all': 'Módulos: {n}',
  'what.loaded': 'Módulos cargados y sus vecinos: {n} de {total}',
  'what.filter': 'Coinciden con «{q}», con sus dependencias: {n}',
  'what.focus.one': '{name}: dependencias y dependientes, a 1 nivel',
  'what.focus.many': '{name}: dependencias y dependientes, a {depth} niveles',
  'cap.filter': 'Se muestran {n} de {total}: afina el filtro',
  'cap.focus': 'Se muestran {n} de {total}: reduce la profundidad',
  'layout': 'colocando…',
  'reason': '{users} usa {name}',
  'reason.rmmod.one': ': rmmod {name} se niega hasta que se descargue',
  'reason.rmmod.many': ': rmmod {name} se niega hasta que se descarguen',
  'pasted': 'Tu máquina: {n} módulos',
  'back': 'Volver al kernel simulado',
  'empty.none': 'Aún no hay módulos: compila uno en el Editor o carga el árbol real de Debian.',
  'empty.unloaded': 'No hay ningún módulo cargado. Hay {n} módulos disponibles: escribe un nombre en Filtrar módulos (p. ej. vfat) para verlos con sus dependencias.',
  'empty.pasted': '{n} módulos en este modules.dep: escribe un nombre en Filtrar módulos para verlo con sus dependencias.',
  'text': 'El grafo como texto',
  'text.modules': 'Módulos ({n})',
  'text.edges': 'Aristas ({n})',
  'text.none': 'Ninguna.',
  'state.available': 'disponible',
  'flight.init': 'cargando',
  'flight.delete': 'descargando',
  'refs': 'refs {n}',
  'usedBy': 'usado por {users}',
  'usedBy.tag': 'usado por: {users}',
  'edge.uses': '{user} usa {used}',
  'edge.dep': '{user} depende de {used}',
  'edge.more': '{list} y {n} más',
  'dialog.help': 'En tu máquina Linux ejecuta {a}, {b} o {c} y pega lo que imprima. Nada sale de esta página.',
  'dialog.text': 'Texto pegado',
  'dialog.empty': 'Nada que mostrar: el texto está vacío.',
  'dialog.nothing': 'Nada que mostrar: ninguna línea se lee como salida de lsmod, /proc/modules o modules.dep (leído como {format}, fallaron las líneas de abajo).',
  'dialog.expected': 'Se esperan líneas como {a} (lsmod) o {b} (modules.dep).',
  'dialog.partial': 'Módulos leídos como {format}: {n}; líneas omitidas: {k}. El grafo muestra el resto.',
  'dialog.line': 'Línea {n}: {message}',
  'dialog.more': '… y {n} más',
  'dialog.show': 'Mostrar grafo',
  'dialog.close': 'Cerrar',
};

const pl: Record<GraphKey, string> = {
  'filter': 'Filtruj moduły',
  'filter.placeholder': 'Filtruj moduły (np. vfat)',
  'focus': 'Skup',
  'focus.title': 'Pokaż tylko zależności modułu {name} i moduły od niego zależne (to samo robi dwuklik na węźle)',
  'focus.none': 'Najpierw wybierz moduł (kliknij węzeł)',
  'depth': 'Głębokość',
  'list': 'Lista tekstowa',
  'list.title': 'Graf jako lista modułów i krawędzi',
  'machine': 'Twoja maszyna',
  'machine.title': 'Wklej lsmod, /proc/modules lub modules.dep ze swojej maszyny',
  'view': 'Widok grafu',
  'canvas': 'Obszar grafu zależności',
  'select.hint': 'Naciśnij Enter, aby wybrać ten moduł.',
  'zoom': 'Powiększenie',
  'zoom.in': 'Powiększ',
  'zoom.out': 'Pomniejsz',
  'zoom.fit': 'Dopasuj graf do widoku',
  'what.all': 'Moduły: {n}',
  'what.loaded': 'Załadowane moduły i ich sąsiedzi: {n} z {total}',
  'what.filter': 'Pasujące do „{q}” wraz z zależnościami: {n}',
  'what.focus.one': '{name}: zależności i moduły zależne, 1 poziom',
  'what.focus.many': '{name}: zależności i moduły zależne, poziomów: {depth}',
  'cap.filter': 'Pokazano {n} z {total} — zawęź filtr',
  'cap.focus': 'Pokazano {n} z {total} — zmniejsz głębokość',
  'layout': 'układanie…',
  'reason': '{name} jest używany przez {users}',
  'reason.rmmod.one': ': rmmod {name} odmawia, dopóki tamten nie zostanie usunięty',
  'reason.rmmod.many': ': rmmod {name} odmawia, dopóki tamte nie zostaną usunięte',
  'pasted': 'Twoja maszyna: modułów {n}',
  'back': 'Wróć do symulowanego jądra',
  'empty.none': 'Nie ma jeszcze modułów: zbuduj jeden w Edytorze albo wczytaj prawdziwe drzewo Debiana.',
  'empty.unloaded': 'Żaden moduł nie jest załadowany. Dostępnych modułów: {n}. Wpisz nazwę w Filtruj moduły (np. vfat), aby zobaczyć je i ich zależności.',
  'empty.pasted': 'Modułów w tym modules.dep: {n}. Wpisz nazwę w Filtruj moduły, aby zobaczyć moduł i jego zależności.',
  'text': 'Graf jako tekst',
  'text.modules': 'Moduły ({n})',
  'text.edges': 'Krawędzie ({n})',
  'text.none': 'Brak.',
  'state.available': 'dostępny',
  'flight.init': 'ładowanie',
  'flight.delete': 'usuwanie',
  'refs': 'refs {n}',
  'usedBy': 'używany przez {users}',
  'usedBy.tag': 'używany przez: {users}',
  'edge.uses': '{user} używa {used}',
  'edge.dep': '{user} zależy od {used}',
  'edge.more': '{list} i {n} więcej',
  'dialog.help': 'Na swojej maszynie z Linuksem uruchom {a}, {b} lub {c} i wklej to, co wypisze. Nic nie opuszcza tej strony.',
  'dialog.text': 'Wklejony tekst',
  'dialog.empty': 'Nie ma czego pokazać: tekst jest pusty.',
  'dialog.nothing': 'Nie ma czego pokazać: żaden wiersz nie wygląda na wynik lsmod, /proc/modules ani modules.dep (czytane jako {format}, niżej wiersze z błędami).',
  'dialog.expected': 'Oczekiwane wiersze w rodzaju {a} (lsmod) lub {b} (modules.dep).',
  'dialog.partial': 'Odczytano modułów: {n} ({format}); pominięto wierszy: {k}. Graf pokazuje resztę.',
  'dialog.line': 'Wiersz {n}: {message}',
  'dialog.more': '… i {n} więcej',
  'dialog.show': 'Pokaż graf',
  'dialog.close': 'Zamknij',
};

export const GRAPH_WORDS: Record<Lang, Record<GraphKey, string>> = { en, es, pl };

export type Words = (key: GraphKey, vars?: Record<string, string | number>) => string;

export function graphWords(lang: Lang): Words {
  const table = GRAPH_WORDS[lang];
  return (key, vars = {}) => fill(table[key] ?? en[key], vars);
}

export const EN = graphWords('en');

/** "exporter, LIVE, refs 1, used by user": a node's accessible name and its text-list line. */
export function nodeSentence(n: GNode, w: Words = EN): string {
  const parts = [n.id, stateWord(n, w)];
  if (n.inflight) parts.push(flightWord(n, w));
  if (n.refs !== null) parts.push(w('refs', { n: n.refs }));
  if (n.usedBy.length) parts.push(w('usedBy', { users: n.usedBy.join(' ') }));
  return parts.join(', ');
}

export const stateWord = (n: GNode, w: Words = EN) => (n.state === 'AVAILABLE' ? w('state.available') : n.state);
export const flightWord = (n: GNode, w: Words = EN) => (n.inflight === 'delete_module' ? w('flight.delete') : w('flight.init'));

/** "user uses exporter (moja_funkcja)": an edge's accessible name and its text-list line. */
export function edgeSentence(e: GEdge, w: Words = EN, max = 6): string {
  const head = w(e.kind === 'dep' ? 'edge.dep' : 'edge.uses', { user: e.source, used: e.target });
  if (e.symbols.length === 0) return head;
  const list = e.symbols.slice(0, max).join(', ');
  return `${head} (${e.symbols.length > max ? w('edge.more', { list, n: e.symbols.length - max }) : list})`;
}
