// Benchmark (not a test): the simulation on Debian's real 6.1 module tree beside the real tools,
// in one run on one machine. Run: npm run bench:real
//
//   (a) depmod: ours over the tree's 4,023 modules (modules.dep, .alias, .softdep, .symbols,
//       .devname) beside real `depmod -b ROOT RELEASE` on the unpacked tree;
//   (b) the 300 `--show-depends` resolutions of test-data/debian-6.1/show-depends.json, all in
//       one session, beside 300 runs of real `modprobe -d ROOT -S RELEASE --show-depends NAME`;
//   (c) insmod of every module of the tree, dependencies first (modules.dep order), on three
//       freshly booted machines: each pass's time, their median, memory.
//
// Real kmod is Debian's kmod package (`apt-get install kmod`). The tree is the package the
// catalogue was made from, fetched and unpacked as scripts/catalog/build-debian-6.1.sh does it
// (apt-get download, dpkg -x), into $KMP_BENCH_DIR (default /tmp/kmp-bench-6.1); a .deb that
// script already downloaded ($KMP_DEBIAN_DIR/debs, default /tmp/kmp-debian-6.1/debs) is reused.
// Without kmod or the tree, ours is printed alone with the reason.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogBootOptions } from '../src/catalog/boot';
import { decodeCatalog } from '../src/catalog/load';
import type { BootOptions } from '../src/kernel/state';
import { readPath } from '../src/userland/commands/files';
import { Session } from '../src/userland/kshell/session';
import { Machine } from '../src/userland/machine';
import { moduleNames } from '../src/kernel/modlist';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = join(REPO, 'test-data/debian-6.1');
const PACKAGE = 'linux-image-6.1.0-56-amd64-unsigned';
const VERSION = process.env.KMP_DEBIAN_VERSION ?? '6.1.192-2';
const WORK = process.env.KMP_BENCH_DIR ?? '/tmp/kmp-bench-6.1';
const DEBS = join(process.env.KMP_DEBIAN_DIR ?? '/tmp/kmp-debian-6.1', 'debs');
const INDEX_FILES = ['modules.dep', 'modules.alias', 'modules.softdep', 'modules.symbols', 'modules.devname'];

const quiet = { stdin: '', out: () => {}, err: () => {} };
const ms = (x: number) => `${x >= 100 ? x.toFixed(0) : x.toFixed(1)} ms`;
const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = (f: () => void) => { const t = performance.now(); f(); return performance.now() - t; };

function run(cmd: string, args: string[], cwd?: string) {
  return spawnSync(cmd, args, { encoding: 'utf8', cwd, maxBuffer: 64 << 20 });
}

/** kmod's version line, or why real kmod cannot run. */
function kmodVersion(): { ok: true; version: string } | { ok: false; why: string } {
  const r = run('depmod', ['--version']);
  if (r.error || r.status !== 0) return { ok: false, why: 'real kmod is not installed (depmod not found: apt-get install kmod)' };
  if (run('modprobe', ['--version']).status !== 0) return { ok: false, why: 'real modprobe does not run' };
  return { ok: true, version: r.stdout.split('\n')[0]! };
}

/** The unpacked tree (ROOT, with lib/modules/RELEASE inside), or why there is none. */
function realTree(release: string): { ok: true; root: string; note: string } | { ok: false; why: string } {
  const root = join(WORK, 'root');
  const moduleDir = join(root, 'lib/modules', release);
  if (existsSync(join(moduleDir, 'kernel'))) return { ok: true, root, note: `${root} (unpacked earlier)` };
  const find = (dir: string) => existsSync(dir) ? readdirSync(dir).find((f) => f.startsWith(`${PACKAGE}_${VERSION}_`) && f.endsWith('.deb')) : undefined;
  let debDir = DEBS;
  let deb = find(DEBS);
  if (!deb) {
    debDir = join(WORK, 'debs');
    mkdirSync(debDir, { recursive: true });
    deb = find(debDir);
    if (!deb) {
      process.stderr.write(`downloading ${PACKAGE}=${VERSION} (apt-get download) ...\n`);
      const r = run('apt-get', ['download', '-q', `${PACKAGE}=${VERSION}`], debDir);
      deb = find(debDir);
      if (!deb) return { ok: false, why: `cannot fetch the tree: apt-get download ${PACKAGE}=${VERSION} failed (${(r.error?.message ?? r.stderr.trim().split('\n').pop() ?? '').slice(0, 200)}); run apt-get update first` };
    }
  }
  process.stderr.write(`unpacking ${deb} (dpkg -x) ...\n`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const x = run('dpkg', ['-x', join(debDir, deb), root]);
  if (x.status !== 0 || !existsSync(join(moduleDir, 'kernel'))) return { ok: false, why: `dpkg -x ${deb} failed: ${(x.error?.message ?? x.stderr).slice(0, 200)}` };
  return { ok: true, root, note: `${root} (from ${join(debDir, deb)})` };
}

/** modules.dep order with every module after its dependencies (depth first, as modprobe would). */
function loadOrder(modulesDep: string): string[] {
  const deps = new Map<string, string[]>();
  for (const line of modulesDep.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) deps.set(line.slice(0, colon), line.slice(colon + 1).trim().split(' ').filter(Boolean));
  }
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    // A modules.dep line lists users before what they use: the last one is loaded first.
    for (const d of [...deps.get(path)!].reverse()) visit(d);
    order.push(path);
  };
  for (const path of deps.keys()) visit(path);
  return order;
}

function ratioLine(label: string, ours: number, real: number, target: number): string {
  const speedup = real / ours;
  return `  ${label}: ours/real = ${(ours / real).toFixed(3)}, i.e. ${speedup.toFixed(1)}x faster (target >= ${target}x: ${speedup >= target ? 'met' : 'NOT met'})`;
}

// ------------------------------------------------------------------------------------------
const catalog = decodeCatalog(JSON.parse(readFileSync(join(REPO, 'public/catalog/debian-6.1.json'), 'utf8')));
const RELEASE = catalog.release;
const DIR = `/lib/modules/${RELEASE}`;
const cases = JSON.parse(readFileSync(join(DATA, 'show-depends.json'), 'utf8')) as Array<{ args: string[]; stdout: string; status: number }>;

console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'CPU'}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}, node ${process.version}`);
console.log(`tree: ${catalog.package}, ${catalog.modules.length} modules, release ${RELEASE}`);
const kmod = kmodVersion();
const tree = kmod.ok ? realTree(RELEASE) : { ok: false as const, why: 'not fetched: real kmod is missing anyway' };
console.log(`real kmod: ${kmod.ok ? kmod.version : `MISSING - ${kmod.why}`}`);
console.log(`real tree: ${tree.ok ? tree.note : `MISSING - ${tree.why}`}`);
const real = kmod.ok && tree.ok ? { root: tree.root } : null;
if (!real) console.log('=> the comparisons below print ours alone.');

// (a) depmod -------------------------------------------------------------------------------
console.log('\n(a) depmod over the whole tree');
const options: BootOptions = catalogBootOptions(catalog);
const bootOnly = time(() => new Machine(options));
let session: Session = undefined as unknown as Session;
const bootWithDepmod = time(() => { session = new Session(options); });
const oursCold = Math.max(0, bootWithDepmod - bootOnly);
const oursWarm: number[] = [];
for (let i = 0; i < 5; i++) oursWarm.push(time(() => session.machine.drive(session.shell.runArgv(['depmod', '-a'], quiet))));
const oursFiles = Object.fromEntries(INDEX_FILES.map((f) => [f, readPath(session.machine.state, `${DIR}/${f}`)]));
console.log(`  ours, at boot (reads every .ko image first): ${ms(oursCold)}`);
console.log(`  ours, depmod -a in the booted session (median of 5): ${ms(median(oursWarm))}  [${oursWarm.map(ms).join(', ')}]`);
if (real) {
  const realRuns: number[] = [];
  let failed = '';
  for (let i = 0; i < 3 && !failed; i++) {
    const t = performance.now();
    const r = run('depmod', ['-b', real.root, RELEASE]);
    realRuns.push(performance.now() - t);
    if (r.status !== 0) failed = r.stderr.trim().slice(0, 200);
  }
  if (failed) console.log(`  real depmod failed: ${failed}`);
  else {
    const same = INDEX_FILES.filter((f) => oursFiles[f] === readFileSync(join(real.root, 'lib/modules', RELEASE, f), 'utf8'));
    console.log(`  real depmod -b ROOT ${RELEASE} (median of 3): ${ms(median(realRuns))}  [${realRuns.map(ms).join(', ')}]`);
    console.log(`  same text files as real depmod wrote: ${same.length}/${INDEX_FILES.length} (${INDEX_FILES.map((f) => `${f} ${same.includes(f) ? 'same' : 'DIFFERENT'}`).join(', ')})`);
    console.log(ratioLine('depmod -a in a session', median(oursWarm), median(realRuns), 7));
    console.log(ratioLine('depmod at boot', oursCold, median(realRuns), 7));
  }
}

// (b) --show-depends -----------------------------------------------------------------------
console.log(`\n(b) ${cases.length} --show-depends resolutions`);
const resolveAll = () => {
  let same = 0;
  const t = performance.now();
  for (const c of cases) {
    let out = '';
    session.machine.drive(session.shell.runArgv(['modprobe', ...c.args], { stdin: '', out: (x) => { out += x; }, err: () => {} }));
    if (out === c.stdout) same++;
  }
  return { ms: performance.now() - t, same };
};
// The first pass parses the index files; the next few still run while V8 compiles the code into
// its optimised form (on a busy 2-core machine that compiling competes for the CPU); after them a
// pass shows the steady cost of a resolution in a running session.
const first = resolveAll();
const warming = [resolveAll(), resolveAll(), resolveAll()];
const again = [resolveAll(), resolveAll(), resolveAll(), resolveAll(), resolveAll()];
const oursResolve = median(again.map((r) => r.ms));
console.log(`  ours, first pass (parses modules.alias, .symbols, ... once): ${ms(first.ms)}; output identical to real kmod's recorded output: ${first.same}/${cases.length}`);
console.log(`  ours, passes 2-4 (warming up): ${warming.map((r) => ms(r.ms)).join(', ')}`);
console.log(`  ours, later passes (median of 5): ${ms(oursResolve)}, ${(oursResolve * 1000 / cases.length).toFixed(0)} us per resolution; identical output: ${Math.min(...again.map((r) => r.same))}/${cases.length}`);
if (real) {
  const conf = join(WORK, 'empty-modprobe.d');
  mkdirSync(conf, { recursive: true });
  let same = 0;
  const t = performance.now();
  for (const c of cases) {
    const r = run('modprobe', ['-C', conf, '-d', real.root, '-S', RELEASE, ...c.args]);
    if (r.stdout.split(real.root).join('') === c.stdout) same++;
  }
  const realResolve = performance.now() - t;
  console.log(`  real, ${cases.length} x modprobe -C EMPTYDIR -d ROOT -S ${RELEASE} --show-depends NAME: ${ms(realResolve)} (${same}/${cases.length} print what was recorded)`);
  console.log(ratioLine('300 resolutions, later passes', oursResolve, realResolve, 30));
  console.log(ratioLine('300 resolutions, passes 2-4', median(warming.map((r) => r.ms)), realResolve, 30));
  console.log(ratioLine('300 resolutions, first pass', first.ms, realResolve, 30));
}

// (c) insmod of every module ---------------------------------------------------------------
// Three passes, each on a freshly booted machine of its own, measured with nothing else of this
// run left on the heap (this machine's speed wanders by half between seconds: the median of three
// is printed beside each pass).
session = undefined as unknown as Session;
console.log('\n(c) insmod of every module, dependencies first (3 passes, each on a new machine)');
const passes: number[] = [];
for (let pass = 0; pass < 3; pass++) {
  let fresh: Session | undefined = new Session(options);
  const order = loadOrder(String(readPath(fresh.machine.state, `${DIR}/modules.dep`)));
  const actionsBefore = fresh.machine.timeline.length;
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let failures = 0;
  const cpu0 = process.cpuUsage();
  const loadMs = time(() => {
    for (const path of order) {
      if (fresh!.machine.drive(fresh!.shell.runArgv(['insmod', `${DIR}/${path}`], quiet)) !== 0) failures++;
    }
  });
  passes.push(loadMs);
  const cpu = process.cpuUsage(cpu0);
  const heapLoaded = process.memoryUsage().heapUsed;
  global.gc?.();
  const heapKept = process.memoryUsage().heapUsed;
  const loaded = moduleNames(fresh.machine.state.modules).length;
  const lsmodLines = fresh.script(['lsmod']).output.split('\n').filter(Boolean).length - 1;
  console.log(`  pass ${pass + 1}: ${ms(loadMs)} (${(loadMs * 1000 / order.length).toFixed(0)} us per module; CPU ${ms((cpu.user + cpu.system) / 1000)}); ${loaded}/${order.length} loaded (${failures} insmod failures), lsmod lists ${lsmodLines}; ${fresh.machine.timeline.length - actionsBefore} kernel actions on the timeline`);
  if (pass === 0) console.log(`          memory: heap +${mib(heapLoaded - heapBefore)} while loading${global.gc ? `, +${mib(heapKept - heapBefore)} kept after GC (every state on the timeline)` : ''}; rss ${mib(process.memoryUsage().rss)}`);
  fresh = undefined;
}
const loadMedian = median(passes);
console.log(`  median of the 3 passes: ${ms(loadMedian)} - target < 1000 ms: ${loadMedian < 1000 ? 'met' : 'NOT met'}`);
