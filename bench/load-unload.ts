// Benchmark (not a test): loads and unloads 1,000 generated modules with random dependencies
// through init_module/delete_module, stepping every syscall to its end, and prints steps per
// second and memory. Run: npm run bench [-- COUNT]
import { encodeModuleImage, type ModuleImage } from '../src/kernel/image';
import { reduce } from '../src/kernel/reducer';
import { bootState, VERMAGIC } from '../src/kernel/state';
import type { KernelState } from '../src/kernel/types';
import { moduleNames } from '../src/kernel/modlist';

const COUNT = Number(process.argv[2] ?? 1000);

/** A seeded generator so every run loads the same graph. */
function rng(seed: number) {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let x = Math.imul(t ^ (t >>> 15), t | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(count: number): ModuleImage[] {
  const random = rng(42);
  const images: ModuleImage[] = [];
  for (let i = 0; i < count; i++) {
    const deps = new Set<number>();
    const n = i === 0 ? 0 : Math.floor(random() * 4);
    for (let k = 0; k < n; k++) deps.add(Math.floor(random() * i));
    images.push({
      name: `m${i}`, license: 'GPL', alias: [], softdep: { pre: [], post: [] }, vermagic: VERMAGIC,
      srcversion: 'B3A1F00D0C0FFEE12345678', intree: true, signed: true,
      params: [{ name: 'level', type: 'int', perm: 0o644, default: 1 }],
      exports: [{ symbol: `m${i}_fn`, gpl: false }],
      imports: ['_printk', '__kmalloc', 'kfree', ...[...deps].map((d) => `m${d}_fn`)],
      size: { core: 16384, init: 4096 },
      init: [
        { op: 'kmalloc', as: 'buf', size: 512, flags: 'GFP_KERNEL' },
        { op: 'printk', level: 6, text: `m${i}: loaded, level %d\n`, args: ['level'] },
        { op: 'return', value: 0 },
      ],
      exit: [{ op: 'kfree', var: 'buf' }, { op: 'printk', level: 6, text: `m${i}: bye\n`, args: [] }],
    });
  }
  return images;
}

/** One syscall, as insmod/rmmod issue it: the action, then `run` to its end. */
function runSyscall(s: KernelState, action: Parameters<typeof reduce>[1]): { state: KernelState; steps: number } {
  const state = reduce(reduce(s, action), { type: 'run' });
  return { state, steps: state.ret?.trace?.length ?? 0 };
}

/** The same syscall driven one `step` action at a time, as the UI's Step button does. */
function stepSyscall(s: KernelState, action: Parameters<typeof reduce>[1]): KernelState {
  let state = reduce(s, action);
  while (state.inflight.length > 0) state = reduce(state, { type: 'step' });
  return state;
}

const images = generate(COUNT);
const bytes = images.map(encodeModuleImage);
const heapBefore = process.memoryUsage().heapUsed;
let s = bootState({ cmdline: 'log_buf_len=8M', memoryBytes: 4 * 1024 * 1024 * 1024 });
let steps = 0;
const t0 = process.hrtime.bigint();
for (let i = 0; i < COUNT; i++) {
  const r = runSyscall(s, { type: 'init_module', bytes: bytes[i]!, args: 'level=3' });
  if (r.state.ret?.value !== 0) throw new Error(`m${i} failed to load: ${r.state.ret?.value}`);
  s = r.state;
  steps += r.steps;
}
const t1 = process.hrtime.bigint();
const loaded = moduleNames(s.modules).length;
const heapLoaded = process.memoryUsage().heapUsed;
// Unload newest first: a module is only removed once nothing uses it any more.
for (const name of moduleNames(s.modules)) {
  const r = runSyscall(s, { type: 'delete_module', name });
  if (r.state.ret?.value !== 0) throw new Error(`${name} failed to unload: ${r.state.ret?.value}`);
  s = r.state;
  steps += r.steps;
}
const t2 = process.hrtime.bigint();
const ms = (a: bigint, b: bigint) => Number(b - a) / 1e6;
const edges = images.reduce((n, img) => n + img.imports.filter((x) => x.endsWith('_fn')).length, 0);
console.log(`modules: ${COUNT} (${edges} dependency edges), all loaded: ${loaded === COUNT}, all unloaded: ${moduleNames(s.modules).length === 0}`);
console.log(`load:   ${ms(t0, t1).toFixed(0)} ms`);
console.log(`unload: ${ms(t1, t2).toFixed(0)} ms`);
console.log(`steps:  ${steps} in ${ms(t0, t2).toFixed(0)} ms = ${Math.round(steps / (ms(t0, t2) / 1000))} steps/s`);
console.log(`heap:   ${((heapLoaded - heapBefore) / 1048576).toFixed(1)} MiB more with all modules loaded; ${(process.memoryUsage().heapUsed / 1048576).toFixed(1)} MiB in use at the end; rss ${(process.memoryUsage().rss / 1048576).toFixed(1)} MiB`);
console.log(`kernel memory accounted at the end: ${s.memory.usedBytes} bytes (0 means nothing leaked)`);

// Stepping: with all modules loaded, one module loaded and unloaded one step action at a time.
let full = s;
for (let i = 0; i < COUNT; i++) full = runSyscall(full, { type: 'init_module', bytes: bytes[i]!, args: '' }).state;
const extra = { ...images[0]!, name: 'stepper', exports: [] };
const t3 = process.hrtime.bigint();
let stepped = stepSyscall(full, { type: 'init_module', bytes: encodeModuleImage(extra), args: '' });
stepped = stepSyscall(stepped, { type: 'delete_module', name: 'stepper' });
const t4 = process.hrtime.bigint();
const oneByOne = (stepped.ret?.trace?.length ?? 0) + 16;
console.log(`step-by-step with ${COUNT} modules loaded: ~${oneByOne} step actions in ${ms(t3, t4).toFixed(1)} ms = ${(ms(t3, t4) / oneByOne).toFixed(2)} ms per step`);
