#!/usr/bin/env node
// Reads an unpacked Debian kernel (dpkg -x of the linux-image and linux-headers packages) and
// writes the playground's real-kernel catalogue (decoded by src/catalog/load.ts, shape in
// src/catalog/types.ts). Run it through scripts/catalog/build-debian-6.1.sh, not by hand.
//
//   node scripts/catalog/extract.mjs --root ROOT --package 'linux-image-… 6.1.192-2' \
//        --out public/catalog/debian-6.1.json [--name debian-6.1] [--verify]
//
// Everything is read from the files themselves (ELF section headers, .symtab, .modinfo,
// Module.symvers, modules.order, modules.builtin, modules.builtin.modinfo, the bzImage header).
// --verify then runs the real tools over every module and fails on any difference:
// modinfo -0 (every .modinfo key and value, parm order), nm -u (imports, compared as sets; kept in .symtab order, which is the order
// kmod's depmod meets them and so decides its modules.dep order) and
// nm --defined-only (init_module / cleanup_module, __ksymtab_* against Module.symvers).

import { readFileSync, readdirSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { join, dirname, basename, relative } from 'node:path';
import { parseElf, modinfoEntries, isSigned, coreSize, SHN_UNDEF } from './elf.mjs';
import { encodeCatalog } from './encode.mjs';
import { verifyWithTools } from './verify.mjs';

function parseArgs(argv) {
  const opts = { name: 'debian-6.1', verify: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--verify') opts.verify = true;
    else if (['--root', '--out', '--package', '--name'].includes(a)) opts[a.slice(2)] = argv[++i];
    else throw new Error(`unknown argument ${a}`);
  }
  for (const k of ['root', 'out', 'package']) if (!opts[k]) throw new Error(`missing --${k}`);
  return opts;
}

const byteOrder = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function walk(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && e.name.endsWith('.ko')) out.push(p);
  }
  return out;
}

const lines = (file) => readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');

/** UTS_VERSION from the bzImage setup header (what `file vmlinuz` and `uname -v` show). */
function kernelVersion(vmlinuz) {
  const b = readFileSync(vmlinuz);
  const off = b.readUInt16LE(0x20e) + 0x200;
  const s = b.toString('latin1', off, b.indexOf(0, off));
  const m = /^(\S+) \(.*?\) (#.*)$/.exec(s);
  if (!m) throw new Error(`unexpected kernel version string: ${s}`);
  return { release: m[1], version: m[2] };
}

/** Module.symvers: CRC, symbol, module path (or "vmlinux"), export type, namespace. */
function readSymvers(file) {
  const vmlinux = [];
  const byModule = new Map();
  for (const l of lines(file)) {
    const [, sym, mod, kind] = l.split('\t');
    if (kind !== 'EXPORT_SYMBOL' && kind !== 'EXPORT_SYMBOL_GPL') throw new Error(`odd symvers line ${l}`);
    const e = { symbol: sym, gpl: kind === 'EXPORT_SYMBOL_GPL' };
    if (mod === 'vmlinux') vmlinux.push(e);
    else {
      const path = `kernel/${mod}.ko`;
      if (!byModule.has(path)) byModule.set(path, []);
      byModule.get(path).push(e);
    }
  }
  return { vmlinux, byModule };
}

function modinfoParams(entries, warn) {
  // kmod's modinfo merges parm/parmtype by name and prepends each new name to its list, so it
  // prints parameters in reverse order of first appearance.
  const byName = new Map();
  for (const [key, value] of entries) {
    if (key !== 'parm' && key !== 'parmtype') continue;
    const colon = value.indexOf(':');
    if (colon < 0) { warn(`invalid ${key}=${value}`); continue; }
    const name = value.slice(0, colon);
    if (!byName.has(name)) byName.set(name, { name });
    byName.get(name)[key === 'parm' ? 'description' : 'type'] = value.slice(colon + 1);
  }
  return [...byName.values()].reverse();
}

/** Modules with several license/description/... values: the kernel reads the first. */
const multiple = [];

function readModule(root, file, symvers, warnings) {
  const buf = readFileSync(file);
  const elf = parseElf(buf);
  const path = relative(root, file);
  const warn = (msg) => warnings.push(`${path}: ${msg}`);
  const info = modinfoEntries(elf);
  const all = (k) => info.filter(([key]) => key === k).map(([, v]) => v);
  const one = (k) => {
    const v = all(k);
    if (v.length > 1) multiple.push(`${path} (${v.length} ${k})`);
    return v[0];
  };
  const name = one('name');
  if (!name) throw new Error(`${path}: no name in .modinfo`);
  const expected = basename(file, '.ko').replace(/-/g, '_');
  if (name !== expected) warn(`modinfo name ${name} differs from file name ${expected}`);
  const dependsRaw = one('depends') ?? '';

  const defined = new Set(elf.symbols.filter((s) => s.shndx !== SHN_UNDEF && s.name).map((s) => s.name));
  const imports = elf.symbols.filter((s, i) => i > 0 && s.shndx === SHN_UNDEF && s.name).map((s) => s.name);

  // Exports as __ksymtab reports them, to check Module.symvers and to stand in if it lacks the module.
  const ksym = [];
  for (const s of elf.symbols) {
    if (!s.name.startsWith('__ksymtab_') || s.shndx === SHN_UNDEF || s.shndx >= elf.sections.length) continue;
    const sec = elf.sections[s.shndx].name;
    if (sec !== '__ksymtab' && sec !== '__ksymtab_gpl') continue;
    ksym.push({ symbol: s.name.slice('__ksymtab_'.length), gpl: sec === '__ksymtab_gpl' });
  }
  let exports = symvers.byModule.get(path);
  if (exports) {
    const a = exports.map((e) => `${e.symbol}:${e.gpl}`).sort().join(' ');
    const b = ksym.map((e) => `${e.symbol}:${e.gpl}`).sort().join(' ');
    if (a !== b) warn('Module.symvers and __ksymtab disagree');
  } else {
    exports = ksym;
    if (ksym.length) warn(`not in Module.symvers; ${ksym.length} exports taken from __ksymtab`);
  }

  const mod = {
    name,
    path,
    license: one('license'),
    description: one('description'),
    authors: all('author'),
    version: one('version'),
    vermagic: one('vermagic') ?? '',
    srcversion: one('srcversion'),
    intree: all('intree').length > 0,
    staging: all('staging').length > 0,
    signed: isSigned(buf),
    alias: all('alias'),
    softdep: all('softdep'),
    depends: dependsRaw === '' ? [] : dependsRaw.split(','),
    params: modinfoParams(info, warn),
    exports,
    imports,
    size: coreSize(elf, { livepatch: all('livepatch').length > 0 }),
    hasInit: defined.has('init_module'),
    hasExit: defined.has('cleanup_module'),
  };
  for (const k of ['license', 'description', 'version', 'srcversion']) if (mod[k] === undefined) delete mod[k];
  mod.modinfo = info;
  return mod;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const root = opts.root;
  const releases = readdirSync(join(root, 'lib/modules'));
  if (releases.length !== 1) throw new Error(`expected one release under ${root}/lib/modules, found ${releases}`);
  const release = releases[0];
  const modRoot = join(root, 'lib/modules', release);
  const { release: bzRelease, version } = kernelVersion(join(root, 'boot', `vmlinuz-${release}`));
  if (bzRelease !== release) throw new Error(`vmlinuz says ${bzRelease}, modules are ${release}`);

  // Module.symvers ships in linux-headers-RELEASE (the arch package), not in -common.
  const symversFile = join(root, 'usr/src', `linux-headers-${release}`, 'Module.symvers');
  if (!statSync(symversFile, { throwIfNoEntry: false })?.isFile()) throw new Error(`${symversFile} not found`);
  const symvers = readSymvers(symversFile);

  const warnings = [];
  const files = walk(join(modRoot, 'kernel'));
  const modules = files.map((f) => readModule(modRoot, f, symvers, warnings));
  modules.sort((a, b) => byteOrder(a.path, b.path));
  const paths = new Set(modules.map((m) => m.path));
  for (const p of symvers.byModule.keys()) if (!paths.has(p)) warnings.push(`Module.symvers names ${p}, which is not in the tree`);

  const magics = new Map();
  for (const m of modules) magics.set(m.vermagic, (magics.get(m.vermagic) ?? 0) + 1);
  const vermagic = [...magics.entries()].sort((a, b) => b[1] - a[1])[0][0];

  const builtinAlias = [];
  const bim = join(modRoot, 'modules.builtin.modinfo');
  for (const entry of readFileSync(bim, 'latin1').split('\0')) {
    const m = /^([^.=]+)\.alias=(.*)$/s.exec(entry);
    if (m) builtinAlias.push([m[2], m[1]]);
  }

  const catalog = {
    name: opts.name,
    release,
    version,
    vermagic,
    package: opts.package,
    vmlinuxExports: Object.fromEntries(symvers.vmlinux.map((e) => [e.symbol, e.gpl])),
    builtin: lines(join(modRoot, 'modules.builtin')),
    builtinAlias,
    order: lines(join(modRoot, 'modules.order')),
    modules,
  };
  if (Object.keys(catalog.vmlinuxExports).length !== symvers.vmlinux.length) throw new Error('vmlinux exports a symbol twice');

  if (opts.verify) {
    const problems = verifyWithTools(modRoot, modules);
    if (problems.length) {
      for (const p of problems.slice(0, 50)) console.error(`verify: ${p}`);
      throw new Error(`${problems.length} differences from the real tools`);
    }
    console.error(`verify: ${modules.length} modules agree with modinfo and nm`);
  }

  const text = JSON.stringify(encodeCatalog(catalog));
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, text + '\n');

  for (const w of warnings) console.error(`warning: ${w}`);
  if (multiple.length) console.error(`note: kept the first of several values (as get_modinfo() does) in ${multiple.length} cases: ${multiple.join(', ')}`);
  const count = (f) => modules.reduce((n, m) => n + f(m), 0);
  console.error(
    [
      `${opts.out}: ${Buffer.byteLength(text) + 1} bytes`,
      `${modules.length} modules, ${count((m) => m.exports.length)} symbols exported by ${count((m) => (m.exports.length ? 1 : 0))} modules,`,
      `${count((m) => m.alias.length)} aliases, ${count((m) => m.softdep.length)} softdeps, ${count((m) => m.params.length)} parameters,`,
      `${symvers.vmlinux.length} vmlinux exports, ${catalog.builtin.length} builtin, ${builtinAlias.length} builtin aliases, ${catalog.order.length} in modules.order`,
      `vermagic ${JSON.stringify(vermagic)} (${[...magics.entries()].map(([k, v]) => `${v}× ${JSON.stringify(k)}`).join(', ')})`,
    ].join('\n'),
  );
}

main();
