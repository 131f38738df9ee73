// The "make" step: manifest text → ModuleImage → the bytes of NAME.ko (PRODUCT.md §5, §8).
// What Kbuild and modpost would add is added here: KBUILD_MODNAME, the undefined symbols the
// code references, vermagic, srcversion and the section sizes.
import { encodeModuleImage, type ModuleImage, type Statement } from '../kernel/image';
import { STATEMENT_SYMBOL } from '../kernel/ksyms';
import { parseManifest } from './parse';
import type { Diagnostic, Manifest } from './types';

export interface BuildOptions {
  /** Where the manifest came from, e.g. "/root/hello.yaml" (kept as the image's `source`). */
  fileName: string;
  /** The running kernel's vermagic, used unless the manifest sets its own. */
  vermagic: string;
}

export interface BuildResult {
  image: ModuleImage | null;
  diagnostics: Diagnostic[];
}

const PAGE_SIZE = 4096;

export function buildModule(text: string, opts: BuildOptions): BuildResult {
  const { manifest, diagnostics } = parseManifest(text);
  if (!manifest) return { image: null, diagnostics };
  return { image: imageFromManifest(manifest, text, opts), diagnostics };
}

/** buildModule() plus the encoded .ko file contents (null when the build failed). */
export function buildKo(text: string, opts: BuildOptions): BuildResult & { ko: string | null } {
  const result = buildModule(text, opts);
  return { ...result, ko: result.image ? encodeModuleImage(result.image) : null };
}

export function imageFromManifest(m: Manifest, text: string, opts: BuildOptions): ModuleImage {
  const modinfo: Pick<ModuleImage, 'license' | 'author' | 'description' | 'version'> = {};
  for (const key of ['license', 'author', 'description', 'version'] as const) {
    if (m[key] !== undefined) modinfo[key] = m[key];
  }
  return {
    name: moduleName(m.name),
    ...modinfo,
    alias: [...m.alias],
    softdep: { pre: [...m.softdep.pre], post: [...m.softdep.post] },
    vermagic: m.vermagic ?? opts.vermagic,
    srcversion: srcversion(text),
    intree: false,
    signed: false,
    params: m.params.map((p) => ({ ...p })),
    exports: m.exports.map((e) => ({ ...e })),
    imports: collectImports(m),
    size: sectionSizes(m),
    init: m.init && m.init.map((s) => ({ ...s })),
    exit: m.exit && m.exit.map((s) => ({ ...s })),
    source: opts.fileName,
  };
}

/** KBUILD_MODNAME: the file's base name with '-' turned into '_'. */
export function moduleName(name: string): string {
  return name.replace(/-/g, '_');
}

/** The kernel function a statement references, if any. */
export function statementSymbol(s: Statement): string | undefined {
  return s.op === 'call' ? s.symbol : STATEMENT_SYMBOL[s.op];
}

/**
 * The undefined symbols of the module: `imports` as written, then what the statements call, in
 * order of first use; each once, and never one the module defines (exports) itself.
 */
export function collectImports(m: Manifest): string[] {
  const own = new Set(m.exports.map((e) => e.symbol));
  const out: string[] = [];
  const add = (symbol: string | undefined) => {
    if (symbol !== undefined && !own.has(symbol) && !out.includes(symbol)) out.push(symbol);
  };
  m.imports.forEach(add);
  for (const s of [...(m.init ?? []), ...(m.exit ?? [])]) add(statementSymbol(s));
  return out;
}

/**
 * The manifest's sizes, or a default that grows with the module: a 16 KiB core plus a page per
 * 16 statements, exports and params; one init page when there is an init function. Both are
 * rounded up to whole pages, as the module loader lays sections out.
 */
export function sectionSizes(m: Manifest): ModuleImage['size'] {
  const statements = (m.init?.length ?? 0) + (m.exit?.length ?? 0);
  const items = statements + m.exports.length + m.params.length;
  const core = m.size.core ?? 16384 + PAGE_SIZE * Math.floor(items / 16);
  const init = m.size.init ?? (m.init ? PAGE_SIZE : 0);
  return { core: pageAlign(core), init: pageAlign(init) };
}

const pageAlign = (bytes: number) => Math.ceil(bytes / PAGE_SIZE) * PAGE_SIZE;

/**
 * 23 upper-case hex digits, like modinfo's srcversion (an MD4 of the sources in real Kbuild; here
 * a 128-bit cyrb-style hash of the manifest text: deterministic, and it changes with the text).
 */
export function srcversion(text: string): string {
  let h1 = 0x6b6d6f64, h2 = 0x706c6179, h3 = 0x67726f75, h4 = 0x6e643132;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  const hex = [h1, h2, h3, h4].map((h) => (h >>> 0).toString(16).padStart(8, '0')).join('');
  return hex.slice(0, 23).toUpperCase();
}

/** A compiler-style line for `make`: "hello.yaml:3:7: error: unknown field 'licence' ...". */
export function formatDiagnostic(fileName: string, d: Diagnostic): string {
  return `${fileName}:${d.line}:${d.column}: ${d.severity}: ${d.message}`;
}
