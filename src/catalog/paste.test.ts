import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectFormat, parsePasted } from './paste';

const LSMOD = `Module                  Size  Used by
vfat                   24576  1
fat                    90112  1 vfat
snd_hda_codec_hdmi     86016  1
snd_hda_intel          57344  3
snd_hda_codec         184320  2 snd_hda_codec_hdmi,snd_hda_intel
`;

const PROC = `vfat 24576 1 - Live 0xffffffffc0a1b000
fat 90112 1 vfat, Live 0xffffffffc0a00000
vrf 36864 0 [permanent], Live 0x0000000000000000
mymod 16384 0 - Loading 0x0000000000000000 (OE+)
`;

const DEP = `kernel/fs/fat/fat.ko:
kernel/fs/fat/vfat.ko: kernel/fs/fat/fat.ko
kernel/fs/fat/msdos.ko: kernel/fs/fat/fat.ko
kernel/a.ko: kernel/b.ko kernel/c.ko
kernel/b.ko: kernel/c.ko
kernel/c.ko:
`;

describe('pasted module listings', () => {
  it('recognises each format', () => {
    expect(detectFormat(LSMOD)).toBe('lsmod');
    expect(detectFormat(PROC)).toBe('proc-modules');
    expect(detectFormat(DEP)).toBe('modules.dep');
  });

  it('reads lsmod: sizes, counts and used-by edges', () => {
    const g = parsePasted(LSMOD);
    expect(g.errors).toEqual([]);
    expect(g.modules.map((m) => [m.name, m.size, m.refcnt])).toEqual([
      ['vfat', 24576, 1], ['fat', 90112, 1], ['snd_hda_codec_hdmi', 86016, 1], ['snd_hda_intel', 57344, 3], ['snd_hda_codec', 184320, 2],
    ]);
    expect(g.edges).toEqual([
      { user: 'vfat', used: 'fat' },
      { user: 'snd_hda_codec_hdmi', used: 'snd_hda_codec' },
      { user: 'snd_hda_intel', used: 'snd_hda_codec' },
    ]);
  });

  it('reads /proc/modules: state, taints, [permanent]', () => {
    const g = parsePasted(PROC);
    expect(g.errors).toEqual([]);
    expect(g.modules.find((m) => m.name === 'vrf')).toMatchObject({ permanent: true, state: 'Live' });
    expect(g.modules.find((m) => m.name === 'mymod')).toMatchObject({ state: 'Loading', taints: 'OE' });
    expect(g.edges).toEqual([{ user: 'vfat', used: 'fat' }]);
  });

  it('reads modules.dep, keeping only direct dependencies', () => {
    const g = parsePasted(DEP);
    expect(g.errors).toEqual([]);
    expect(g.modules.map((m) => m.name)).toEqual(['fat', 'vfat', 'msdos', 'a', 'b', 'c']);
    expect(g.edges).toEqual([
      { user: 'vfat', used: 'fat' }, { user: 'msdos', used: 'fat' }, { user: 'a', used: 'b' }, { user: 'b', used: 'c' },
    ]);
  });

  it('reports bad lines with their numbers and keeps the rest', () => {
    const g = parsePasted('Module                  Size  Used by\nvfat 24576 1\n<script>alert(1)</script> 1 2\nfat x 1\nvfat 1 1\n');
    expect(g.modules.map((m) => m.name)).toEqual(['vfat']);
    expect(g.errors).toEqual([
      { line: 3, message: "'<script>alert(1)</script>' is not a module name" },
      { line: 4, message: 'expected "fat SIZE COUNT [USED BY]"' },
      { line: 5, message: 'vfat is listed twice' },
    ]);
  });

  it('never throws, whatever is pasted', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (text) => {
      const g = parsePasted(text);
      for (const e of g.edges) expect(typeof e.user).toBe('string');
    }), { numRuns: 300 });
  });
});
