import { describe, expect, it } from 'vitest';
import type { ModuleImage } from '../../kernel/image';
import { VERMAGIC } from '../../kernel/state';
import { depmod, pathToModname, symbolTableSize } from './index';
import { hashSuperfast, kmodHashOrder } from './hash';

function mod(path: string, exports: string[], imports: string[], extra: Partial<ModuleImage> = {}) {
  const image: ModuleImage = {
    name: pathToModname(path), alias: [], softdep: { pre: [], post: [] }, vermagic: VERMAGIC, srcversion: '0', intree: true,
    signed: true, params: [], exports: exports.map((symbol) => ({ symbol, gpl: false })), imports, size: { core: 4096, init: 0 },
    init: null, exit: null, ...extra,
  };
  return { path, image };
}

describe('depmod', () => {
  it('lists every dependency, direct or not, in load-reverse order', () => {
    const files = [
      mod('kernel/fs/vfat.ko', [], ['fat_fill_super', 'printk']),
      mod('kernel/fs/fat.ko', ['fat_fill_super'], ['crc_fn']),
      mod('kernel/lib/crc.ko', ['crc_fn'], []),
    ];
    const order = ['kernel/lib/crc.ko', 'kernel/fs/fat.ko', 'kernel/fs/vfat.ko'];
    const { files: out } = depmod({ files, order });
    expect(out['modules.dep']).toBe('kernel/lib/crc.ko:\nkernel/fs/fat.ko: kernel/lib/crc.ko\nkernel/fs/vfat.ko: kernel/fs/fat.ko kernel/lib/crc.ko\n');
    expect(out['modules.symbols']).toContain('alias symbol:fat_fill_super fat\n');
  });

  it('writes modules.alias, modules.softdep and modules.devname like kmod', () => {
    const files = [mod('kernel/drivers/loop.ko', [], [], {
      alias: ['devname:loop-control', 'char-major-10-237', 'block-major-7-*'], softdepRaw: ['pre: crc32c'],
    })];
    const { files: out } = depmod({ files, order: ['kernel/drivers/loop.ko'] });
    expect(out['modules.alias']).toBe('# Aliases extracted from modules themselves.\nalias devname:loop-control loop\nalias char-major-10-237 loop\nalias block-major-7-* loop\n');
    expect(out['modules.softdep']).toBe('# Soft dependencies extracted from modules themselves.\nsoftdep loop pre: crc32c\n');
    expect(out['modules.devname']).toBe('# Device nodes to trigger on-demand module loading.\nloop loop-control c10:237\n');
  });

  it('finds dependency cycles and leaves those modules out', () => {
    const files = [mod('a.ko', ['a_fn'], ['b_fn']), mod('b.ko', ['b_fn'], ['a_fn']), mod('c.ko', [], ['a_fn'])];
    const r = depmod({ files, order: ['a.ko', 'b.ko', 'c.ko'] });
    expect(r.warnings).toEqual(['WARNING: found 2 modules in dependency cycles!', 'WARNING: a.ko in dependency cycle!', 'WARNING: b.ko in dependency cycle!']);
    // c uses a, which is in the cycle: c stays, without it.
    expect(r.files['modules.dep']).toBe('c.ko:\n');
  });

  it('a module under updates/ wins over one of the same name elsewhere', () => {
    const files = [mod('kernel/x.ko', [], []), mod('updates/x.ko', [], [])];
    expect(depmod({ files, order: [] }).files['modules.dep']).toBe('updates/x.ko:\n');
  });
});

describe('the symbol table depmod runs share', () => {
  /** Frozen as decodeModuleImage() leaves an image, so that depmod keeps its facts. */
  function frozen(file: ReturnType<typeof mod>) {
    const { image } = file;
    for (const x of [image.alias, image.softdep.pre, image.softdep.post, image.softdep, image.imports, ...image.exports, image.exports, image]) Object.freeze(x);
    return file;
  }

  it('starts anew when it is far larger than a run needs, and the output stays the same', () => {
    const many = Array.from({ length: 70_000 }, (_, i) => `big_sym_${i}`);
    const big = [frozen(mod('kernel/big.ko', many, [])), frozen(mod('kernel/user.ko', ['user_fn'], ['big_sym_7', 'big_sym_69999']))];
    const small = [
      frozen(mod('kernel/fs/vfat.ko', [], ['fat_fill_super'])), frozen(mod('kernel/fs/fat.ko', ['fat_fill_super'], [])),
      frozen(mod('kernel/lib/x.ko', ['big_sym_7'], ['user_fn'])),
    ];
    const run = (files: typeof big) => depmod({ files, order: files.map((f) => f.path) }).files;
    const bigOut = run(big);
    expect(bigOut['modules.dep']).toContain('kernel/user.ko: kernel/big.ko\n');
    expect(symbolTableSize()).toBeGreaterThan(70_000);
    const smallOut = run(small);
    // That run used 4 names of more than 70,000: the next one starts a new table.
    expect(symbolTableSize()).toBe(0);
    expect(smallOut['modules.dep']).toBe('kernel/fs/vfat.ko: kernel/fs/fat.ko\nkernel/fs/fat.ko:\nkernel/lib/x.ko:\n');
    expect(run(big)).toEqual(bigOut);
    expect(symbolTableSize()).toBeGreaterThan(70_000);
    expect(run(small)).toEqual(smallOut);
    expect(run(small)).toEqual(smallOut);
  });
});

describe("kmod's hash", () => {
  it('gives the values of kmod\'s C hash_superfast (every remainder of 4, and UTF-8 bytes)', () => {
    // From shared/hash.c compiled on x86-64 (char is signed: bytes >= 0x80 count as negative).
    const known: Array<[string, number]> = [
      ['a', 291415938], ['ab', 1366002500], ['abc', 3535673738], ['abcd', 3671636187],
      ['fat_fill_super', 2566179833], ['é_ü', 1847782305], ['😀x', 1364478703],
    ];
    expect(known.map(([key]) => [key, hashSuperfast(key)])).toEqual(known);
  });

  it('keeps each bucket sorted', () => {
    const order = kmodHashOrder(['d', 'b', 'a', 'c', 'e'], 4);
    expect([...order].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    const bucket = (k: string) => hashSuperfast(k) & 3;
    for (let i = 1; i < order.length; i++) {
      const [a, b] = [order[i - 1]!, order[i]!];
      expect(bucket(a) < bucket(b) || (bucket(a) === bucket(b) && a < b)).toBe(true);
    }
  });
});
