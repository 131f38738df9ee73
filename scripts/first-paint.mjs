#!/usr/bin/env node
// First-paint budget (issue 4): the JavaScript a browser must fetch before the page is
// interactive — the entry script and every module it preloads, as dist/index.html names them —
// gzipped, against 200 kB; Monaco, ELK, xterm, React Flow and the real catalogue must load later.
// Without --size-only it also opens the built page in Chromium (served on 127.0.0.1 by serve.mjs,
// gzipped as a real host sends it; vite preview does not compress) and measures in the page, five
// times, from navigation start: when the Load button is there and painted, and when a click on
// it at that moment has started init_module (the Step button enables).
//   node scripts/first-paint.mjs [--size-only] [--dist DIR]
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { serve } from './serve.mjs';

const BUDGET_BYTES = 200 * 1000;
const TIME_BUDGET_MS = 500;
const args = process.argv.slice(2);
const sizeOnly = args.includes('--size-only');
const dist = resolve(args.includes('--dist') ? args[args.indexOf('--dist') + 1] : 'dist');

export function firstPaintScripts(distDir) {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const refs = new Set();
  for (const m of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)) refs.add(m[1]);
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) refs.add(m[1]);
  return [...refs].map((ref) => {
    const file = join(distDir, ref.replace(/^\.?\//, ''));
    const bytes = readFileSync(file);
    return { ref, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
}

/** Times taken in the page itself, from navigation start: when the Load button is there, and
 * when, after a click on it as soon as it is there, init_module is in flight (Step enabled). */
async function measure(port) {
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const times = [];
  try {
    for (let i = 0; i < 5; i++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
      const page = await context.newPage();
      await page.addInitScript(() => {
        const find = (test) => [...document.querySelectorAll('button')].find(test);
        // Interactive: the Load button is in the page and the page has been painted (a person
        // cannot press what is not on the screen yet).
        let painted = false;
        const check = () => {
          const load = find((b) => b.textContent?.trim() === 'Load' && !b.disabled);
          if (load && painted && window.__interactive === undefined) {
            window.__interactive = performance.now();
            load.click();
          }
          const step = find((b) => /^Step\b/.test(b.textContent?.trim() ?? '') && !/back/.test(b.textContent ?? '') && !b.disabled);
          if (step && window.__interactive !== undefined && window.__loading === undefined) window.__loading = performance.now();
        };
        new PerformanceObserver(() => { painted = true; check(); }).observe({ type: 'paint', buffered: true });
        const watch = new MutationObserver(check);
        document.addEventListener('DOMContentLoaded', () => watch.observe(document.body, { childList: true, subtree: true, attributes: true }));
      });
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForFunction(() => window.__loading !== undefined, null, { timeout: 20_000 });
      const t = await page.evaluate(() => ({ interactive: Math.round(window.__interactive), loadable: Math.round(window.__loading) }));
      times.push(t);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return times;
}

async function main() {
  if (!existsSync(join(dist, 'index.html'))) {
    console.error(`first-paint: ${dist}/index.html is missing: run 'npx vite build' first`);
    return 2;
  }
  const scripts = firstPaintScripts(dist);
  const total = scripts.reduce((sum, s) => sum + s.gzip, 0);
  for (const s of scripts) console.log(`  ${s.ref}  ${(s.raw / 1000).toFixed(1)} kB, ${(s.gzip / 1000).toFixed(1)} kB gzip`);
  const ok = total <= BUDGET_BYTES;
  console.log(`first-paint JavaScript: ${(total / 1000).toFixed(1)} kB gzip (budget ${BUDGET_BYTES / 1000} kB): ${ok ? 'within budget' : 'OVER BUDGET'}`);
  if (sizeOnly) return ok ? 0 : 1;

  const port = 4190;
  const server = await serve(dist, port);
  try {
    const times = await measure(port);
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    for (const [i, t] of times.entries()) console.log(`  run ${i + 1}: interactive ${t.interactive} ms, module loading ${t.loadable} ms`);
    const m = median(times.map((t) => t.loadable));
    console.log(`interactive and a module loadable: median ${m} ms (target ${TIME_BUDGET_MS} ms): ${m <= TIME_BUDGET_MS ? 'within target' : 'OVER TARGET'}`);
  } finally {
    server.close();
  }
  return ok ? 0 : 1;
}

process.exitCode = await main();
