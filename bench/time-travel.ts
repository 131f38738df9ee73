// Benchmark (not a test): time travel at 100,000 actions (issue 4). Builds a timeline of hello
// loads and unloads stepped one action at a time, as the Step button does, until it holds
// 100,000 actions; then seeks to random points and steps back and forth as the Timeline slider
// and the Step / Step back buttons do, and prints how long each took and the heap it uses.
//   npx tsx bench/time-travel.ts [ACTIONS]
import { encodeModuleImage } from '../src/kernel/image';
import { bootState, VERMAGIC } from '../src/kernel/state';
import { Timeline } from '../src/kernel/timeline';

const TARGET = Number(process.argv[2] ?? 100_000);
const hello = encodeModuleImage({
  name: 'hello', license: 'GPL', alias: [], softdep: { pre: [], post: [] }, vermagic: VERMAGIC,
  srcversion: 'B3A1F00D0C0FFEE12345678', intree: true, signed: true, params: [], exports: [],
  imports: ['_printk'], size: { core: 16384, init: 4096 },
  init: [{ op: 'printk', level: 1, text: 'Hello, world\n', args: [] }, { op: 'return', value: 0 }],
  exit: [{ op: 'printk', level: 1, text: 'Goodbye, cruel world\n', args: [] }],
});

const heap = () => `${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`;
const t = new Timeline(bootState());
let started = performance.now();
while (t.length < TARGET) {
  t.apply({ type: 'init_module', bytes: hello, args: '' });
  while (t.state.inflight.length > 0 && t.length < TARGET) t.apply({ type: 'step' });
  if (t.length >= TARGET) break;
  t.apply({ type: 'delete_module', name: 'hello' });
  while (t.state.inflight.length > 0 && t.length < TARGET) t.apply({ type: 'step' });
}
const build = performance.now() - started;
console.log(`built a timeline of ${t.length} actions in ${(build / 1000).toFixed(2)} s (${Math.round(t.length / (build / 1000))} actions/s); heap ${heap()}`);

let seed = 7;
const random = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
const seeks: number[] = [];
for (let i = 0; i < 200; i++) {
  const to = Math.floor(random() * (t.length + 1));
  started = performance.now();
  t.seek(to);
  seeks.push(performance.now() - started);
}
seeks.sort((a, b) => a - b);
const pct = (p: number) => seeks[Math.min(seeks.length - 1, Math.floor(p * seeks.length))]!.toFixed(2);
console.log(`200 random seeks: median ${pct(0.5)} ms, 95th percentile ${pct(0.95)} ms, worst ${pct(1)} ms`);

const steps: number[] = [];
t.seek(Math.floor(t.length / 2));
for (let i = 0; i < 200; i++) {
  started = performance.now();
  if (i % 2 === 0) t.seek(t.cursor - 1); else t.seek(t.cursor + 1);
  steps.push(performance.now() - started);
}
steps.sort((a, b) => a - b);
console.log(`200 Step back / Step: median ${steps[100]!.toFixed(3)} ms, worst ${steps[199]!.toFixed(3)} ms`);
started = performance.now();
t.seek(0);
t.seek(t.length);
console.log(`Home then End: ${(performance.now() - started).toFixed(2)} ms; heap ${heap()}`);
