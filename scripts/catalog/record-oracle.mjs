#!/usr/bin/env node
// Runs the real modprobe over a depmod'ed module tree and records what it prints. Called by
// scripts/catalog/record-oracle.sh (which sets up ROOT and an isolated /sys/module and
// /proc/cmdline); see test-data/debian-6.1/README.md.
//
//   node scripts/catalog/record-oracle.mjs --root ROOT --release RELEASE --work DIR --out DIR
//
// Writes OUT/show-depends.json and OUT/config-cases.json, and prints how long the
// --show-depends runs took. In what is recorded, "ROOT" is removed from paths (so they read
// /lib/modules/RELEASE/... as on an installed system) and each case's config directory reads
// /etc/modprobe.d.

import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHOW_DEPENDS_NAMES, CONFIG_CASES } from './oracle-cases.mjs';

const SAMPLE_SIZE = 300;
const DEEPEST = 20;

function parseArgs(argv) {
  const o = {};
  for (let i = 0; i < argv.length; i += 2) {
    const k = argv[i].replace(/^--/, '');
    if (!['root', 'release', 'work', 'out'].includes(k) || argv[i + 1] === undefined) throw new Error(`bad argument ${argv[i]}`);
    o[k] = argv[i + 1];
  }
  for (const k of ['root', 'release', 'work', 'out']) if (!o[k]) throw new Error(`missing --${k}`);
  return o;
}

function modprobe(confDir, o, args) {
  const r = spawnSync('modprobe', ['-C', confDir, '-d', o.root, '-S', o.release, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { PATH: process.env.PATH, LC_ALL: 'C' },
  });
  if (r.error) throw r.error;
  const clean = (s) => s.split(`${o.root}/lib/modules/`).join('/lib/modules/').split(confDir).join('/etc/modprobe.d');
  return { stdout: clean(r.stdout), stderr: clean(r.stderr), status: r.status };
}

/** modules.dep → name → transitive dependency names; depth = longest chain (a module alone is 1). */
function readDeps(o) {
  const deps = new Map();
  const nameOf = (p) => p.slice(p.lastIndexOf('/') + 1).replace(/\.ko$/, '').replace(/-/g, '_');
  for (const line of readFileSync(join(o.root, 'lib/modules', o.release, 'modules.dep'), 'utf8').split('\n')) {
    if (!line) continue;
    const [mod, rest] = line.split(':');
    deps.set(nameOf(mod), rest.trim() ? rest.trim().split(/\s+/).map(nameOf) : []);
  }
  const depth = new Map();
  const depthOf = (n) => {
    if (!depth.has(n)) depth.set(n, 1 + Math.max(0, ...(deps.get(n) ?? []).map(depthOf)));
    return depth.get(n);
  };
  for (const n of deps.keys()) depthOf(n);
  return { deps, depth };
}

function sampleNames(o) {
  const { deps, depth } = readDeps(o);
  const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  const deepest = [...deps.keys()]
    .sort((a, b) => depth.get(b) - depth.get(a) || deps.get(b).length - deps.get(a).length || byName(a, b))
    .slice(0, DEEPEST);
  const softdeps = readFileSync(join(o.root, 'lib/modules', o.release, 'modules.softdep'), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('softdep '))
    .map((l) => l.split(' ')[1]);
  const names = [...new Set([...SHOW_DEPENDS_NAMES, ...deepest, ...softdeps])];
  // Fill up with modules spread evenly over the tree.
  const rest = [...deps.keys()].sort(byName).filter((n) => !names.includes(n));
  const need = SAMPLE_SIZE - names.length;
  for (let j = 0; j < need; j++) names.push(rest[Math.floor((j * rest.length) / need)]);
  return { names, deepest: deepest.map((n) => `${n} (${depth.get(n)})`) };
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  mkdirSync(o.out, { recursive: true });
  const confRoot = join(o.work, 'oracle-conf');
  rmSync(confRoot, { recursive: true, force: true });

  const empty = join(confRoot, 'empty');
  mkdirSync(empty, { recursive: true });
  const { names, deepest } = sampleNames(o);
  const started = process.hrtime.bigint();
  const shown = names.map((n) => ({ args: ['--show-depends', n], ...modprobe(empty, o, ['--show-depends', n]) }));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  writeFileSync(join(o.out, 'show-depends.json'), JSON.stringify(shown, null, 1) + '\n');

  const cases = CONFIG_CASES.map(([name, files, args], i) => {
    const dir = join(confRoot, `case-${String(i).padStart(2, '0')}`);
    mkdirSync(dir, { recursive: true });
    for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
    return { name, files, args, ...modprobe(dir, o, args) };
  });
  writeFileSync(join(o.out, 'config-cases.json'), JSON.stringify(cases, null, 1) + '\n');

  console.log(`show-depends: ${shown.length} names (deepest chains: ${deepest.join(', ')})`);
  console.log(`config cases: ${cases.length}`);
  console.log(`timing: ${shown.length} modprobe --show-depends runs took ${ms.toFixed(0)} ms (${(ms / shown.length).toFixed(2)} ms each)`);
}

main();
