import { describe, expect, it } from 'vitest';
import { E } from './errno';
import { isRenderedLive, listVirtual, readVirtual, virtualMode } from './procfs';
import { act, boot, image, insmod, param, ret, rmmod, st } from './testing';
import type { KernelState } from './types';
import { modsOf } from './shards';

const asUser = (s: KernelState) => act(s, { type: 'set_cred', uid: 1000, user: 'student' });
const asRoot = (s: KernelState) => act(s, { type: 'set_cred', uid: 0, user: 'root' });

const prov = image({ name: 'prov', exports: [{ symbol: 'prov_fn', gpl: false }] });

describe('/proc/modules', () => {
  it('prints name, size, refcount, users, state, address and taints', () => {
    const s = insmod(boot(), image({ name: 'hello' }));
    expect(readVirtual(s, '/proc/modules')).toBe('hello 16384 0 - Live 0xffffffffc0a00000 (OE)\n');
  });

  it('lists the newest module first and the users of a module newest first, each with a comma', () => {
    let s = insmod(boot(), prov);
    s = insmod(s, image({ name: 'a', imports: ['prov_fn'] }));
    s = insmod(s, image({ name: 'b', imports: ['prov_fn'] }));
    const lines = (readVirtual(s, '/proc/modules') as string).split('\n');
    expect(lines.map((l) => l.split(' ')[0])).toEqual(['b', 'a', 'prov', '']);
    expect(lines[2]).toMatch(/^prov 16384 2 b,a, Live 0xffffffffc0[0-9a-f]{6} \(OE\)$/);
    expect(readVirtual(s, '/sys/module/prov/holders')).toBe(-E.EISDIR);
    // sysfs lists a directory in kernfs hash order, not newest first (kernfsHash: a < b here).
    expect(listVirtual(s, '/sys/module/prov/holders')).toEqual(['a', 'b']);
  });

  it('marks a module with init but no exit [permanent]', () => {
    let s = insmod(boot(), image({ name: 'perm', exit: null, exports: [{ symbol: 'perm_fn', gpl: false }] }));
    expect(readVirtual(s, '/proc/modules')).toMatch(/^perm 16384 0 \[permanent\], Live /);
    s = insmod(s, image({ name: 'u', imports: ['perm_fn'] }));
    expect(readVirtual(s, '/proc/modules')).toMatch(/^perm 16384 1 u,\[permanent\], Live /m);
  });

  it('shows Loading (+) and Unloading (-) and hides UNFORMED modules', () => {
    const slowInit = insmod(boot(), image({ name: 'slow', init: [st.requestModule('x'), st.ret(0)] }));
    expect(readVirtual(slowInit, '/proc/modules')).toMatch(/^slow 20480 1 - Loading 0x[0-9a-f]{16} \(OE\+\)\n$/);
    const slowExit = rmmod(insmod(boot(), image({ name: 'slow', exit: [st.requestModule('x')] })), 'slow');
    expect(readVirtual(slowExit, '/proc/modules')).toMatch(/^slow 16384 0 - Unloading 0x[0-9a-f]{16} \(OE-\)\n$/);
    const unformed = act(boot(), { type: 'init_module', bytes: 'x', args: '' });
    expect(readVirtual(unformed, '/proc/modules')).toBe('');
  });

  it('shows no taint suffix for an untainted module, and P for a proprietary one', () => {
    const s = insmod(insmod(boot(), image({ name: 'clean', intree: true, signed: true })), image({ name: 'blob', license: 'Proprietary' }));
    expect(readVirtual(s, '/proc/modules')).toBe(
      'blob 16384 0 - Live 0xffffffffc0a05000 (POE)\nclean 16384 0 - Live 0xffffffffc0a00000\n',
    );
  });

  it('hides addresses from an unprivileged reader', () => {
    const s = asUser(insmod(boot(), image({ name: 'hello' })));
    expect(readVirtual(s, '/proc/modules')).toBe('hello 16384 0 - Live 0x0000000000000000 (OE)\n');
    expect((readVirtual(s, '/proc/kallsyms') as string).split('\n')[0]).toMatch(/^0{16} T /);
    expect(readVirtual(asRoot(s), '/proc/kallsyms')).toMatch(/^ffffffffc0a00000 t hello_exit\t\[hello\]$/m);
  });

  it('counts references from holders', () => {
    let s = insmod(boot(), image({ name: 'dev', init: [st.registerChrdev('dev'), st.ret(0)] }));
    s = act(s, { type: 'open_device', major: 254, label: 'a' }, { type: 'open_device', major: 254, cpu: 2, label: 'b' });
    expect(readVirtual(s, '/proc/modules')).toMatch(/^dev 16384 2 - Live /);
    expect(readVirtual(s, '/sys/module/dev/refcnt')).toBe('2\n');
  });
});

describe('/sys/module/NAME', () => {
  const mod = image({
    name: 'hello',
    version: '1.0',
    params: [
      param('irq', 'int', { default: 5 }),
      param('ro', 'int', { perm: 0o444 }),
      param('secret', 'charp', { perm: 0o600, default: 'pw' }),
      param('hidden', 'int', { perm: 0 }),
      param('list', 'int', { array: 4 }),
      param('quiet', 'invbool'),
      param('whom', 'charp'),
    ],
  });
  const loaded = () => insmod(boot(), mod);

  it('has the module\'s attributes', () => {
    const s = loaded();
    expect(readVirtual(s, '/sys/module/hello/initstate')).toBe('live\n');
    expect(readVirtual(s, '/sys/module/hello/refcnt')).toBe('0\n');
    expect(readVirtual(s, '/sys/module/hello/coresize')).toBe('16384\n');
    expect(readVirtual(s, '/sys/module/hello/initsize')).toBe('0\n');
    expect(readVirtual(s, '/sys/module/hello/taint')).toBe('OE\n');
    expect(readVirtual(s, '/sys/module/hello/version')).toBe('1.0\n');
    expect(readVirtual(s, '/sys/module/hello/srcversion')).toBe('0123456789ABCDEF0123456\n');
    expect(listVirtual(s, '/sys/module')).toEqual(['hello']);
    expect(listVirtual(s, '/sys/module/hello')).toEqual(['coresize', 'holders', 'initsize', 'initstate', 'parameters', 'refcnt', 'srcversion', 'taint', 'version']);
    expect(listVirtual(s, '/sys/module/hello/parameters')).toEqual(['irq', 'list', 'quiet', 'ro', 'secret', 'whom']);
    expect(readVirtual(s, '/sys/module/nosuch/initstate')).toBe(-E.ENOENT);
    expect(readVirtual(s, '/sys/module/hello/nosuch')).toBe(-E.ENOENT);
  });

  it('reads parameters as param_get_* prints them', () => {
    const s = loaded();
    expect(readVirtual(s, '/sys/module/hello/parameters/irq')).toBe('5\n');
    expect(readVirtual(s, '/sys/module/hello/parameters/hidden')).toBe(-E.ENOENT);
    expect(readVirtual(s, '/sys/module/hello/parameters/list')).toBe('\n');
    expect(readVirtual(s, '/sys/module/hello/parameters/whom')).toBe('(null)\n');
    expect(readVirtual(s, '/sys/module/hello/parameters/quiet')).toBe('Y\n');
  });

  it('root writes a 0644 parameter; bad values give the kstrto errno', () => {
    let s = act(loaded(), { type: 'write_param', module: 'hello', param: 'irq', value: '7\n' });
    expect(ret(s)).toBe(0);
    expect(readVirtual(s, '/sys/module/hello/parameters/irq')).toBe('7\n');
    s = act(s, { type: 'write_file', path: '/sys/module/hello/parameters/irq', data: '0x10\n' });
    expect(ret(s)).toBe(0);
    expect(modsOf(s).hello?.params.irq).toBe('16');
    expect(ret(act(s, { type: 'write_param', module: 'hello', param: 'irq', value: 'abc\n' }))).toBe(-E.EINVAL);
    expect(ret(act(s, { type: 'write_param', module: 'hello', param: 'irq', value: '99999999999\n' }))).toBe(-E.ERANGE);
    s = act(s, { type: 'write_param', module: 'hello', param: 'list', value: '1,2,3\n' });
    expect(readVirtual(s, '/sys/module/hello/parameters/list')).toBe('1,2,3\n');
    expect(ret(act(s, { type: 'write_param', module: 'hello', param: 'list', value: '1,2,3,4,5\n' }))).toBe(-E.EINVAL);
    s = act(s, { type: 'write_param', module: 'hello', param: 'quiet', value: 'y\n' });
    expect(readVirtual(s, '/sys/module/hello/parameters/quiet')).toBe('Y\n');
    expect(modsOf(s).hello?.params.quiet).toBe('N');
  });

  it('stores the newline echo writes into a charp', () => {
    const s = act(loaded(), { type: 'write_param', module: 'hello', param: 'whom', value: 'Jane\n' });
    expect(readVirtual(s, '/sys/module/hello/parameters/whom')).toBe('Jane\n\n');
  });

  it('refuses writes to a 0444 parameter even for root', () => {
    const s = act(loaded(), { type: 'write_param', module: 'hello', param: 'ro', value: '1\n' });
    expect(ret(s)).toBe(-E.EACCES);
    expect(modsOf(s).hello?.params.ro).toBe('0');
    expect(virtualMode(s, '/sys/module/hello/parameters/ro')).toBe(0o444);
  });

  it('lets an unprivileged user read 0644 but neither write it nor read 0600', () => {
    const s = asUser(loaded());
    expect(readVirtual(s, '/sys/module/hello/parameters/irq')).toBe('5\n');
    expect(ret(act(s, { type: 'write_param', module: 'hello', param: 'irq', value: '1\n' }))).toBe(-E.EACCES);
    expect(readVirtual(s, '/sys/module/hello/parameters/secret')).toBe(-E.EACCES);
    expect(readVirtual(asRoot(s), '/sys/module/hello/parameters/secret')).toBe('pw\n');
  });

  it('ENOENT for a parameter of a module that is not loaded', () => {
    expect(ret(act(boot(), { type: 'write_param', module: 'nosuch', param: 'irq', value: '1' }))).toBe(-E.ENOENT);
  });

  it('disappears when the module is unloaded', () => {
    const s = rmmod(loaded(), 'hello');
    expect(readVirtual(s, '/sys/module/hello/initstate')).toBe(-E.ENOENT);
    expect(listVirtual(s, '/sys/module')).toEqual([]);
  });
});

describe('/proc/sys/kernel', () => {
  it('tainted reads 12288 (O + E) after an out-of-tree unsigned module', () => {
    const s0 = boot();
    expect(readVirtual(s0, '/proc/sys/kernel/tainted')).toBe('0\n');
    expect(readVirtual(insmod(s0, image({ name: 'hello' })), '/proc/sys/kernel/tainted')).toBe('12288\n');
    expect(readVirtual(insmod(s0, image({ name: 'p', license: 'Proprietary' })), '/proc/sys/kernel/tainted')).toBe('12289\n');
  });

  it('modules_disabled can be set to 1 but never back to 0', () => {
    let s = boot();
    expect(readVirtual(s, '/proc/sys/kernel/modules_disabled')).toBe('0\n');
    expect(ret(act(asUser(s), { type: 'write_file', path: '/proc/sys/kernel/modules_disabled', data: '1\n' }))).toBe(-E.EACCES);
    expect(ret(act(s, { type: 'write_file', path: '/proc/sys/kernel/modules_disabled', data: '2\n' }))).toBe(-E.EINVAL);
    s = act(s, { type: 'write_file', path: '/proc/sys/kernel/modules_disabled', data: '1\n' });
    expect(ret(s)).toBe(0);
    expect(readVirtual(s, '/proc/sys/kernel/modules_disabled')).toBe('1\n');
    s = act(s, { type: 'write_file', path: '/proc/sys/kernel/modules_disabled', data: '0\n' });
    expect(ret(s)).toBe(-E.EINVAL);
    expect(s.modulesDisabled).toBe(true);
    expect(ret(act(s, { type: 'write_file', path: '/proc/sys/kernel/modules_disabled', data: '1\n' }))).toBe(0);
    expect(ret(insmod(s, image({ name: 'hello' })))).toBe(-E.EPERM);
  });

  it('printk sets the console loglevel', () => {
    const s = act(boot(), { type: 'write_file', path: '/proc/sys/kernel/printk', data: '7\n' });
    expect(s.consoleLoglevel).toBe(7);
    expect(readVirtual(s, '/proc/sys/kernel/printk')).toBe('7\t4\t1\t7\n');
  });

  it('osrelease and modprobe', () => {
    expect(readVirtual(boot(), '/proc/sys/kernel/osrelease')).toBe('6.1.0-56-amd64\n');
    expect(readVirtual(boot(), '/proc/sys/kernel/modprobe')).toBe('/sbin/modprobe\n');
  });

  it('read-only files refuse writes', () => {
    expect(ret(act(boot(), { type: 'write_file', path: '/proc/modules', data: 'x' }))).toBe(-E.EACCES);
    expect(ret(act(boot(), { type: 'write_file', path: '/proc/nosuch', data: 'x' }))).toBe(-E.ENOENT);
  });
});

describe('/proc/devices', () => {
  it('lists a module\'s character device in major order', () => {
    const s = insmod(boot(), image({ name: 'dev', init: [st.registerChrdev('mydev'), st.ret(0)] }));
    const text = readVirtual(s, '/proc/devices') as string;
    expect(text).toMatch(/\n226 drm\n254 mydev\n\nBlock devices:\n/);
  });
});

describe('isRenderedLive', () => {
  it('is /proc, /sys and what is below them, not a name that only starts alike', () => {
    for (const path of ['/proc', '/proc/', '/proc/modules', '/proc/sys/kernel/tainted', '/sys', '/sys/module/loop/refcnt']) {
      expect([path, isRenderedLive(path)]).toEqual([path, true]);
    }
    for (const path of ['/', '/process', '/procs/x', '/system', '/sysfs', '/srv/proc', '/tmp/sys', 'proc', '']) {
      expect([path, isRenderedLive(path)]).toEqual([path, false]);
    }
  });

  it('leaves a stored file whose name starts like /proc to the file system', () => {
    const s = act(boot(), { type: 'write_file', path: '/process', data: 'mine\n' });
    expect(readVirtual(s, '/process')).toBeNull();
    expect(listVirtual(s, '/system')).toBeNull();
  });
});
