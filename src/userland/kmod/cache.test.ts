// modprobe remembers root's file reads while the machine's file system stays the same object
// (machineFs in ./fs.ts) and the configuration made of the same parts (loadConfig in ./config.ts):
// a written, added or removed file must show in the next modprobe, another user must still meet
// the permission checks, and another machine's kernel command line must count.
import { describe, expect, it } from 'vitest';
import { E } from '../../kernel/errno';
import { bytes } from '../../kernel/testing';
import { Session } from '../kshell/session';
import { machineFs } from './fs';

const R = '/lib/modules/6.1.0-56-amd64';
const K = `${R}/kernel`;

function tree(cmdline?: string): Session {
  const s = new Session({
    cmdline,
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

  it('takes each machine\'s kernel command line, though the files are the same', () => {
    const plain = tree();
    const utf8 = tree('vfat.utf8=1');
    expect(run(utf8, 'cat /proc/cmdline')).toMatch(/ vfat\.utf8=1\n$/);
    const deps = (s: Session) => run(s, 'modprobe --show-depends vfat');
    const without = `insmod ${K}/fs/fat/fat.ko \ninsmod ${K}/fs/fat/vfat.ko \n`;
    const withUtf8 = `insmod ${K}/fs/fat/fat.ko \ninsmod ${K}/fs/fat/vfat.ko utf8=1 \n`;
    expect([deps(plain), deps(utf8), deps(plain), deps(utf8)]).toEqual([without, withUtf8, without, withUtf8]);
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
