// depmod remembers what it found per directory record and what it derived per module image
// (src/userland/commands/depmod.ts scanDir, ./index.ts factsOf): a changed, added or removed
// file must show in the next run, a directory reached by another path is scanned again, and other
// users (who go the uncached way) must see the same, less what they may not read.
import { describe, expect, it } from 'vitest';
import { bytes } from '../../kernel/testing';
import { Session } from '../kshell/session';

const R = '/lib/modules/6.1.0-56-amd64';
const K = `${R}/kernel`;

function tree(): Session {
  return new Session({
    files: {
      [`${K}/fs/fat/fat.ko`]: bytes({ name: 'fat', exports: [{ symbol: 'fat_fill_super', gpl: true }] }),
      [`${K}/fs/fat/vfat.ko`]: bytes({ name: 'vfat', imports: ['fat_fill_super'], alias: ['fs-vfat'] }),
      [`${K}/drivers/block/loop.ko`]: bytes({ name: 'loop', alias: ['devname:loop-control', 'char-major-10-237'] }),
    },
  });
}

const write = (s: Session, path: string, data: string) => s.machine.dispatch({ type: 'write_file', path, data });
const cat = (s: Session, name: string) => s.script([`cat ${R}/${name}`]).output;

describe('depmod run again after the tree changed', () => {
  it('sees a module file that was rewritten', () => {
    const s = tree();
    expect(s.script(['depmod -a']).status).toBe(0);
    expect(cat(s, 'modules.alias')).toContain('alias fs-vfat vfat\n');
    write(s, `${K}/fs/fat/vfat.ko`, bytes({ name: 'vfat', imports: ['fat_fill_super'], alias: ['fs-msdos-ish'] }));
    s.script(['depmod -a']);
    expect(cat(s, 'modules.alias')).not.toContain('fs-vfat');
    expect(cat(s, 'modules.alias')).toContain('alias fs-msdos-ish vfat\n');
    // An export moved: the symbol's owner and the dependency follow it.
    write(s, `${K}/drivers/block/loop.ko`, bytes({ name: 'loop', exports: [{ symbol: 'fat_fill_super', gpl: true }] }));
    write(s, `${K}/fs/fat/fat.ko`, bytes({ name: 'fat' }));
    s.script(['depmod -a']);
    expect(cat(s, 'modules.symbols')).toContain('alias symbol:fat_fill_super loop\n');
    expect(cat(s, 'modules.dep')).toContain('kernel/fs/fat/vfat.ko: kernel/drivers/block/loop.ko\n');
    expect(cat(s, 'modules.devname')).toBe('# Device nodes to trigger on-demand module loading.\n');
  });

  it('sees modules added and removed, in an old directory and a new one', () => {
    const s = tree();
    s.script(['depmod -a']);
    write(s, `${K}/fs/fat/msdos.ko`, bytes({ name: 'msdos', imports: ['fat_fill_super'] }));
    s.script([`mkdir ${K}/fs/nls`]);
    write(s, `${K}/fs/nls/nls_utf8.ko`, bytes({ name: 'nls_utf8' }));
    s.script(['depmod -a']);
    expect(cat(s, 'modules.dep')).toContain('kernel/fs/fat/msdos.ko: kernel/fs/fat/fat.ko\n');
    expect(cat(s, 'modules.dep')).toContain('kernel/fs/nls/nls_utf8.ko:\n');
    expect(s.script([`rm ${K}/fs/fat/msdos.ko`, 'depmod -a']).status).toBe(0);
    expect(cat(s, 'modules.dep')).not.toContain('msdos');
  });

  it('prints the same for another user, who reads the files one by one', () => {
    const s = tree();
    const asRoot = s.script(['depmod -n']).output;
    expect(asRoot).toContain('kernel/fs/fat/vfat.ko: kernel/fs/fat/fat.ko\n');
    expect(s.script(['su student', 'depmod -n']).output).toBe(asRoot);
  });

  it("does not show another user what only root may read (root's scans are not theirs)", () => {
    const s = tree();
    s.machine.dispatch({ type: 'mkdir', path: `${K}/secret`, mode: 0o700 });
    write(s, `${K}/secret/hidden.ko`, bytes({ name: 'hidden' }));
    s.machine.dispatch({ type: 'write_file', path: `${K}/fs/fat/private.ko`, data: bytes({ name: 'private' }), mode: 0o600 });
    const asRoot = s.script(['depmod -n']).output;
    expect(asRoot).toContain('kernel/secret/hidden.ko:\n');
    expect(asRoot).toContain('kernel/fs/fat/private.ko:\n');
    const asStudent = s.script(['su student', 'depmod -n']).output;
    expect(asStudent).toContain('kernel/fs/fat/vfat.ko: kernel/fs/fat/fat.ko\n');
    expect(asStudent).not.toContain('hidden');
    expect(asStudent).not.toContain('private');
  });

  it('scans a directory again when it is reached by another path (a tree inside a tree)', () => {
    const s = new Session({ files: { '/srv/lib/modules/5.0/lib/modules/1.0/kernel/a.ko': bytes({ name: 'a' }) } });
    // A write makes the file system frozen, so that the scans below are remembered.
    write(s, '/tmp/x', '');
    expect(s.script(['depmod -n -b /srv 5.0']).output).toContain('lib/modules/1.0/kernel/a.ko:\n');
    // The same directory record, kernel/, now as kernel/ rather than lib/modules/1.0/kernel/.
    const inner = s.script(['depmod -n -b /srv/lib/modules/5.0 1.0']).output;
    expect(inner.split('\n').filter((l) => l.endsWith('a.ko:'))).toEqual(['kernel/a.ko:']);
  });
});
