// Lesson 9: kmalloc (the lab's fourth example and its exercise: find kmalloc's largest size by
// experiment), vmalloc for bigger buffers, and a private kmem_cache.
import { KMALLOC_MAX_SIZE } from '../../kernel/memory';
import { allocationsOf, isLive, logHas, t } from '../checks';
import { CACHE, VBUF } from '../inline';
import type { KernelState } from '../../kernel/types';
import type { Lesson } from '../types';

/** Allocations of a kind made by a module that is loaded and LIVE. */
function liveAllocations(k: KernelState, kind: string) {
  return Object.values(k.memory.allocations).filter((a) => a.kind === kind && isLive(k, a.owner));
}

export const MEMORY: Lesson = {
  id: 'memory',
  title: t('Memory: kmalloc, vmalloc, kmem_cache', 'Memoria: kmalloc, vmalloc, kmem_cache', 'Pamięć: kmalloc, vmalloc, kmem_cache'),
  summary: t(
    'Allocate kernel memory three ways, and find by experiment the largest block kmalloc gives.',
    'Reservar memoria del kernel de tres maneras y encontrar experimentalmente el bloque más grande que da kmalloc.',
    'Przydziel pamięć jądra na trzy sposoby i znajdź doświadczalnie największy blok, jaki daje kmalloc.',
  ),
  steps: [
    {
      text: t(
        "`kmalloc(size, GFP_KERNEL)` gives physically contiguous memory, quickly; it returns NULL on failure. `GFP_KERNEL` may sleep, so it is only for process context; `GFP_ATOMIC` never sleeps. kmalloc.yaml is the lab's fourth example: a buffer taken in init and freed in exit. Build and load it.",
        "`kmalloc(size, GFP_KERNEL)` da memoria físicamente contigua, y rápido; retorna NULL si falla. `GFP_KERNEL` puede bloquearse, así que solo sirve en contexto de proceso; `GFP_ATOMIC` nunca se bloquea. kmalloc.yaml es el cuarto ejemplo del taller: un buffer que se toma en init y se libera en exit. Pulsa Build y cárgalo.",
        "`kmalloc(size, GFP_KERNEL)` szybko przydziela spójny obszar pamięci fizycznej; w razie błędu zwraca NULL. `GFP_KERNEL` może blokować, więc wolno jej używać tylko w kontekście procesu; `GFP_ATOMIC` nigdy nie blokuje. kmalloc.yaml to czwarty przykład z laboratorium: bufor przydzielany w init i zwalniany w exit. Naciśnij Build i załaduj moduł.",
      ),
      files: ['kmalloc.yaml'],
      try: ['insmod kmalloc.ko', 'dmesg | tail -1'],
      checkpoint: {
        id: 'memory/kmalloc',
        goal: t('Load kmalloc with its buffer allocated.', 'Carga kmalloc con su buffer reservado.', 'Załaduj kmalloc z przydzielonym buforem.'),
        hint: t('Build, then `insmod kmalloc.ko`.', 'Pulsa Build y luego `insmod kmalloc.ko`.', 'Naciśnij Build, potem `insmod kmalloc.ko`.'),
        check: ({ kernel }) => isLive(kernel, 'kmalloc') && allocationsOf(kernel, 'kmalloc').some((a) => a.kind === 'kmalloc'),
      },
    },
    {
      text: t(
        "The lab's exercise: find by experiment the largest size kmalloc can give. Unload the module, change `size`, Build, load it, and repeat. When kmalloc returns NULL, init prints kmalloc: out of memory and returns -ENOMEM, so the load fails.",
        "El ejercicio del taller: encontrar experimentalmente el tamaño máximo que puede dar kmalloc. Descarga el módulo, cambia `size`, pulsa Build, cárgalo y repite. Cuando kmalloc retorna NULL, init imprime kmalloc: out of memory y retorna -ENOMEM, así que la carga falla.",
        "Ćwiczenie z laboratorium: zbadać doświadczalnie maksymalny rozmiar, który można zaalokować za pomocą kmalloc. Usuń moduł, zmień `size`, naciśnij Build, załaduj go i powtarzaj. Gdy kmalloc zwróci NULL, init wypisze kmalloc: out of memory i zwróci -ENOMEM, więc ładowanie się nie uda.",
      ),
      try: ['rmmod kmalloc', 'insmod kmalloc.ko', 'dmesg | tail -1'],
      checkpoint: {
        id: 'memory/too-big',
        goal: t('Find a size that kmalloc refuses.', 'Encuentra un tamaño que kmalloc rechaza.', 'Znajdź rozmiar, którego kmalloc odmawia.'),
        hint: t(
          'Try a large size, for example `size: 1048576` (1 MiB).',
          'Prueba un tamaño grande, por ejemplo `size: 1048576` (1 MiB).',
          'Spróbuj dużego rozmiaru, np. `size: 1048576` (1 MiB).',
        ),
        check: ({ kernel }) => logHas(kernel, 'kmalloc: out of memory'),
      },
    },
    {
      text: t(
        "Now narrow it down to the byte: the largest size that still loads. Halve the gap between a size that works and one that fails. The lab gives a hint: at most 32 pages, and a page is 4096 bytes on x86.",
        "Ahora acótalo hasta el byte: el tamaño más grande con el que todavía carga. Divide a la mitad el intervalo entre un tamaño que funciona y uno que falla. El taller da una pista: como mucho 32 páginas, y una página son 4096 bytes en x86.",
        "Teraz zawęź wynik do jednego bajta: największy rozmiar, przy którym moduł jeszcze się ładuje. Dziel na pół przedział między rozmiarem, który działa, a tym, który nie działa. Laboratorium podpowiada: maksymalnie 32 strony, a strona na x86 ma 4096 bajtów.",
      ),
      try: ['rmmod kmalloc', 'insmod kmalloc.ko'],
      checkpoint: {
        id: 'memory/largest',
        goal: t(
          'Load kmalloc.yaml with exactly the largest size kmalloc accepts.',
          'Carga kmalloc.yaml exactamente con el tamaño más grande que acepta kmalloc.',
          'Załaduj kmalloc.yaml dokładnie z największym rozmiarem, jaki przyjmuje kmalloc.',
        ),
        hint: t(
          'One byte more must fail. 32 × 4096 = ?',
          'Un byte más debe fallar. 32 × 4096 = ?',
          'Jeden bajt więcej musi się nie udać. 32 × 4096 = ?',
        ),
        check: ({ kernel }) => liveAllocations(kernel, 'kmalloc').some((a) => a.requested === KMALLOC_MAX_SIZE),
      },
    },
    {
      text: t(
        "vmalloc can give a much larger area, as long as there is free memory, but it is only virtually contiguous: scattered physical pages mapped side by side through the page tables, which is slower. The lab's next exercise reworks example 4 for bigger buffers with vmalloc and vfree: vbuf.yaml does it for 1 MiB. (`alloc_pages(GFP_KERNEL, order)` gives 2^order whole pages.)",
        "vmalloc puede dar un área mucho más grande, siempre que haya memoria libre, pero solo contigua virtualmente: páginas físicas dispersas mapeadas una junto a otra mediante la tabla de páginas, lo que es más lento. El siguiente ejercicio del taller adapta el ejemplo 4 a buffers más grandes con vmalloc y vfree: vbuf.yaml lo hace para 1 MiB. (`alloc_pages(GFP_KERNEL, order)` da 2^order páginas completas.)",
        "vmalloc może przydzielić dowolnie duży obszar (o ile jest dość wolnej pamięci), ale niespójny fizycznie: rozproszone strony fizyczne są odwzorowane obok siebie przez tablice stron, co jest wolniejsze. Kolejne ćwiczenie z laboratorium przerabia przykład 4 tak, by działał dla większych buforów, za pomocą vmalloc i vfree: vbuf.yaml robi to dla 1 MiB. (`alloc_pages(GFP_KERNEL, order)` przydziela 2^order całych stron.)",
      ),
      inlineFiles: [VBUF],
      try: ['insmod vbuf.ko', 'dmesg | tail -1'],
      checkpoint: {
        id: 'memory/vmalloc',
        goal: t(
          'Load a module holding a vmalloc buffer larger than kmalloc can give.',
          'Carga un módulo con un buffer de vmalloc mayor del que puede dar kmalloc.',
          'Załaduj moduł trzymający bufor z vmalloc większy, niż może dać kmalloc.',
        ),
        hint: t('Build, then `insmod vbuf.ko`.', 'Pulsa Build y luego `insmod vbuf.ko`.', 'Naciśnij Build, potem `insmod vbuf.ko`.'),
        check: ({ kernel }) => liveAllocations(kernel, 'vmalloc').some((a) => a.requested > KMALLOC_MAX_SIZE),
      },
    },
    {
      text: t(
        "For many objects of one size, make a private cache: kmem_cache_create cuts pages into pieces of exactly that size with little overhead, kmem_cache_alloc and kmem_cache_free take and give back objects, and kmem_cache_destroy removes the cache. cache.yaml takes two 64-byte objects.",
        "Para muchos objetos del mismo tamaño conviene una caché propia: kmem_cache_create corta páginas en trozos de exactamente ese tamaño con poco desperdicio, kmem_cache_alloc y kmem_cache_free toman y devuelven objetos, y kmem_cache_destroy elimina la caché. cache.yaml toma dos objetos de 64 bytes.",
        "Gdy mamy dużo obiektów tej samej wielkości, przydaje się prywatna sterta: kmem_cache_create dzieli strony na fragmenty o dokładnie zadanej długości z minimalnym narzutem, kmem_cache_alloc i kmem_cache_free przydzielają i oddają obiekty, a kmem_cache_destroy usuwa stertę. cache.yaml przydziela dwa obiekty po 64 bajty.",
      ),
      inlineFiles: [CACHE],
      try: ['insmod cache.ko', 'dmesg | tail -1'],
      checkpoint: {
        id: 'memory/cache',
        goal: t(
          'Load a module with objects in its own kmem_cache.',
          'Carga un módulo con objetos en su propia kmem_cache.',
          'Załaduj moduł z obiektami we własnej stercie kmem_cache.',
        ),
        hint: t('Build, then `insmod cache.ko`.', 'Pulsa Build y luego `insmod cache.ko`.', 'Naciśnij Build, potem `insmod cache.ko`.'),
        check: ({ kernel }) => Object.values(kernel.caches).some((c) => c.objects > 0 && isLive(kernel, c.owner)),
      },
    },
    {
      text: t(
        "Delete one of the kmem_cache_free lines in cache.yaml's exit, Build, reload and unload it. Destroying a cache that still holds objects is a bug: the kernel warns and leaks the whole cache. Kernel memory that leaks stays lost until the next reboot.",
        "Borra una de las líneas kmem_cache_free del exit de cache.yaml, pulsa Build, recárgalo y descárgalo. Destruir una caché que todavía tiene objetos es un error: el kernel avisa y pierde la caché entera. La memoria del kernel que se pierde no se recupera hasta el próximo reinicio.",
        "Usuń jedną z linii kmem_cache_free w exit pliku cache.yaml, naciśnij Build, załaduj moduł ponownie i usuń go. Niszczenie sterty, która wciąż ma obiekty, to błąd: jądro ostrzega, a cała sterta wycieka. Wyciek pamięci w jądrze trwa aż do restartu systemu.",
      ),
      try: ['rmmod cache', 'insmod cache.ko', 'rmmod cache', 'dmesg | tail -2', 'rmmod kmalloc vbuf'],
      checkpoint: {
        id: 'memory/leak',
        goal: t(
          'Make exit destroy a cache that still has objects.',
          'Haz que exit destruya una caché que todavía tiene objetos.',
          'Spraw, by exit zniszczyła stertę, która wciąż ma obiekty.',
        ),
        hint: t(
          'Remove a `kmem_cache_free` line from exit, Build, then reload and `rmmod cache`.',
          'Quita una línea `kmem_cache_free` de exit, pulsa Build, recarga y haz `rmmod cache`.',
          'Usuń linię `kmem_cache_free` z exit, naciśnij Build, załaduj ponownie i wykonaj `rmmod cache`.',
        ),
        check: ({ kernel }) => logHas(kernel, 'Slab cache still has objects'),
      },
    },
  ],
};
