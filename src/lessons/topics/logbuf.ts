// Lesson 12: printk's log buffer is a ring of fixed size (log_buf_len), a kernel boot parameter.
import { isLive, logHas, t, typed } from '../checks';
import type { Lesson } from '../types';

/** Debian's buffer is 128 KiB; the lesson asks for 8 MiB. */
const EIGHT_MIB = 8 << 20;

export const LOG_BUFFER: Lesson = {
  id: 'logbuf',
  title: t('The kernel log is a ring', 'El registro del kernel es un anillo', 'Log jądra to bufor cykliczny'),
  summary: t(
    'Flood the log with printk and see the oldest lines overwritten; boot with a bigger buffer.',
    'Inunda el registro con printk y mira cómo se sobrescriben las líneas más antiguas; arranca con un búfer mayor.',
    'Zalej log wywołaniami printk i zobacz, jak najstarsze wiersze są nadpisywane; uruchom jądro z większym buforem.',
  ),
  steps: [
    {
      text: t(
        "printk() does not write to a file: it stores each line in the kernel's log buffer, a ring of fixed size, and dmesg reads the ring. Debian's kernel has 128 KiB of text and 4,096 records. flood.yaml prints 100,000 lines in a loop (for (i = 0; i < 100000; i++) printk(...)). Load it and ask dmesg for its first line: the early lines, even the kernel's own banner, are gone.",
        'printk() no escribe en un fichero: guarda cada línea en el búfer de registro del kernel, un anillo de tamaño fijo, y dmesg lee ese anillo. El kernel de Debian tiene 128 KiB de texto y 4.096 registros. flood.yaml imprime 100.000 líneas en un bucle (for (i = 0; i < 100000; i++) printk(...)). Cárgalo y pide a dmesg su primera línea: las primeras líneas, incluso la cabecera del propio kernel, ya no están.',
        'printk() nie zapisuje do pliku: umieszcza każdy wiersz w buforze logu jądra, cyklicznym buforze o stałym rozmiarze, a dmesg czyta ten bufor. Jądro Debiana ma 128 KiB tekstu i 4096 rekordów. flood.yaml wypisuje 100 000 wierszy w pętli (for (i = 0; i < 100000; i++) printk(...)). Załaduj go i poproś dmesg o pierwszy wiersz: wcześniejsze wiersze, nawet nagłówek samego jądra, zniknęły.',
      ),
      files: ['flood.yaml'],
      try: ['insmod flood.ko', 'dmesg | head -n 1', 'dmesg | tail -n 1'],
      checkpoint: {
        id: 'logbuf/overwritten',
        goal: t(
          'Fill the ring so that its first lines are overwritten, and read what dmesg still has.',
          'Llena el anillo hasta que se sobrescriban sus primeras líneas y lee lo que dmesg aún conserva.',
          'Zapełnij bufor tak, by jego pierwsze wiersze zostały nadpisane, i odczytaj, co dmesg jeszcze ma.',
        ),
        hint: t(
          'Press Build (or Load and Run), then `insmod flood.ko` and `dmesg | head -n 1`.',
          'Pulsa Build (o Load y Run), después `insmod flood.ko` y `dmesg | head -n 1`.',
          'Naciśnij Build (albo Load i Run), potem `insmod flood.ko` i `dmesg | head -n 1`.',
        ),
        check: (ctx) => isLive(ctx.kernel, 'flood') && logHas(ctx.kernel, 'flood: line 99999')
          && !logHas(ctx.kernel, /^Linux version /) && typed(ctx, /^dmesg\b/),
      },
    },
    {
      text: t(
        "The buffer's size is set when the kernel boots, by the parameter log_buf_len on the kernel command line (GRUB's linux line on a real machine). In Kernel log, choose log_buf_len 8M: the machine reboots with it. /proc/cmdline shows the command line, and the kernel says at boot that it made the buffer bigger.",
        'El tamaño del búfer se fija al arrancar el kernel, con el parámetro log_buf_len de la línea de órdenes del kernel (la línea linux de GRUB en una máquina real). En Kernel log, elige log_buf_len 8M: la máquina se reinicia con él. /proc/cmdline muestra la línea de órdenes, y el kernel dice al arrancar que agrandó el búfer.',
        'Rozmiar bufora ustala się przy starcie jądra parametrem log_buf_len w wierszu poleceń jądra (na prawdziwej maszynie: wiersz linux w GRUB). W panelu Kernel log wybierz log_buf_len 8M: maszyna uruchomi się z nim ponownie. /proc/cmdline pokazuje wiersz poleceń, a jądro przy starcie informuje, że powiększyło bufor.',
      ),
      try: ['cat /proc/cmdline', 'dmesg | head -n 4'],
      checkpoint: {
        id: 'logbuf/bigger',
        goal: t(
          'Boot with log_buf_len=8M and read the kernel command line.',
          'Arranca con log_buf_len=8M y lee la línea de órdenes del kernel.',
          'Uruchom jądro z log_buf_len=8M i odczytaj jego wiersz poleceń.',
        ),
        hint: t(
          'Kernel log → log_buf_len → 8M, then `cat /proc/cmdline`.',
          'Kernel log → log_buf_len → 8M, y después `cat /proc/cmdline`.',
          'Kernel log → log_buf_len → 8M, a potem `cat /proc/cmdline`.',
        ),
        check: (ctx) => ctx.kernel.log.size >= EIGHT_MIB && ctx.history.at(-1) === 'cat /proc/cmdline'
          && /log_buf_len=8M/.test(ctx.kernel.cmdline),
      },
    },
    {
      text: t(
        'Load flood again (Build first: a reboot starts from an empty /root). With 8 MiB the ring holds all 100,000 lines and the boot lines before them; scroll Kernel log from the top to the end. A bigger buffer costs memory the kernel never gets back, which is why distributions keep it small.',
        'Carga flood otra vez (antes, Build: un reinicio empieza con /root vacío). Con 8 MiB el anillo guarda las 100.000 líneas y las del arranque anteriores; recorre Kernel log de principio a fin. Un búfer mayor cuesta memoria que el kernel no recupera nunca, y por eso las distribuciones lo mantienen pequeño.',
        'Załaduj flood ponownie (najpierw Build: po restarcie /root jest pusty). Przy 8 MiB bufor mieści wszystkie 100 000 wierszy i wcześniejsze wiersze z rozruchu; przewiń Kernel log od początku do końca. Większy bufor kosztuje pamięć, której jądro nigdy nie odzyskuje, dlatego dystrybucje trzymają go małym.',
      ),
      files: ['flood.yaml'],
      try: ['insmod flood.ko', 'dmesg | head -n 1', 'dmesg | grep -c flood'],
      checkpoint: {
        id: 'logbuf/all-kept',
        goal: t(
          'Keep all 100,000 lines of flood in the log, with the boot lines before them.',
          'Conserva en el registro las 100.000 líneas de flood, con las del arranque delante.',
          'Zachowaj w logu wszystkie 100 000 wierszy flood wraz z wcześniejszymi wierszami rozruchu.',
        ),
        hint: t(
          'After the reboot with 8M: Build, `insmod flood.ko`, then `dmesg | head -n 1`.',
          'Tras reiniciar con 8M: Build, `insmod flood.ko` y después `dmesg | head -n 1`.',
          'Po restarcie z 8M: Build, `insmod flood.ko`, potem `dmesg | head -n 1`.',
        ),
        check: (ctx) => isLive(ctx.kernel, 'flood') && logHas(ctx.kernel, /^Linux version /)
          && logHas(ctx.kernel, 'flood: line 0') && logHas(ctx.kernel, 'flood: line 99999'),
      },
    },
  ],
};
