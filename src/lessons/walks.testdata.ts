// What a learner does in each step of each lesson (one function per step, in order), for the
// walk-through tests: the `try` commands, Build, Load, Step, Run and the edits the text asks for.
import { mod } from './checks';
import { LESSONS } from './index';
import type { Learner } from './testing';

/** The `try` lines of each step, by lesson id. */
const LESSON_TRY: Record<string, string[][]> = Object.fromEntries(LESSONS.map((l) => [l.id, l.steps.map((s) => s.try ?? [])]));

type Walk = Array<(l: Learner) => void>;

/** Types the `try` lines of a step, as given. */
function tryStep(l: Learner, lesson: string, step: number): void {
  for (const line of LESSON_TRY[lesson]![step]!) l.type(line);
}

const inflightState = (l: Learner, name: string) => mod(l.kernel, name)?.state;

export const WALKS: Record<string, Walk> = {
  logbuf: [
    (l) => { l.build(); tryStep(l, 'logbuf', 0); },
    (l) => { l.reboot('log_buf_len=8M'); tryStep(l, 'logbuf', 1); },
    (l) => { l.build(); tryStep(l, 'logbuf', 2); },
  ],
  hello: [
    (l) => { l.build(); tryStep(l, 'hello', 0); },
    (l) => { tryStep(l, 'hello', 1); },
    (l) => { tryStep(l, 'hello', 2); },
    (l) => { tryStep(l, 'hello', 3); },
    (l) => {
      l.edit('hello.yaml', (t) => t.replace('- printk: { level: KERN_ALERT, text: "Hello', '- printk: { level: KERN_INFO, text: "Hello'));
      l.build();
      tryStep(l, 'hello', 4);
    },
  ],
  loading: [
    (l) => { tryStep(l, 'loading', 0); },
    (l) => {
      l.load('hello');
      l.stepUntil(() => l.kernel.inflight[0]?.trace.at(-1)?.id === 'module_unload_init');
    },
    (l) => { l.stepUntil(() => inflightState(l, 'hello') === 'COMING'); },
    (l) => { l.run(); tryStep(l, 'loading', 3); },
    (l) => { tryStep(l, 'loading', 4); },
  ],
  unloading: [
    (l) => {
      l.build();
      tryStep(l, 'unloading', 0);
    },
    (l) => { tryStep(l, 'unloading', 1); },
    (l) => { l.unload('chardev'); l.stepUntil(() => l.kernel.cpusStopped); },
    (l) => { l.run(); },
    (l) => {
      l.build();
      tryStep(l, 'unloading', 4);
    },
  ],
  symbols: [
    (l) => { l.build(); tryStep(l, 'symbols', 0); },
    (l) => { tryStep(l, 'symbols', 1); },
    (l) => { l.build(); },
    (l) => {
      l.edit('gplonly.yaml', (t) => t.replace('license: Proprietary', 'license: GPL'));
      l.build();
      tryStep(l, 'symbols', 3);
    },
    (l) => {
      l.build();
      tryStep(l, 'symbols', 4);
    },
  ],
  depmod: [
    (l) => { l.build(); tryStep(l, 'depmod', 0); },
    (l) => { tryStep(l, 'depmod', 1); },
    (l) => { tryStep(l, 'depmod', 2); },
    (l) => { tryStep(l, 'depmod', 3); },
  ],
  'modprobe-conf': [
    (l) => { l.build(); tryStep(l, 'modprobe-conf', 0); },
    (l) => { tryStep(l, 'modprobe-conf', 1); },
    (l) => { tryStep(l, 'modprobe-conf', 2); },
    (l) => { tryStep(l, 'modprobe-conf', 3); },
    (l) => { tryStep(l, 'modprobe-conf', 4); },
  ],
  params: [
    (l) => { l.build(); tryStep(l, 'params', 0); },
    (l) => { tryStep(l, 'params', 1); },
    (l) => { tryStep(l, 'params', 2); },
    (l) => { tryStep(l, 'params', 3); },
    (l) => { tryStep(l, 'params', 4); },
  ],
  errors: [
    (l) => { l.build(); tryStep(l, 'errors', 0); },
    (l) => {
      l.load('unwind');
      l.stepUntil(() => l.kernel.inflight[0]?.trace.some((s) => s.note === 'taken: goto err_c') === true);
    },
    (l) => {
      l.run();
      l.edit('unwind.yaml', (t) => t.replace('size: 262144', 'size: 4096'));
      l.build();
      tryStep(l, 'errors', 2);
    },
    (l) => { tryStep(l, 'errors', 3); },
    (l) => { l.build(); tryStep(l, 'errors', 4); },
    (l) => { l.build(); tryStep(l, 'errors', 5); },
  ],
  memory: [
    (l) => { l.build(); tryStep(l, 'memory', 0); },
    (l) => {
      l.edit('kmalloc.yaml', (t) => t.replace('size: 4096', 'size: 1048576'));
      l.build();
      tryStep(l, 'memory', 1);
    },
    (l) => {
      // Bisect between 4096 (works) and 1048576 (fails), as a learner would.
      let good = 4096;
      let bad = 1048576;
      let size = 1048576;
      while (bad - good > 1) {
        const next = Math.floor((good + bad) / 2);
        l.edit('kmalloc.yaml', (t) => t.replace(`size: ${size}`, `size: ${next}`));
        size = next;
        l.build();
        l.type('rmmod kmalloc');
        if (l.type('insmod kmalloc.ko') === 0) good = next;
        else bad = next;
      }
      l.edit('kmalloc.yaml', (t) => t.replace(`size: ${size}`, `size: ${good}`));
      l.build();
      tryStep(l, 'memory', 2);
    },
    (l) => { l.build(); tryStep(l, 'memory', 3); },
    (l) => { l.build(); tryStep(l, 'memory', 4); },
    (l) => {
      l.edit('cache.yaml', (t) => t.replace('  - kmem_cache_free: { cache: cachep, obj: second }\n  - kmem_cache_free: { cache: cachep, obj: first }\n  - kmem_cache_destroy', '  - kmem_cache_free: { cache: cachep, obj: second }\n  - kmem_cache_destroy'));
      l.build();
      tryStep(l, 'memory', 5);
    },
  ],
  kmod: [
    (l) => { l.build(); tryStep(l, 'kmod', 0); },
    (l) => { tryStep(l, 'kmod', 1); },
    (l) => {
      tryStep(l, 'kmod', 2);
      l.load('ondemand');
      l.stepUntil(() => l.kernel.umh !== null);
      l.step();
      l.run();
    },
    (l) => { tryStep(l, 'kmod', 3); },
  ],
  taint: [
    (l) => { l.build(); tryStep(l, 'taint', 0); },
    (l) => { l.build(); tryStep(l, 'taint', 1); },
    (l) => { l.build(); tryStep(l, 'taint', 2); },
    (l) => { l.build(); tryStep(l, 'taint', 3); },
    (l) => { tryStep(l, 'taint', 4); },
  ],
};
