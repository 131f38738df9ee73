#!/usr/bin/env node
// The Dependency graph with the real Debian tree, in Chromium: how long the page's main thread is
// blocked when a filter (or a focus) puts hundreds of modules on the graph, and how smooth pan and
// zoom are over such a result. It prints figures, it asserts nothing (the machine may be shared).
//
//   node_modules/.bin/vite build --outDir /tmp/graphperf/dist
//   node bench/graph-browser.mjs --dist /tmp/graphperf/dist [--port 4611] [--runs 3]
//   (meant as `npm run bench:graph` after a build: "bench:graph": "node bench/graph-browser.mjs")
//        [--profile /tmp/graph.cpuprofile] [--shots reports/screenshots/graphperf-]
//   --filters snd,usb picks the filter cases, --no-focus skips the focus case, --verbose lists
//   each case's long tasks, --trace PREFIX saves Chrome traces of the "snd" case (or --trace-case's) and its pan/zoom.
//   (GRAPH_DIST and GRAPH_PORT may stand for --dist and --port; CHROMIUM_PATH for the browser.)
//
// For each case, measured in the page from the first keystroke:
//   shown    when the graph's info line names the new view and its nodes are in the DOM,
//   settled  when ELK's layout has replaced the cheap one, or the last long task ended if later,
//   longest  the longest main-thread task (PerformanceObserver 'longtask') until settled,
//   TBT      total blocking time (the part of each long task beyond 50 ms) until settled.
// Then 2 s of mouse-wheel zooms and drags over the pane, with requestAnimationFrame intervals.
// --profile saves a CPU profile (CDP Profiler) of the "snd" filter case (or --trace-case's) and
// prints where the time went (self and total time by function; readable with a build made with
// --minify false). --shots PREFIX saves screenshots of the "snd" result: as it opens, zoomed in,
// with snd selected, and fitted whole. The default dist folder is dist/, the default port 4611.
// Served as scripts/first-paint.mjs serves the page: gzipped by scripts/serve.mjs on 127.0.0.1.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadavg } from 'node:os';
import { serve } from '../scripts/serve.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const dist = resolve(opt('--dist', process.env.GRAPH_DIST ?? 'dist'));
const port = Number(opt('--port', process.env.GRAPH_PORT ?? 4611));
const runs = Number(opt('--runs', 3));
const profilePath = opt('--profile', null);
const shots = opt('--shots', null);
const tracePath = opt('--trace', null);
const traceCase = opt('--trace-case', 'snd');

const FILTERS = opt('--filters', 'snd,usb,nf_,i2c').split(',').filter(Boolean);
const FOCUS = { module: 'usbcore', depth: 2 };
const TARGET_LONGEST_MS = 200;
const TARGET_P95_FRAME_MS = 50;
const QUIET_MS = 500;

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : NaN; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * p))] : NaN; };
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

/** Runs in the page before the app: long tasks and frame times, kept in window.__perf. */
function instrument() {
  const perf = { tasks: [], frames: null };
  window.__perf = perf;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) perf.tasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  perf.startFrames = () => {
    perf.frames = [];
    let last = performance.now();
    const tick = (t) => {
      if (!perf.frames) return;
      perf.frames.push(t - last);
      last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  };
  perf.stopFrames = () => { const f = perf.frames; perf.frames = null; return f; };
  /** Resolves with the time `test()` first held, checked at each animation frame. */
  perf.when = (source, arg) => new Promise((resolve) => {
    const test = new Function('arg', source);
    const check = () => (test(arg) ? resolve(performance.now()) : requestAnimationFrame(check));
    requestAnimationFrame(check);
  });
  /** Resolves when no long task has started for `ms` (and at least `ms` have passed). */
  perf.quiet = (ms) => new Promise((resolve) => {
    const check = () => {
      const now = performance.now();
      const lastTask = perf.tasks.length ? perf.tasks.at(-1) : null;
      const lastEnd = lastTask ? lastTask.start + lastTask.duration : 0;
      if (now - lastEnd >= ms) resolve(lastEnd);
      else setTimeout(check, 50);
    };
    setTimeout(check, ms);
  });
}

const panelSel = 'section[aria-label="Dependency graph"], [role="region"][aria-label="Dependency graph"]';

/** The graph's info line names the view (`what`), some nodes are on the canvas. */
const SHOWN = `
  const info = document.querySelector('.graph-what');
  return !!info && info.textContent.includes(arg) && document.querySelectorAll('.react-flow__node').length > 0;
`;
const LAID_OUT = `return !document.querySelector('.graph-layout');`;

async function measureCase(page, label, what, act) {
  await page.evaluate(() => window.__perf.quiet(300));
  const t0 = await page.evaluate(() => performance.now());
  await act();
  const shown = await page.evaluate(([s, a]) => window.__perf.when(s, a), [SHOWN, what]);
  const laidOut = await page.evaluate((s) => window.__perf.when(s), LAID_OUT);
  await page.evaluate((ms) => window.__perf.quiet(ms), QUIET_MS);
  const r = await page.evaluate(([t0]) => {
    const tasks = window.__perf.tasks.filter((t) => t.start >= t0 - 1);
    return {
      tasks,
      nodes: document.querySelectorAll('.react-flow__node').length,
      edges: document.querySelectorAll('.react-flow__edge').length,
      labels: document.querySelectorAll('.react-flow__edge-text').length,
      // The text list's first heading: "Modules (N)".
      total: ([...document.querySelectorAll('.graph-sr h3, .graph-list h3')][0]?.textContent ?? '').match(/\d+/)?.[0] ?? '?',
    };
  }, [t0]);
  if (args.includes('--verbose')) console.log(`    ${label}: shown at ${(shown - t0).toFixed(0)}; long tasks at ${r.tasks.map((t) => `${(t.start - t0).toFixed(0)}+${t.duration.toFixed(0)}`).join(' ')}`);
  const lastEnd = r.tasks.reduce((m, t) => Math.max(m, t.start + t.duration), Math.max(shown, laidOut));
  return {
    label,
    shownMs: shown - t0,
    settledMs: lastEnd - t0,
    longest: r.tasks.reduce((m, t) => Math.max(m, t.duration), 0),
    tbt: r.tasks.reduce((s, t) => s + Math.max(0, t.duration - 50), 0),
    count: r.tasks.length,
    view: Number(r.total),
    dom: `${r.nodes}/${r.edges}/${r.labels}`,
  };
}

async function panZoom(page) {
  const pane = page.locator('.graph-canvas .react-flow__pane');
  const box = await pane.boundingBox();
  const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  const stats = (frames) => ({ median: median(frames), p95: pct(frames, 0.95), max: Math.max(...frames), n: frames.length });
  // 1 s of wheel zooms in and out around the middle, then 1 s of drags.
  await page.evaluate(() => window.__perf.startFrames());
  let end = Date.now() + 1000;
  for (let i = 0; Date.now() < end; i++) {
    for (let k = 0; k < 4; k++) { await page.mouse.wheel(0, i % 2 ? 120 : -120); await page.waitForTimeout(16); }
  }
  const zoom = (await page.evaluate(() => window.__perf.stopFrames())).slice(1);
  await page.evaluate(() => window.__perf.startFrames());
  end = Date.now() + 1000;
  for (let i = 0; Date.now() < end; i++) {
    const dx = i % 2 ? -160 : 160;
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx + dx, cy + dx / 3, { steps: 12 });
    await page.mouse.up();
  }
  const pan = (await page.evaluate(() => window.__perf.stopFrames())).slice(1);
  return { ...stats([...zoom, ...pan]), zoom: stats(zoom), pan: stats(pan) };
}

/** Where the time of a CPU profile went: self and total (inclusive) time by function, biggest
 * first. With a build that is not minified (vite build --minify false) the names are readable. */
function summarise(profile, top = 25) {
  const self = new Map();
  const total = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (n) => {
    const f = n.callFrame;
    const file = f.url ? f.url.replace(/^.*\//, '') : '';
    return `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
  };
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (dt[i] ?? 0) / 1000;
    const n = byId.get(profile.samples[i]);
    self.set(keyOf(n), (self.get(keyOf(n)) ?? 0) + ms);
    const seen = new Set();
    for (let id = n.id; id !== undefined; id = parent.get(id)) {
      const k = keyOf(byId.get(id));
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + ms);
    }
  }
  const all = [...self.values()].reduce((a, b) => a + b, 0);
  const print = (title, m) => {
    console.log(`\nCPU profile, ${title} (all samples ${all.toFixed(0)} ms):`);
    for (const [k, ms] of [...m.entries()].filter(([k]) => !/^\((root|idle|program)\)/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${k}`);
    }
  };
  print('self time', self);
  print('total time', total);
}

const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink', 'cc', 'viz'];

/** Self time by trace event name, on the renderer's main thread and on the other threads. */
function summariseTrace(trace, what, top = 18) {
  const events = (trace.traceEvents ?? trace).filter((e) => e.ph === 'X' && typeof e.dur === 'number');
  const names = new Map();
  for (const e of (trace.traceEvents ?? trace)) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  const byThread = new Map();
  for (const e of events) {
    const k = `${e.pid}:${e.tid}`;
    (byThread.get(k) ?? byThread.set(k, []).get(k)).push(e);
  }
  const self = new Map();
  for (const [k, list] of byThread) {
    const thread = names.get(k) ?? k;
    const group = thread === 'CrRendererMain' ? 'main' : thread.replace(/\d+$/, '');
    list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const stack = [];
    const add = (e, us) => { const key = `${group}  ${e.name}`; self.set(key, (self.get(key) ?? 0) + us / 1000); };
    for (const e of list) {
      while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
      if (stack.length) stack.at(-1).childUs = (stack.at(-1).childUs ?? 0) + e.dur;
      stack.push(e);
    }
    for (const e of list) add(e, Math.max(0, e.dur - (e.childUs ?? 0)));
  }
  const rows = [...self.entries()].filter(([k]) => !/ThreadControllerImpl|RunTask|RunNormalPriorityTask/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, top);
  console.log(`\nTrace of ${what}, self time by event (thread  event):`);
  for (const [k, ms] of rows) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${k}`);
}

async function oneRun(browser, run) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await page.addInitScript(instrument);
  await page.goto(`http://127.0.0.1:${port}/`);
  const panel = page.getByRole('region', { name: 'Dependency graph', exact: true });
  const filter = panel.getByRole('searchbox', { name: 'Filter modules' });
  await filter.waitFor();
  await page.getByRole('button', { name: 'Real tree: Debian 6.1' }).click();
  await page.getByText('Debian 6.1 tree').waitFor({ timeout: 30_000 });
  await panel.getByText(/No module is loaded/).waitFor({ timeout: 30_000 });

  const results = [];
  const cdp = profilePath && run === 0 ? await context.newCDPSession(page) : null;
  for (const q of FILTERS) {
    if (tracePath && run === 0 && q === traceCase) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    if (cdp && q === traceCase) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 200 }); await cdp.send('Profiler.start'); }
    const r = await measureCase(page, `filter "${q}"`, `“${q}”`, async () => {
      await filter.click();
      await page.keyboard.press('Control+A');
      await filter.pressSequentially(q, { delay: 60 });
    });
    if (cdp && q === traceCase) {
      const { profile } = await cdp.send('Profiler.stop');
      mkdirSync(dirname(resolve(profilePath)), { recursive: true });
      writeFileSync(profilePath, JSON.stringify(profile));
      summarise(profile);
      console.log(`  (saved ${profilePath}: open it in Chromium DevTools, Performance panel)\n`);
    }
    if (tracePath && run === 0 && q === traceCase) {
      const buf = await browser.stopTracing();
      writeFileSync(`${tracePath}.filter.json`, buf);
      summariseTrace(JSON.parse(buf.toString()), `filter "${q}"`);
    }
    if (tracePath && run === 0 && q === traceCase) {
      await browser.startTracing(page, { categories: TRACE_CATEGORIES });
      r.pan = await panZoom(page);
      const buf = await browser.stopTracing();
      writeFileSync(`${tracePath}.pan.json`, buf);
      summariseTrace(JSON.parse(buf.toString()), `pan/zoom over the "${q}" result`);
    } else r.pan = await panZoom(page);
    if (shots && run === 0 && q === 'snd') await screenshots(page, panel);
    results.push(r);
  }

  // Focus on a module's neighbourhood: select it, tick Focus, then depth 2.
  if (args.includes('--no-focus')) { await context.close(); return results; }
  await filter.click();
  await page.keyboard.press('Control+A');
  await filter.pressSequentially(FOCUS.module, { delay: 30 });
  const node = panel.getByRole('group', { name: new RegExp(`^${FOCUS.module}, `) });
  await node.waitFor();
  await page.evaluate((s) => window.__perf.when(s), LAID_OUT);
  // All of this small view in sight, so that the click lands on the node.
  await panel.getByRole('button', { name: 'Fit the graph in view' }).click();
  await page.waitForTimeout(400);
  await node.click();
  results.push(await measureCase(page, `focus ${FOCUS.module} 1`, `${FOCUS.module}: dependencies and dependants, 1 level`, async () => {
    await panel.getByRole('checkbox', { name: 'Focus' }).check();
  }));
  const r = await measureCase(page, `focus ${FOCUS.module} ${FOCUS.depth}`, `${FOCUS.module}: dependencies and dependants, ${FOCUS.depth} levels`, async () => {
    const t = Date.now();
    await panel.getByRole('spinbutton', { name: 'Depth' }).fill(String(FOCUS.depth));
    if (args.includes('--verbose')) console.log(`    depth fill took ${Date.now() - t} ms`);
  });
  r.pan = await panZoom(page);
  results.push(r);
  await context.close();
  if (problems.length) console.log(`  page problems: ${problems.join(' | ')}`);
  return results;
}

async function screenshots(page, panel) {
  mkdirSync(dirname(resolve(`${shots}x`)), { recursive: true });
  // As the view opens (fitted to its first nodes), the whole page and the panel.
  await panel.getByRole('button', { name: 'Fit the graph in view' }).waitFor();
  await page.evaluate((s) => window.__perf.when(s), LAID_OUT);
  // A new view (the same filter typed again would keep the panned view).
  const filter = panel.getByRole('searchbox', { name: 'Filter modules' });
  await filter.fill('');
  await panel.getByText(/No module is loaded/).waitFor();
  await filter.fill('snd');
  await page.evaluate(([s, a]) => window.__perf.when(s, a), [SHOWN, '“snd”']);
  await page.evaluate((s) => window.__perf.when(s), LAID_OUT);
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${shots}snd-open.png` });
  // Zoomed in on a part: four wheel notches over the top middle of the canvas.
  const pane = page.locator('.graph-canvas .react-flow__pane');
  const box = await pane.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 3);
  for (let k = 0; k < 4; k++) { await page.mouse.wheel(0, -120); await page.waitForTimeout(40); }
  await page.waitForTimeout(800);
  await panel.screenshot({ path: `${shots}snd-zoomed.png` });
  // A module selected: the edges at it are labelled with their symbols.
  await panel.getByRole('group', { name: /^snd, / }).click();
  await page.waitForTimeout(800);
  await panel.screenshot({ path: `${shots}snd-selected.png` });
  // The whole result fitted in the panel.
  await panel.getByRole('button', { name: 'Fit the graph in view' }).click();
  await page.waitForTimeout(800);
  await panel.screenshot({ path: `${shots}snd-all.png` });
}

async function main() {
  if (!existsSync(join(dist, 'index.html'))) {
    console.error(`graph-browser: ${dist}/index.html is missing: build first (node_modules/.bin/vite build --outDir ${dist})`);
    return 2;
  }
  const server = await serve(dist, port);
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const loadBefore = load();
  const all = [];
  try {
    for (let run = 0; run < runs; run++) {
      const results = await oneRun(browser, run);
      console.log(`run ${run + 1}/${runs} (load average ${load()})`);
      for (const r of results) {
        const f = (x) => `median ${x.median.toFixed(1)} p95 ${x.p95.toFixed(1)} max ${x.max.toFixed(0)} ms (${x.n} frames)`;
        const pan = r.pan ? `\n      pan+zoom ${f(r.pan)}; zoom ${f(r.pan.zoom)}; pan ${f(r.pan.pan)}` : '';
        console.log(`  ${r.label.padEnd(16)} view ${String(r.view).padStart(3)}  shown ${r.shownMs.toFixed(0).padStart(5)} ms  longest ${r.longest.toFixed(0).padStart(4)} ms  TBT ${r.tbt.toFixed(0).padStart(5)} ms  settled ${r.settledMs.toFixed(0).padStart(5)} ms  dom n/e/labels ${r.dom}${pan}`);
      }
      all.push(results);
    }
  } finally {
    await browser.close();
    server.close();
  }

  // Medians over the runs, case by case.
  const labels = all[0].map((r) => r.label);
  const fmt = (x, w = 6) => (Number.isFinite(x) ? x.toFixed(0) : '-').padStart(w);
  console.log(`\nMedians over ${runs} run(s); load average ${loadBefore} before, ${load()} after (2 cores)`);
  console.log(`${'case'.padEnd(18)}${'nodes'.padStart(6)}${'shown'.padStart(8)}${'longest'.padStart(9)}${'TBT'.padStart(7)}${'settled'.padStart(9)}${'frame med'.padStart(11)}${'frame p95'.padStart(11)}  dom nodes/edges/labels`);
  console.log(`${''.padEnd(18)}${''.padStart(6)}${'ms'.padStart(8)}${'ms'.padStart(9)}${'ms'.padStart(7)}${'ms'.padStart(9)}${'ms'.padStart(11)}${'ms'.padStart(11)}`);
  const summary = [];
  for (const label of labels) {
    const rs = all.map((res) => res.find((r) => r.label === label));
    const m = (f) => median(rs.map(f));
    const row = {
      label, view: m((r) => r.view), shown: m((r) => r.shownMs), longest: m((r) => r.longest), tbt: m((r) => r.tbt),
      settled: m((r) => r.settledMs), fmed: rs[0].pan ? m((r) => r.pan.median) : NaN, fp95: rs[0].pan ? m((r) => r.pan.p95) : NaN,
    };
    summary.push(row);
    console.log(`${label.padEnd(18)}${fmt(row.view)}${fmt(row.shown, 8)}${fmt(row.longest, 9)}${fmt(row.tbt, 7)}${fmt(row.settled, 9)}${Number.isFinite(row.fmed) ? row.fmed.toFixed(1).padStart(11) : '-'.padStart(11)}${Number.isFinite(row.fp95) ? row.fp95.toFixed(1).padStart(11) : '-'.padStart(11)}  ${rs.at(-1).dom}`);
  }
  const worstLongest = Math.max(...summary.map((r) => r.longest));
  const worstP95 = Math.max(...summary.filter((r) => Number.isFinite(r.fp95)).map((r) => r.fp95));
  console.log(`target: longest task after a new filter/focus result <= ${TARGET_LONGEST_MS} ms: worst case median ${worstLongest.toFixed(0)} ms: ${worstLongest <= TARGET_LONGEST_MS ? 'MET' : 'NOT MET'}`);
  console.log(`target: pan/zoom p95 frame <= ${TARGET_P95_FRAME_MS} ms: worst case median ${worstP95.toFixed(1)} ms: ${worstP95 <= TARGET_P95_FRAME_MS ? 'MET' : 'NOT MET'}`);
  return 0;
}

process.exitCode = await main();
