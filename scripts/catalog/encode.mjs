// Compact wire form of the catalogue. The format is described, and decoded, in
// src/catalog/load.ts; keep the two in step (src/catalog/load.test.ts round-trips the real file).

export const FORMAT = 1;

export const FLAG_INTREE = 1;
export const FLAG_STAGING = 2;
export const FLAG_SIGNED = 4;
export const FLAG_INIT = 8;
export const FLAG_EXIT = 16;

const byteOrder = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const PATH = /^kernel\/(.+)\.ko$/;

/** "kernel/fs/fat/vfat.ko" → "fs/fat/vfat"; every path in the tree has that form. */
function shortPath(p) {
  const m = PATH.exec(p);
  if (!m) throw new Error(`path ${p} is not kernel/….ko`);
  return m[1];
}

export const nameFromPath = (p) => p.slice(p.lastIndexOf('/') + 1).replace(/\.ko$/, '').replace(/-/g, '_');

/**
 * The values a module's .modinfo would hold, key by key, as far as the decoded fields tell
 * them; load.ts (modinfoQueues) has the same rule. An entry equal to the next value of its
 * key's queue is stored as just the key; any other is stored with its value.
 */
export function modinfoQueues(m) {
  const one = (v) => (v === undefined ? [] : [v]);
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

function encodeModinfo(m, keyIndex) {
  const queues = modinfoQueues(m);
  const codes = [];
  const literals = [];
  for (const [key, value] of m.modinfo) {
    if (!keyIndex.has(key)) keyIndex.set(key, keyIndex.size);
    const k = keyIndex.get(key);
    const q = queues[key];
    if (q && q.length && q[0] === value) {
      q.shift();
      codes.push(k);
    } else {
      codes.push(-1 - k);
      literals.push(value);
    }
  }
  return { codes, literals };
}

export function encodeCatalog(c) {
  const names = new Set(Object.keys(c.vmlinuxExports));
  for (const m of c.modules) {
    for (const e of m.exports) names.add(e.symbol);
    for (const s of m.imports) names.add(s);
  }
  const symbols = [...names].sort(byteOrder);
  const index = new Map(symbols.map((s, i) => [s, i]));
  const modIndex = new Map(c.modules.map((m, i) => [m.path, i]));
  const keyIndex = new Map();

  const modules = c.modules.map((m) => {
    const r = { p: shortPath(m.path) };
    if (m.name !== nameFromPath(m.path)) r.n = m.name;
    if (m.license !== undefined) r.l = m.license;
    if (m.description !== undefined) r.d = m.description;
    if (m.authors.length) r.a = m.authors;
    if (m.version !== undefined) r.v = m.version;
    if (m.vermagic !== c.vermagic) r.m = m.vermagic;
    if (m.srcversion !== undefined) r.s = m.srcversion;
    r.f = (m.intree ? FLAG_INTREE : 0) | (m.staging ? FLAG_STAGING : 0) | (m.signed ? FLAG_SIGNED : 0) |
      (m.hasInit ? FLAG_INIT : 0) | (m.hasExit ? FLAG_EXIT : 0);
    if (m.alias.length) r.al = m.alias;
    if (m.softdep.length) r.sd = m.softdep;
    if (m.depends.length) r.dp = m.depends;
    if (m.params.length) {
      r.pm = m.params.map((p) => {
        const t = [p.name, p.type ?? null, p.description ?? null];
        while (t.length > 1 && t[t.length - 1] === null) t.pop();
        return t;
      });
    }
    if (m.exports.length) r.x = m.exports.map((e) => index.get(e.symbol) * 2 + (e.gpl ? 1 : 0));
    if (m.imports.length) {
      const idx = m.imports.map((s) => index.get(s));
      r.i = idx.map((v, i) => (i === 0 ? v : v - idx[i - 1]));
    }
    if (m.modinfo) {
      const { codes, literals } = encodeModinfo(m, keyIndex);
      r.mi = codes;
      if (literals.length) r.mv = literals;
    }
    if (m.size % 4096 !== 0) throw new Error(`${m.path}: size ${m.size} is not a whole number of pages`);
    r.z = m.size / 4096;
    return r;
  });

  return {
    format: FORMAT,
    name: c.name,
    release: c.release,
    version: c.version,
    vermagic: c.vermagic,
    package: c.package,
    symbols,
    vmlinuxExports: Object.entries(c.vmlinuxExports).map(([s, gpl]) => index.get(s) * 2 + (gpl ? 1 : 0)),
    builtin: c.builtin,
    builtinAlias: c.builtinAlias,
    order: c.order.map((p) => modIndex.get(p) ?? p),
    modinfoKeys: [...keyIndex.keys()],
    modules,
  };
}
