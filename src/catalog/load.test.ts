import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCatalog } from './load.ts';
import type { Catalog, CatalogModule } from './types.ts';

const FILE = fileURLToPath(new URL('../../public/catalog/debian-6.1.json', import.meta.url));

let raw: Record<string, unknown>;
let catalog: Catalog;
let byName: Map<string, CatalogModule>;

beforeAll(() => {
  raw = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>;
  catalog = decodeCatalog(raw);
  byName = new Map(catalog.modules.map((m) => [m.name, m]));
});

const mod = (name: string): CatalogModule => {
  const m = byName.get(name);
  if (!m) throw new Error(`no module ${name}`);
  return m;
};
const sum = (f: (m: CatalogModule) => number) => catalog.modules.reduce((n, m) => n + f(m), 0);

describe('debian-6.1 catalogue', () => {
  it('describes the 6.1.0-56-amd64 package', () => {
    expect(catalog.name).toBe('debian-6.1');
    expect(catalog.release).toBe('6.1.0-56-amd64');
    expect(catalog.version).toBe('#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)');
    expect(catalog.package).toBe('linux-image-6.1.0-56-amd64-unsigned 6.1.192-2');
    expect(catalog.vermagic).toBe('6.1.0-56-amd64 SMP preempt mod_unload modversions ');
  });

  // ORACLE.md "Real data". Its 26,223 aliases and 55 softdeps are the line counts of depmod's
  // modules.alias and modules.softdep, whose first line is a comment; the values are one fewer.
  it('has the counts of the real tree', () => {
    expect(catalog.modules).toHaveLength(4023);
    expect(sum((m) => m.exports.length)).toBe(14180);
    expect(sum((m) => (m.exports.length > 0 ? 1 : 0))).toBe(930);
    expect(sum((m) => m.alias.length)).toBe(26222);
    expect(sum((m) => m.softdep.length)).toBe(54);
    expect(sum((m) => m.params.length)).toBe(4820);
    expect(Object.keys(catalog.vmlinuxExports)).toHaveLength(10503);
    expect(catalog.order).toHaveLength(4023);
    expect(catalog.builtin).toHaveLength(186);
    expect(catalog.builtinAlias).toHaveLength(62);
  });

  it('keeps modules sorted by path, with unique names', () => {
    const paths = catalog.modules.map((m) => m.path);
    expect([...paths].sort()).toEqual(paths);
    expect(byName.size).toBe(catalog.modules.length);
    expect(new Set(catalog.order)).toEqual(new Set(paths));
  });

  it('knows vfat and fat', () => {
    const fat = mod('fat');
    const vfat = mod('vfat');
    expect(fat.path).toBe('kernel/fs/fat/fat.ko');
    expect(fat.exports).toContainEqual({ symbol: 'fat_fill_super', gpl: true });
    expect(vfat.depends).toEqual(['fat']);
    expect(vfat.imports).toContain('fat_fill_super');
    expect(vfat.alias).toEqual(['fs-vfat']);
    expect(vfat.authors).toEqual(['Gordon Chaffee']);
    expect(vfat.description).toBe('VFAT filesystem support');
    expect(vfat.license).toBe('GPL');
    expect(vfat).toMatchObject({ intree: true, staging: false, signed: true, hasInit: true, hasExit: true });
    // ORACLE-DETAILS §2 and §6.1
    expect(vfat.size).toBe(24576);
    expect(fat.size).toBe(90112);
    expect(mod('loop').size).toBe(32768);
    expect(mod('ext4').size).toBe(983040);
  });

  it('lists parameters in modinfo order and softdeps raw', () => {
    expect(mod('loop').params).toEqual([
      { name: 'max_loop', description: 'Maximum number of loop devices' },
      { name: 'max_part', type: 'int', description: 'Maximum number of partitions per loop device' },
      { name: 'hw_queue_depth', description: 'Queue depth for each hardware queue. Default: 128' },
    ]);
    expect(mod('ext4').softdep).toEqual(['pre: crypto-crc32c']);
    expect(mod('libcrc32c').softdep).toEqual(['pre: crc32c']);
    expect(mod('vfio').softdep).toEqual(['post: vfio_iommu_type1 vfio_iommu_spapr_tce']);
    expect(mod('cifs').softdep).toContain('gcm'); // MODULE_SOFTDEP without pre:/post:, which modprobe ignores
  });

  it('has names with dashes turned into underscores, and the odd init/exit cases', () => {
    expect(mod('snd_hda_intel').path).toBe('kernel/sound/pci/hda/snd-hda-intel.ko');
    expect(mod('vrf')).toMatchObject({ hasInit: true, hasExit: false });
    expect(catalog.modules.every((m) => m.size > 0 && m.size % 4096 === 0)).toBe(true);
  });

  it('resolves every import to vmlinux or a module export', () => {
    const exported = new Set(Object.keys(catalog.vmlinuxExports));
    for (const m of catalog.modules) for (const e of m.exports) exported.add(e.symbol);
    const missing = catalog.modules.flatMap((m) => m.imports.filter((s) => !exported.has(s)));
    expect(missing).toEqual([]);
    expect(catalog.vmlinuxExports.__fentry__).toBe(false);
    expect(catalog.vmlinuxExports.__x86_return_thunk).toBe(false);
  });

  it('keeps the whole .modinfo for modinfo to print', () => {
    // modinfo -0 of the real vfat.ko, without the signature lines.
    expect(mod('vfat').modinfo).toEqual([
      ['author', 'Gordon Chaffee'],
      ['description', 'VFAT filesystem support'],
      ['license', 'GPL'],
      ['alias', 'fs-vfat'],
      ['depends', 'fat'],
      ['retpoline', 'Y'],
      ['intree', 'Y'],
      ['name', 'vfat'],
      ['vermagic', '6.1.0-56-amd64 SMP preempt mod_unload modversions '],
    ]);
    expect(mod('loop').modinfo?.filter(([k]) => k.startsWith('parm'))).toEqual([
      ['parm', 'hw_queue_depth:Queue depth for each hardware queue. Default: 128'],
      ['parm', 'max_part:Maximum number of partitions per loop device'],
      ['parmtype', 'max_part:int'],
      ['parm', 'max_loop:Maximum number of loop devices'],
    ]);
    for (const m of catalog.modules) {
      const values = (key: string) => (m.modinfo ?? []).filter(([k]) => k === key).map(([, v]) => v);
      expect(values('alias')).toEqual(m.alias);
      expect(values('name')).toEqual([m.name]);
      expect(values('license')[0]).toBe(m.license);
    }
  });

  it('has the builtin lists', () => {
    expect(catalog.builtin).toContain('kernel/net/unix/unix.ko');
    expect(catalog.builtinAlias).toContainEqual(['net-pf-10', 'ipv6']);
    // modprobe matches crypto-sha256_generic against it: aliases are compared with - and _ alike.
    expect(catalog.builtinAlias).toContainEqual(['crypto-sha256-generic', 'sha256_generic']);
  });

  it('rejects malformed input', () => {
    expect(() => decodeCatalog(null)).toThrow(/root/);
    expect(() => decodeCatalog({ ...raw, format: 2 })).toThrow(/format/);
    const modules = raw.modules as Array<Record<string, unknown>>;
    expect(() => decodeCatalog({ ...raw, modules: [{ ...modules[0], z: -1 }] })).toThrow(/modules\[0\]\.z/);
    expect(() => decodeCatalog({ ...raw, modules: [{ ...modules[0], i: [1e9] }] })).toThrow(/modules\[0\]\.i\[0\]/);
    expect(() => decodeCatalog({ ...raw, order: [99999] })).toThrow(/order\[0\]/);
  });
});
