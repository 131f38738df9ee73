// modprobe on a small hand-made tree, for what the recorded oracle cannot show (it only ran
// --show-depends and -n): real loads and unloads, install/remove commands that run, errors from
// the kernel, the removal order, and request_module().
import { describe, expect, it } from 'vitest';
import { E } from '../../kernel/errno';
import { bytes, st } from '../../kernel/testing';
import { Session } from '../kshell/session';
import { modsOf } from '../../kernel/shards';
import { moduleNames } from '../../kernel/modlist';

const R = '/lib/modules/6.1.0-56-amd64';
const K = `${R}/kernel`;

function tree(extra: Record<string, string> = {}): Session {
  return new Session({
    files: {
      [`${K}/fs/fat/fat.ko`]: bytes({ name: 'fat', exports: [{ symbol: 'fat_fill_super', gpl: true }] }),
      [`${K}/fs/fat/vfat.ko`]: bytes({ name: 'vfat', imports: ['fat_fill_super'], alias: ['fs-vfat'] }),
      [`${K}/fs/nls/nls_utf8.ko`]: bytes({ name: 'nls_utf8' }),
      [`${K}/drivers/block/loop.ko`]: bytes({ name: 'loop', params: [{ name: 'max_loop', type: 'int', perm: 0o444 }] }),
      [`${K}/drivers/input/misc/pcspkr.ko`]: bytes({ name: 'pcspkr', alias: ['platform:pcspkr'] }),
      [`${K}/drivers/broken.ko`]: bytes({ name: 'broken', imports: ['no_such_symbol'] }),
      [`${K}/drivers/noexit.ko`]: bytes({ name: 'noexit', exit: null }),
      [`${R}/modules.builtin`]: 'kernel/net/unix/unix.ko\n',
      ...extra,
    },
  });
}

const run = (s: Session, ...lines: string[]) => s.script(lines);
const loaded = (s: Session) => [...moduleNames(s.machine.state.modules)].sort();

describe('modprobe loads and unloads', () => {
  it('loads the dependencies first, prints insmod lines with -v, and is quiet when already loaded', () => {
    const s = tree();
    expect(run(s, 'modprobe -v vfat')).toEqual({ output: `insmod ${K}/fs/fat/fat.ko \ninsmod ${K}/fs/fat/vfat.ko \n`, status: 0 });
    expect(loaded(s)).toEqual(['fat', 'vfat']);
    expect(run(s, 'modprobe vfat')).toEqual({ output: '', status: 0 });
    expect(run(s, 'modprobe --first-time vfat')).toEqual({ output: "modprobe: ERROR: could not insert 'vfat': Module already in kernel\n", status: 1 });
    expect(run(s, 'modprobe -r fat')).toEqual({ output: 'modprobe: FATAL: Module fat is in use.\n', status: 1 });
    expect(run(s, 'modprobe -r -v vfat')).toEqual({ output: 'rmmod vfat\nrmmod fat\n', status: 0 });
    expect(loaded(s)).toEqual([]);
    expect(run(s, 'modprobe -r vfat')).toEqual({ output: '', status: 0 });
    expect(run(s, 'modprobe -r --first-time vfat')).toEqual({ output: 'modprobe: FATAL: Module vfat is not in kernel.\n', status: 1 });
  });

  it('finds a module by alias, by symbol and by path', () => {
    const s = tree();
    expect(run(s, 'modprobe fs-vfat', 'modprobe -R symbol:fat_fill_super').output).toBe('fat\n');
    expect(loaded(s)).toEqual(['fat', 'vfat']);
    expect(run(s, `modprobe -v ${K}/drivers/block/loop.ko`).output).toBe(`insmod ${K}/drivers/block/loop.ko \n`);
    // kmod 30 quirk: removing the holder vfat also removes fat as its unused dependency, then fat
    // itself is removed again (its refcnt file is gone, so the in-use check passes).
    expect(run(s, 'modprobe -r --remove-holders -v fat')).toEqual({
      output: "rmmod vfat\nrmmod fat\nrmmod fat\nmodprobe: ERROR: ../libkmod/libkmod-module.c:856 kmod_module_remove_module() could not remove 'fat': No such file or directory\n",
      status: 1,
    });
  });

  it('passes config options, then the command line (quoted when a value has a space)', () => {
    const s = tree({ '/etc/modprobe.d/loop.conf': 'options loop max_loop=8\n' });
    expect(run(s, "modprobe loop max_part=3 'name=a b'").status).toBe(0);
    expect(modsOf(s.machine.state).loop!.args).toBe('max_loop=8 max_part=3 name="a b"');
  });

  it('reports the kernel\'s refusal under the name asked for', () => {
    const s = tree();
    expect(run(s, 'modprobe broken')).toEqual({ output: "modprobe: ERROR: could not insert 'broken': Unknown symbol in module, or unknown parameter (see dmesg)\n", status: 1 });
    const failing = tree({ [`${K}/fs/fat/fat.ko`]: bytes({ name: 'fat', exports: [{ symbol: 'fat_fill_super', gpl: true }], init: [st.ret(-E.ENODEV)] }) });
    expect(run(failing, 'modprobe vfat')).toEqual({ output: "modprobe: ERROR: could not insert 'vfat': No such device\n", status: 1 });
    run(s, 'modprobe noexit');
    expect(run(s, 'modprobe -r noexit')).toEqual({
      output: "modprobe: ERROR: ../libkmod/libkmod-module.c:856 kmod_module_remove_module() could not remove 'noexit': Device or resource busy\n", status: 1,
    });
  });

  it('not found, builtin, usage', () => {
    const s = tree();
    expect(run(s, 'modprobe nosuch')).toEqual({ output: `modprobe: FATAL: Module nosuch not found in directory ${R}\n`, status: 1 });
    expect(run(s, 'modprobe -q nosuch')).toEqual({ output: '', status: 1 });
    expect(run(s, 'modprobe -r nosuch')).toEqual({ output: 'modprobe: FATAL: Module nosuch not found.\n', status: 1 });
    expect(run(s, 'modprobe unix', 'modprobe -D unix').output).toBe('builtin unix\n');
    expect(run(s, 'modprobe -r unix')).toEqual({ output: 'modprobe: FATAL: Module unix is builtin.\n', status: 1 });
    expect(run(s, 'modprobe')).toEqual({ output: 'modprobe: ERROR: missing parameters. See -h.\n', status: 1 });
    expect(run(s, 'modprobe -x loop')).toEqual({ output: "modprobe: invalid option -- 'x'\n", status: 1 });
    expect(run(s, 'modprobe -V').output).toBe('kmod version 30\n+ZSTD +XZ -ZLIB +LIBCRYPTO -EXPERIMENTAL\n');
    expect(run(s, 'modprobe -h').output).toMatch(/^Usage:\n\tmodprobe \[options\] \[-i\] \[-b\] modulename\n/);
  });
});

describe('modprobe configuration at work', () => {
  it('runs install commands with $CMDLINE_OPTS and MODPROBE_MODULE, passing -C on to the child', () => {
    const s = tree({ '/tmp/conf/i.conf': 'install loop /sbin/modprobe --ignore-install loop $CMDLINE_OPTS && echo installed $MODPROBE_MODULE $MODPROBE_OPTIONS\n' });
    expect(run(s, 'modprobe -C /tmp/conf loop max_loop=4')).toEqual({ output: 'installed loop -C /tmp/conf\n', status: 0 });
    expect(modsOf(s.machine.state).loop!.args).toBe('max_loop=4');
    expect(s.shell.env.MODPROBE_MODULE).toBeUndefined();
    expect(s.shell.env.MODPROBE_OPTIONS).toBeUndefined();
  });

  it('a failing install command fails the load with -(exit status)', () => {
    const s = tree({ '/etc/modprobe.d/i.conf': 'install loop /bin/false\ninstall fat echo no fat; true\n' });
    expect(run(s, 'modprobe loop')).toEqual({
      output: 'modprobe: ERROR: ../libkmod/libkmod-module.c:1038 command_do() Error running install command for loop\n' +
        "modprobe: ERROR: could not insert 'loop': Operation not permitted\n",
      status: 1,
    });
    // The dependency's install command replaces its insmod; vfat then fails on its symbol.
    expect(run(s, 'modprobe -v vfat').output).toBe(`install echo no fat; true \nno fat\ninsmod ${K}/fs/fat/vfat.ko \n` +
      "modprobe: ERROR: could not insert 'vfat': Unknown symbol in module, or unknown parameter (see dmesg)\n");
  });

  it('runs remove commands, even for a module that is not loaded', () => {
    const s = tree({ '/etc/modprobe.d/r.conf': 'remove loop /bin/echo removing $MODPROBE_MODULE\n' });
    expect(run(s, 'modprobe -r loop')).toEqual({ output: 'removing loop\n', status: 0 });
    expect(run(s, 'modprobe -r -i loop')).toEqual({ output: '', status: 0 });
  });

  it('softdeps load around the module and are removed after it; missing ones are skipped', () => {
    const s = tree({ '/etc/modprobe.d/s.conf': 'softdep vfat pre: nls_utf8 post: missing broken\n' });
    expect(run(s, 'modprobe -v vfat')).toEqual({
      output: `insmod ${K}/fs/fat/fat.ko \ninsmod ${K}/fs/nls/nls_utf8.ko \ninsmod ${K}/fs/fat/vfat.ko \ninsmod ${K}/drivers/broken.ko \n`,
      status: 0,
    });
    expect(run(s, 'modprobe -r -v vfat').output).toBe('rmmod vfat\nrmmod fat\nrmmod nls_utf8\n');
    expect(loaded(s)).toEqual([]);
  });

  it('blacklist stops an alias, not a name', () => {
    const s = tree({ '/etc/modprobe.d/b.conf': 'blacklist pcspkr\n' });
    expect(run(s, 'modprobe platform:pcspkr')).toEqual({ output: '', status: 0 });
    expect(loaded(s)).toEqual([]);
    expect(run(s, 'modprobe -b pcspkr', 'modprobe pcspkr')).toEqual({ output: '', status: 0 });
    expect(loaded(s)).toEqual(['pcspkr']);
  });

  it('-c dumps the configuration, then the alias and symbol indexes', () => {
    const s = tree({ '/etc/modprobe.d/c.conf': 'alias my-fs vfat\nsoftdep vfat pre: nls_utf8 post: loop\nblacklist pcspkr\n' });
    expect(run(s, 'modprobe -c').output).toBe('blacklist pcspkr\nalias my_fs vfat\nsoftdep vfat pre: nls_utf8post: loop\n' +
      '\n# End of configuration files. Dumping indexes now:\n\n' +
      'alias fs_vfat vfat\nalias platform:pcspkr pcspkr\nalias symbol:fat_fill_super fat\n');
  });

  it('is what request_module() runs: /sbin/modprobe -q -- NAME', () => {
    const s = tree();
    const out: string[] = [];
    const io = { stdin: '', out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
    expect(s.machine.drive(s.machine.helper!(['/sbin/modprobe', '-q', '--', 'fs-vfat'], io))).toBe(0);
    expect(s.machine.drive(s.machine.helper!(['/sbin/modprobe', '-q', '--', 'nosuch'], io))).toBe(1);
    expect(out).toEqual([]);
    expect(loaded(s)).toEqual(['fat', 'vfat']);
  });

  it('loads a module with dependencies from request_module() inside init', () => {
    const s = tree({ [`${K}/drivers/wants_vfat.ko`]: bytes({ name: 'wants_vfat', init: [st.requestModule('fs-vfat', 'ret'), st.ret(0)] }) });
    expect(run(s, 'depmod -a', 'modprobe wants_vfat')).toEqual({ output: '', status: 0 });
    expect(loaded(s)).toEqual(['fat', 'vfat', 'wants_vfat']);
    expect(s.machine.state.inflight).toEqual([]);
    expect(s.machine.state.umh).toBeNull();
  });
});

describe('install commands by path', () => {
  it('install pcspkr /bin/false makes modprobe fail with its status, loading nothing', () => {
    const s = tree({ '/etc/modprobe.d/no.conf': 'install pcspkr /bin/false\n' });
    expect(run(s, 'modprobe pcspkr')).toEqual({ output: "modprobe: ERROR: ../libkmod/libkmod-module.c:1038 command_do() Error running install command for pcspkr\nmodprobe: ERROR: could not insert 'pcspkr': Operation not permitted\n", status: 1 });
    expect(loaded(s)).toEqual([]);
  });
});
