// modprobe remembers root's file reads while the machine's file system stays the same object
// (machineFs in ./fs.ts): a written, added or removed file must show in the next modprobe, and
// another user must still meet the permission checks.
import { describe, expect, it } from 'vitest';
import { E } from '../../kernel/errno';
import { bytes } from '../../kernel/testing';
import { Session } from '../kshell/session';
import { machineFs } from './fs';

const R = '/lib/modules/6.1.0-56-amd64';
const K = `${R}/kernel`;

function tree(): Session {
  const s = new Session({
    files: {
      [`${K}/fs/fat/fat.ko`]: bytes({ name: 'fat', exports: [{ symbol: 'fat_fill_super', gpl: true }] }),
      [`${K}/fs/fat/vfat.ko`]: bytes({ name: 'vfat', imports: ['fat_fill_super'], alias: ['fs-vfat'] }),
    },
  });
  s.script(['depmod -a']);
  return s;
}

const run = (s: Session, line: string) => s.script([line]).output;

describe('modprobe after files changed', () => {
  it('sees configuration files written and removed', () => {
    const s = tree();
    expect(run(s, 'modprobe --show-depends vfat')).toBe(`insmod ${K}/fs/fat/fat.ko \ninsmod ${K}/fs/fat/vfat.ko \n`);
    s.machine.dispatch({ type: 'write_file', path: '/etc/modprobe.d/vfat.conf', data: 'options vfat utf8=1\n' });
    expect(run(s, 'modprobe --show-depends vfat')).toBe(`insmod ${K}/fs/fat/fat.ko \ninsmod ${K}/fs/fat/vfat.ko utf8=1 \n`);
    s.machine.dispatch({ type: 'write_file', path: '/etc/modprobe.d/vfat.conf', data: 'options vfat utf8=0\n' });
    expect(run(s, 'modprobe --show-depends vfat')).toBe(`insmod ${K}/fs/fat/fat.ko \ninsmod ${K}/fs/fat/vfat.ko utf8=0 \n`);
    run(s, 'rm /etc/modprobe.d/vfat.conf');
    expect(run(s, 'modprobe --show-depends vfat')).toBe(`insmod ${K}/fs/fat/fat.ko \ninsmod ${K}/fs/fat/vfat.ko \n`);
  });

  it('sees module files and indexes change', () => {
    const s = tree();
    run(s, `rm ${K}/fs/fat/fat.ko`);
    // modules.dep still names fat.ko, which is gone: kmod cannot make the dependency.
    expect(run(s, 'modprobe --show-depends vfat')).toMatch(/kmod_module_parse_depline\(\) ctx=0x[0-9a-f]+ path=.*fat\.ko error=No such file or directory\n/);
    run(s, 'depmod -a');
    expect(run(s, 'modprobe --show-depends vfat')).toBe(`insmod ${K}/fs/fat/vfat.ko \n`);
    expect(run(s, 'modprobe --show-depends fat')).toBe(`modprobe: FATAL: Module fat not found in directory ${R}\n`);
  });

  it('does not hand root\'s reads to another user', () => {
    const s = tree();
    s.machine.dispatch({ type: 'write_file', path: '/root/note', data: 'hi\n' });
    const fs = machineFs(() => s.machine.state);
    expect(fs.read('/root/note')).toBe('hi\n');
    expect(fs.list('/root')).toEqual(['note']);
    run(s, 'su student');
    expect(fs.read('/root/note')).toBe(-E.EACCES);
    expect(fs.list('/root')).toBe(-E.EACCES);
    run(s, 'exit');
    expect(fs.read('/root/note')).toBe('hi\n');
  });
});
