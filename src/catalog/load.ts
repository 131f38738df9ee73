// Decodes the compact catalogue written by scripts/catalog/extract.mjs (encode.mjs).
//
// Wire format 1, one JSON object:
//   format: 1; name, release, version, vermagic, package: strings as in Catalog
//   symbols: string[]          every symbol name that is exported or imported, in byte order
//   vmlinuxExports: number[]   Module.symvers order; each is symbolIndex * 2 + (GPL-only ? 1 : 0)
//   builtin: string[]; builtinAlias: [alias, module][]   as in Catalog
//   order: (number | string)[] a module index (into modules) or, for a path not in the tree, the path
//   modinfoKeys: string[]      the .modinfo keys that occur, referred to by index below
//   modules: sorted by path, each
//     p   path without the leading "kernel/" and the trailing ".ko"
//     n?  modinfo name, when it is not the file name with "-" turned into "_"
//     l? d? v? s?  license, description, version, srcversion (first value, as the kernel reads it)
//     a?  authors; m? vermagic when it differs from the catalogue's
//     f   flags: 1 intree, 2 staging, 4 signed, 8 defines init_module, 16 defines cleanup_module
//     al? sd? dp?  alias, softdep, depends
//     pm? params as [name, type?, description?] (null for a missing type before a description)
//     x?  exports, symbolIndex * 2 + gpl, in Module.symvers order
//     i?  imports as symbol indices in .symtab order, delta-coded (first absolute, then signed differences)
//     z   core size in 4096-byte pages
//     mi? mv?  the whole .modinfo in section order: each entry of mi is a key index k, whose value
//         is the next one modinfoQueues() derives for that key from the fields above, or -1-k,
//         whose value is the next string of mv
// Absent arrays are empty. Anything else is rejected with an Error naming the offending field.

import type { Catalog, CatalogModule, CatalogParam } from './types.ts';

export const CATALOG_FORMAT = 1;
const PAGE_SIZE = 4096;

const FLAG_INTREE = 1;
const FLAG_STAGING = 2;
const FLAG_SIGNED = 4;
const FLAG_INIT = 8;
const FLAG_EXIT = 16;

type Obj = Record<string, unknown>;

function fail(where: string, what: string): never {
  throw new Error(`catalogue: ${where}: ${what}`);
}

function obj(v: unknown, where: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(where, 'expected an object');
  return v as Obj;
}

function arr(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) fail(where, 'expected an array');
  return v;
}

function str(v: unknown, where: string): string {
  if (typeof v !== 'string') fail(where, 'expected a string');
  return v;
}

function optStr(v: unknown, where: string): string | undefined {
  return v === undefined ? undefined : str(v, where);
}

function int(v: unknown, where: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(where, `expected an integer in [${min}, ${max}]`);
  return v;
}

function strings(v: unknown, where: string): string[] {
  return v === undefined ? [] : arr(v, where).map((s, i) => str(s, `${where}[${i}]`));
}

export function nameFromPath(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).replace(/\.ko$/, '').replace(/-/g, '_');
}

function decodeParam(v: unknown, where: string): CatalogParam {
  const t = arr(v, where);
  if (t.length < 1 || t.length > 3) fail(where, 'expected [name, type?, description?]');
  const p: CatalogParam = { name: str(t[0], `${where}[0]`) };
  if (t[1] !== undefined && t[1] !== null) p.type = str(t[1], `${where}[1]`);
  if (t[2] !== undefined && t[2] !== null) p.description = str(t[2], `${where}[2]`);
  return p;
}

/** What the decoded fields say a module's .modinfo values are, key by key, in order (the
 * encoder, scripts/catalog/encode.mjs, has the same rule). */
function modinfoQueues(m: CatalogModule): Record<string, string[]> {
  const one = (v: string | undefined) => (v === undefined ? [] : [v]);
  const firstSeen = [...m.params].reverse();
  return {
    alias: [...m.alias],
    author: [...m.authors],
    softdep: [...m.softdep],
    license: one(m.license),
    description: one(m.description),
    version: one(m.version),
    srcversion: one(m.srcversion),
    vermagic: [m.vermagic],
    name: [m.name],
    depends: [m.depends.join(',')],
    intree: ['Y'],
    staging: ['Y'],
    retpoline: ['Y'],
    parm: firstSeen.filter((p) => p.description !== undefined).map((p) => `${p.name}:${p.description}`),
    parmtype: firstSeen.filter((p) => p.type !== undefined).map((p) => `${p.name}:${p.type}`),
  };
}

function decodeModinfo(m: CatalogModule, r: Obj, where: string, keys: string[]): Array<[string, string]> {
  const queues = modinfoQueues(m);
  const literals = strings(r.mv, `${where}.mv`);
  let next = 0;
  const out = arr(r.mi, `${where}.mi`).map((c, k): [string, string] => {
    const at = `${where}.mi[${k}]`;
    const code = int(c, at, -keys.length, keys.length - 1);
    const key = keys[code < 0 ? -1 - code : code] as string;
    if (code < 0) {
      if (next >= literals.length) fail(at, 'more literal entries than mv holds');
      return [key, literals[next++] as string];
    }
    const value = queues[key]?.shift();
    if (value === undefined) fail(at, `no ${key} value left to derive`);
    return [key, value];
  });
  if (next !== literals.length) fail(`${where}.mv`, 'unused values');
  return out;
}

function decodeModule(v: unknown, i: number, symbols: string[], vermagic: string, keys: string[]): CatalogModule {
  const where = `modules[${i}]`;
  const r = obj(v, where);
  const path = `kernel/${str(r.p, `${where}.p`)}.ko`;
  const f = int(r.f, `${where}.f`, 0, 31);
  const symbol = (n: number, at: string) => symbols[int(n, at, 0, symbols.length - 1)] as string;

  let last = 0;
  const imports = (r.i === undefined ? [] : arr(r.i, `${where}.i`)).map((d, k) => {
    last = k === 0 ? int(d, `${where}.i[0]`) : last + int(d, `${where}.i[${k}]`, -symbols.length, symbols.length);
    return symbol(last, `${where}.i[${k}]`);
  });

  const m: CatalogModule = {
    name: optStr(r.n, `${where}.n`) ?? nameFromPath(path),
    path,
    authors: strings(r.a, `${where}.a`),
    vermagic: optStr(r.m, `${where}.m`) ?? vermagic,
    intree: (f & FLAG_INTREE) !== 0,
    staging: (f & FLAG_STAGING) !== 0,
    signed: (f & FLAG_SIGNED) !== 0,
    alias: strings(r.al, `${where}.al`),
    softdep: strings(r.sd, `${where}.sd`),
    depends: strings(r.dp, `${where}.dp`),
    params: (r.pm === undefined ? [] : arr(r.pm, `${where}.pm`)).map((p, k) => decodeParam(p, `${where}.pm[${k}]`)),
    exports: (r.x === undefined ? [] : arr(r.x, `${where}.x`)).map((x, k) => {
      const n = int(x, `${where}.x[${k}]`);
      return { symbol: symbol(n >> 1, `${where}.x[${k}]`), gpl: (n & 1) === 1 };
    }),
    imports,
    size: int(r.z, `${where}.z`) * PAGE_SIZE,
    hasInit: (f & FLAG_INIT) !== 0,
    hasExit: (f & FLAG_EXIT) !== 0,
  };
  const license = optStr(r.l, `${where}.l`);
  const description = optStr(r.d, `${where}.d`);
  const version = optStr(r.v, `${where}.v`);
  const srcversion = optStr(r.s, `${where}.s`);
  if (license !== undefined) m.license = license;
  if (description !== undefined) m.description = description;
  if (version !== undefined) m.version = version;
  if (srcversion !== undefined) m.srcversion = srcversion;
  if (r.mi !== undefined) m.modinfo = decodeModinfo(m, r, where, keys);
  else if (r.mv !== undefined) fail(`${where}.mv`, 'without mi');
  return m;
}

/** Validates the catalogue file's JSON and expands it to the Catalog shape. Throws on bad input. */
export function decodeCatalog(json: unknown): Catalog {
  const c = obj(json, 'root');
  if (c.format !== CATALOG_FORMAT) fail('format', `expected ${CATALOG_FORMAT}, got ${JSON.stringify(c.format)}`);
  const name = str(c.name, 'name');
  if (name !== 'debian-6.1') fail('name', `unknown catalogue ${JSON.stringify(name)}`);
  const vermagic = str(c.vermagic, 'vermagic');
  const symbols = strings(c.symbols, 'symbols');

  const vmlinuxExports: Array<[string, boolean]> = arr(c.vmlinuxExports, 'vmlinuxExports').map((x, k) => {
    const n = int(x, `vmlinuxExports[${k}]`);
    const s = symbols[int(n >> 1, `vmlinuxExports[${k}]`, 0, symbols.length - 1)] as string;
    return [s, (n & 1) === 1];
  });

  const modinfoKeys = strings(c.modinfoKeys, 'modinfoKeys');
  const modules = arr(c.modules, 'modules').map((m, i) => decodeModule(m, i, symbols, vermagic, modinfoKeys));
  const order = arr(c.order, 'order').map((o, k) =>
    typeof o === 'string' ? o : (modules[int(o, `order[${k}]`, 0, modules.length - 1)] as CatalogModule).path,
  );
  const builtinAlias = arr(c.builtinAlias, 'builtinAlias').map((p, k): [string, string] => {
    const t = arr(p, `builtinAlias[${k}]`);
    if (t.length !== 2) fail(`builtinAlias[${k}]`, 'expected [alias, module]');
    return [str(t[0], `builtinAlias[${k}][0]`), str(t[1], `builtinAlias[${k}][1]`)];
  });

  return {
    name,
    release: str(c.release, 'release'),
    version: str(c.version, 'version'),
    vermagic,
    package: str(c.package, 'package'),
    vmlinuxExports: Object.fromEntries(vmlinuxExports),
    builtin: strings(c.builtin, 'builtin'),
    builtinAlias,
    order,
    modules,
  };
}
