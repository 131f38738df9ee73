// Booting the simulated machine with a real distribution kernel (PRODUCT.md §9): every module of
// the catalogue becomes a .ko under /lib/modules/RELEASE, with the kernel package's
// modules.order and modules.builtin beside them, and vmlinux's exports in the kernel's table.
// (depmod then runs at boot, as the seed says it does: see src/userland/kshell/session.ts.)
import { encodeRemembered, PARAM_TYPES, type ModuleImage, type ParamSpec, type ParamType } from '../kernel/image';
import type { BootOptions } from '../kernel/state';
import type { Catalog, CatalogModule } from './types';

/** The simulated machine has 8 GiB, so that every real module can be loaded at once. */
const CATALOG_MEMORY = 8 * 1024 ** 3;

/** modinfo parmtype → the kernel param type that parses it (module_param's "array of T"
 * becomes an array of T; hexint parses as uint, ullong as ulong, string as charp). */
function paramSpec(p: CatalogModule['params'][number]): ParamSpec {
  const raw = p.type ?? 'charp';
  const array = raw.startsWith('array of ');
  const base = array ? raw.slice(9) : raw;
  const mapped = ({ hexint: 'uint', ullong: 'ulong', string: 'charp', bint: 'int' } as Record<string, ParamType>)[base] ?? base;
  const type: ParamType = (PARAM_TYPES as readonly string[]).includes(mapped) ? (mapped as ParamType) : 'charp';
  // sysfs permissions are not in .modinfo: show real parameters read-only.
  return { name: p.name, type, perm: 0o444, ...(p.description ? { description: p.description } : {}), ...(array ? { array: 32 } : {}) };
}

export function catalogImage(m: CatalogModule): ModuleImage {
  return {
    name: m.name,
    ...(m.license !== undefined ? { license: m.license } : {}),
    ...(m.authors.length ? { author: m.authors.join(', ') } : {}),
    ...(m.description !== undefined ? { description: m.description } : {}),
    ...(m.version !== undefined ? { version: m.version } : {}),
    alias: m.alias,
    softdep: { pre: [], post: [] },
    softdepRaw: m.softdep,
    vermagic: m.vermagic,
    srcversion: m.srcversion ?? '',
    intree: m.intree,
    staging: m.staging,
    signed: m.signed,
    params: m.params.map(paramSpec),
    exports: m.exports,
    imports: m.imports,
    size: { core: m.size, init: m.hasInit ? 4096 : 0 },
    init: m.hasInit ? [] : null,
    exit: m.hasExit ? [] : null,
    depends: m.depends,
  };
}

export function catalogBootOptions(catalog: Catalog, options: BootOptions = {}): BootOptions {
  const dir = `/lib/modules/${catalog.release}`;
  const files: Record<string, string> = {
    [`${dir}/modules.order`]: catalog.order.map((l) => l + '\n').join(''),
    [`${dir}/modules.builtin`]: catalog.builtin.map((l) => l + '\n').join(''),
    [`${dir}/modules.builtin.alias`]: catalog.builtinAlias.map(([alias, mod]) => `alias ${alias} ${mod}\n`).join(''),
  };
  // Decoded already: depmod at boot and every later load reuse these images instead of parsing.
  for (const m of catalog.modules) files[`${dir}/${m.path}`] = encodeRemembered(catalogImage(m));
  return {
    memoryBytes: CATALOG_MEMORY,
    ...options,
    ksyms: catalog.vmlinuxExports,
    files: { ...files, ...(options.files ?? {}) },
  };
}
