#!/usr/bin/env node
// Runs every test the project has and closes with one plain line that CI reads:
//   N passed, N failed[, N skipped]
// Stages: kernel purity guard and tsc (one test each), Vitest (unit), vite build + Playwright (e2e).
// A runner that crashes, exits non-zero without reporting a failure, or writes no report counts
// as a failure, never as "0 failed".
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(ROOT);

const REPORTS = 'reports';
const VITEST_REPORT = join(REPORTS, 'vitest.json');
const PLAYWRIGHT_REPORT = join(REPORTS, 'playwright.json');
const BIN = join(ROOT, 'node_modules', '.bin');
const DEFAULT_CHROMIUM = '/usr/bin/chromium';
const INSTALL_CMD = 'apt-get update && apt-get install -y chromium fonts-liberation';

const totals = { passed: 0, failed: 0, skipped: 0 };
const notes = []; // one line per stage, repeated before the closing line
const started = Date.now();

function log(msg = '') {
  process.stdout.write(`${msg}\n`);
}

function banner(title) {
  log('');
  log(`=== ${title} ===`);
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}

/** Run a command with its output streamed live; resolves to its exit code (null: killed). */
function run(cmd, args, opts = {}) {
  return new Promise((resolvePromise) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
    child.on('error', (err) => {
      log(`[test-all] could not start ${cmd}: ${err.message}`);
      resolvePromise(127);
    });
    child.on('close', (code, signal) => {
      if (signal) log(`[test-all] ${cmd} was killed by ${signal}`);
      resolvePromise(signal ? null : code);
    });
  });
}

function commandVersion(cmd, args = ['--version']) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return r.status === 0 ? r.stdout.trim().split('\n').pop() : 'not found';
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function readJson(path) {
  if (!existsSync(path)) return { error: `no report at ${path}` };
  try {
    return { data: JSON.parse(readFileSync(path, 'utf8')) };
  } catch (err) {
    return { error: `unreadable report ${path}: ${err.message}` };
  }
}

function record(stage, passed, failed, skipped, extra = '') {
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  notes.push(`${stage}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}${extra ? ` (${extra})` : ''}`);
}

// --- (a) a browser for Playwright -----------------------------------------------------------
async function ensureChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  const path = fromEnv ?? DEFAULT_CHROMIUM;
  if (isExecutable(path)) return { ok: true, path };
  if (fromEnv) {
    return {
      ok: false,
      message: `CHROMIUM_PATH=${fromEnv} is not an executable file. Point it at a Chromium binary, or unset it to use ${DEFAULT_CHROMIUM} (installed by: ${INSTALL_CMD}).`,
    };
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = isExecutable('/usr/bin/apt-get');
  if (!isRoot || !hasApt) {
    const how = hasApt ? `sudo sh -c '${INSTALL_CMD}'` : 'install Chromium with your package manager';
    return {
      ok: false,
      message: `${DEFAULT_CHROMIUM} is missing, so the end-to-end tests cannot run. Run:\n  ${how}\nor set CHROMIUM_PATH to a Chromium binary, then run npm test again. (Never run 'npx playwright install': its download host is unreachable here.)`,
    };
  }
  banner(`${DEFAULT_CHROMIUM} is missing: installing Debian's chromium (${INSTALL_CMD})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const t = Date.now();
  let code = await run('apt-get', ['update'], { env });
  if (code === 0) code = await run('apt-get', ['install', '-y', 'chromium', 'fonts-liberation'], { env });
  log(`[test-all] apt-get finished with code ${code} in ${seconds(t)}`);
  if (code === 0 && isExecutable(DEFAULT_CHROMIUM)) return { ok: true, path: DEFAULT_CHROMIUM };
  return { ok: false, message: `installing chromium failed (apt-get exit code ${code}). Run by hand: ${INSTALL_CMD}` };
}

// --- the type check: one test -----------------------------------------------------------------
async function typecheck() {
  banner('type check (tsc --noEmit)');
  const code = await run(join(BIN, 'tsc'), ['--noEmit', '-p', '.']);
  if (code === 0) record('typecheck', 1, 0, 0);
  else record('typecheck', 0, 1, 0, `exit code ${code}`);
}

// --- the kernel purity guard: one test ------------------------------------------------------
async function purity() {
  banner('kernel purity guard (scripts/check-kernel-purity.mjs)');
  const code = await run(process.execPath, ['scripts/check-kernel-purity.mjs']);
  if (code === 0) record('purity', 1, 0, 0);
  else record('purity', 0, 1, 0, `exit code ${code}`);
}

// --- (b) Vitest -----------------------------------------------------------------------------
async function vitest() {
  banner('unit tests (vitest)');
  rmSync(VITEST_REPORT, { force: true });
  const t = Date.now();
  const code = await run(join(BIN, 'vitest'), [
    'run',
    '--passWithNoTests',
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${VITEST_REPORT}`,
  ]);
  const { data, error } = readJson(VITEST_REPORT);
  if (error) {
    record('vitest', 0, 1, 0, `${error}; exit code ${code}; counted as a failure`);
    return;
  }
  const passed = data.numPassedTests ?? 0;
  let failed = data.numFailedTests ?? 0;
  const skipped = (data.numPendingTests ?? 0) + (data.numTodoTests ?? 0);
  const extra = [];
  // A test file that fails to load (syntax error, bad import) has no failed test inside it.
  const brokenFiles = (data.testResults ?? []).filter(
    (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
  );
  if (brokenFiles.length > 0) {
    failed += brokenFiles.length;
    extra.push(`${brokenFiles.length} file(s) failed to run`);
  }
  if (code !== 0 && failed === 0) {
    failed = 1;
    extra.push(`vitest exited with code ${code} without a failed test (unhandled error?)`);
  }
  extra.push(seconds(t));
  record('vitest', passed, failed, skipped, extra.join('; '));
}

// --- (c) build + Playwright -----------------------------------------------------------------
async function e2e(chromium) {
  banner('build (vite build)');
  let t = Date.now();
  const buildCode = await run(join(BIN, 'vite'), ['build']);
  if (buildCode !== 0) {
    record('build', 0, 1, 0, `vite build exited with code ${buildCode}; e2e tests not run`);
    return;
  }
  log(`[test-all] build took ${seconds(t)}`);

  banner('first-paint budget (scripts/first-paint.mjs --size-only)');
  const budgetCode = await run('node', ['scripts/first-paint.mjs', '--size-only']);
  record('first-paint budget', budgetCode === 0 ? 1 : 0, budgetCode === 0 ? 0 : 1, 0, budgetCode === 0 ? 'within 200 kB gzip' : 'over 200 kB gzip');

  banner(`end-to-end tests (playwright, ${chromium.path}: ${commandVersion(chromium.path)})`);
  rmSync(PLAYWRIGHT_REPORT, { force: true });
  t = Date.now();
  const code = await run(join(BIN, 'playwright'), ['test'], {
    env: { ...process.env, CHROMIUM_PATH: chromium.path },
  });
  const { data, error } = readJson(PLAYWRIGHT_REPORT);
  if (error) {
    record('playwright', 0, 1, 0, `${error}; exit code ${code}; counted as a failure`);
    return;
  }
  const stats = data.stats ?? {};
  const passed = (stats.expected ?? 0) + (stats.flaky ?? 0);
  let failed = stats.unexpected ?? 0;
  const skipped = stats.skipped ?? 0;
  const extra = [];
  const globalErrors = (data.errors ?? []).length;
  if (globalErrors > 0 && failed === 0) {
    failed = globalErrors;
    extra.push(`${globalErrors} error(s) outside tests (config, web server)`);
  }
  if (code !== 0 && failed === 0) {
    failed = 1;
    extra.push(`playwright exited with code ${code} without a failed test`);
  }
  if (passed + failed + skipped === 0) {
    failed = 1;
    extra.push('no end-to-end test ran');
  }
  if (stats.flaky) extra.push(`${stats.flaky} flaky`);
  extra.push(seconds(t));
  record('playwright', passed, failed, skipped, extra.join('; '));
}

async function main() {
  log(`[test-all] node ${process.version}, npm ${commandVersion('npm')}, ${process.platform}/${process.arch}, CI=${process.env.CI ?? ''}`);
  mkdirSync(REPORTS, { recursive: true });

  if (!existsSync(BIN)) {
    log(`[test-all] ${BIN} is missing: run npm ci first.`);
    return 1;
  }

  const chromium = await ensureChromium();
  if (!chromium.ok) {
    log('');
    log(`[test-all] ${chromium.message}`);
    return 1;
  }

  await purity();
  await typecheck();
  await vitest();
  await e2e(chromium);

  banner(`summary (${seconds(started)})`);
  for (const n of notes) log(`  ${n}`);
  log('');
  const skippedPart = totals.skipped > 0 ? `, ${totals.skipped} skipped` : '';
  log(`${totals.passed} passed, ${totals.failed} failed${skippedPart}`);
  return totals.failed > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    log(`[test-all] crashed: ${err?.stack ?? err}`);
    log(`${totals.passed} passed, ${totals.failed + 1} failed`);
    process.exitCode = 1;
  },
);
