// The real-kernel catalogue: every module of a distribution kernel package, as read from the
// package's files by scripts/catalog/extract.mjs (see scripts/catalog/build-debian-6.1.sh).
// On disk it is stored compactly (public/catalog/<name>.json); src/catalog/load.ts decodes it.

export interface CatalogParam { name: string; type?: string; description?: string }
export interface CatalogModule {
  name: string;            // modinfo name (underscores), e.g. "snd_hda_intel"
  path: string;            // relative to /lib/modules/RELEASE, e.g. "kernel/sound/pci/hda/snd-hda-intel.ko"
  license?: string; description?: string; authors: string[]; version?: string;
  vermagic: string; srcversion?: string; intree: boolean; staging: boolean; signed: boolean;
  alias: string[];         // modinfo alias values in modinfo order
  softdep: string[];       // raw modinfo softdep values, e.g. ["pre: crc32c"]
  depends: string[];       // modinfo depends (modpost's list)
  params: CatalogParam[];  // in the order modinfo prints parm lines
  exports: Array<{ symbol: string; gpl: boolean }>;   // from Module.symvers (EXPORT_SYMBOL_GPL → gpl) in symvers order, or from the module's __ksymtab
  imports: string[];       // undefined symbols (nm -u), all of them, in nm's (byte) order; on this tree every one is exported by vmlinux or a module
  size: number;            // core size as lsmod would show it (ORACLE-DETAILS §2 rule from section headers; multiple of 4096)
  hasInit: boolean; hasExit: boolean;   // the module defines init_module / cleanup_module (nm)
  modinfo?: Array<[string, string]>;     // the whole .modinfo, key by key in section order, for modinfo to print exactly
}
export interface Catalog {
  name: 'debian-6.1'; release: string; version: string; vermagic: string;  // release = uname -r, version = uname -v (from the bzImage header)
  package: string;         // e.g. "linux-image-6.1.0-56-amd64-unsigned 6.1.192-2"
  vmlinuxExports: Record<string, boolean>;   // vmlinux's exports from Module.symvers, name → GPL-only
  builtin: string[];       // modules.builtin lines (paths) in file order
  builtinAlias: Array<[string, string]>;     // modules.builtin.modinfo aliases: [alias, module name] (if available)
  order: string[];         // modules.order lines in file order (paths relative, as in the file)
  modules: CatalogModule[];// every .ko, sorted by path
}
