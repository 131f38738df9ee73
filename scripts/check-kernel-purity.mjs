#!/usr/bin/env node
// Keeps src/kernel a pure reducer: data in, data out. No UI libraries, no DOM, no clock, no
// randomness (the seed and the tick counter live in the state). Test files are exempt.
// Usage: node scripts/check-kernel-purity.mjs [dir]   (default: src/kernel)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = process.argv[2] ?? 'src/kernel';
const SOURCE_EXT = /\.(?:[cm]?[jt]sx?)$/;
const TEST_FILE = /\.(?:test|spec)\.[cm]?[jt]sx?$/;

/** Module specifiers the kernel must never import (a package name, or a package and a subpath). */
const FORBIDDEN_MODULES = [
  { re: /^react(?:\/|$)/, why: 'React' },
  { re: /^react-dom(?:\/|$)/, why: 'React DOM' },
  { re: /^zustand(?:\/|$)/, why: 'zustand' },
  { re: /^@xyflow\//, why: 'React Flow' },
  { re: /^monaco-editor(?:\/|$)/, why: 'Monaco' },
  { re: /^@monaco-editor\//, why: 'Monaco' },
];

/** Impure globals: the clock, randomness and the DOM. */
const FORBIDDEN_CALLS = [
  { re: /(?<![\w$])Date\s*\.\s*now\s*\(/, why: 'Date.now( reads the clock: use the tick counter in the state' },
  { re: /(?<![\w$])Math\s*\.\s*random\s*\(/, why: 'Math.random( is not replayable: use the seed in the state' },
  { re: /(?<![\w$])performance\s*\.\s*now\s*\(/, why: 'performance.now( reads the clock' },
  { re: /(?<![\w$])document\s*\./, why: 'document. is the DOM' },
  { re: /(?<![\w$])window\s*\./, why: 'window. is the DOM' },
];

const IMPORT_RES = [
  /\bimport\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, // import x from 'm'
  /\bexport\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, // export { x } from 'm'
  /\bimport\s*['"]([^'"]+)['"]/g, // import 'm'
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, // import('m')
  /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g, // require('m')
];

/** Blank out comments (keeping newlines, so line numbers stay right); strings are kept. */
function stripComments(src) {
  let out = '';
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    const next = src[i + 1];
    if (c === '/' && next === '/') {
      while (i < src.length && src[i] !== '\n') { out += ' '; i++; }
    } else if (c === '/' && next === '*') {
      out += '  ';
      i += 2;
      while (i < src.length && !(src[i] === '*' && src[i + 1] === '/')) { out += src[i] === '\n' ? '\n' : ' '; i++; }
      if (i < src.length) { out += '  '; i += 2; }
    } else if (c === '"' || c === "'" || c === '`') {
      out += c;
      i++;
      while (i < src.length && src[i] !== c) {
        if (src[i] === '\\' && i + 1 < src.length) { out += src[i] + src[i + 1]; i += 2; continue; }
        if (c !== '`' && src[i] === '\n') break; // unterminated: give up on this string
        out += src[i];
        i++;
      }
      if (i < src.length) { out += src[i]; i++; }
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function lineOf(text, index) {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function* walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) {
      if (name === '__tests__' || name === '__mocks__') continue;
      yield* walk(path);
    } else if (SOURCE_EXT.test(name) && !TEST_FILE.test(name)) {
      yield path;
    }
  }
}

function checkSource(file, src) {
  const problems = [];
  const code = stripComments(src);
  for (const re of IMPORT_RES) {
    for (const m of code.matchAll(re)) {
      const spec = m[1];
      const bad = FORBIDDEN_MODULES.find((f) => f.re.test(spec));
      if (bad) problems.push(`${file}:${lineOf(code, m.index)}: imports '${spec}' (${bad.why}); src/kernel must stay pure`);
    }
  }
  const lines = code.split('\n');
  lines.forEach((text, idx) => {
    for (const f of FORBIDDEN_CALLS) {
      if (f.re.test(text)) problems.push(`${file}:${idx + 1}: ${f.why}`);
    }
  });
  return problems;
}

function main() {
  if (!existsSync(root)) {
    console.log(`kernel purity: ${root} does not exist yet, nothing to check`);
    return 0;
  }
  const files = [...walk(root)];
  const problems = files.flatMap((f) => checkSource(relative(process.cwd(), f), readFileSync(f, 'utf8')));
  if (problems.length > 0) {
    for (const p of problems) console.error(p);
    console.error(`kernel purity: FAILED, ${problems.length} problem(s) in ${files.length} file(s) under ${root}`);
    return 1;
  }
  console.log(`kernel purity: OK (${files.length} file(s) under ${root})`);
  return 0;
}

process.exitCode = main();
