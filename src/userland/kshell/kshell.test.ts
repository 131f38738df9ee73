// The headless shell, end to end: the seeds' hello module and every error path of §4 through the
// real tools' words (ORACLE.md). Each session boots a fresh machine with the manifests in /root.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Session } from './session';
import { modsOf } from '../../kernel/shards';
import { logRecords } from '../../kernel/log';

const EXAMPLES = join(__dirname, '../../../examples');

function session(files: Record<string, string> = {}): Session {
  const all: Record<string, string> = {};
  for (const name of readdirSync(EXAMPLES, { recursive: true }) as string[]) {
    if (/\.ya?ml$/.test(name)) all[`/root/${name}`] = readFileSync(join(EXAMPLES, name), 'utf8');
  }
  for (const [name, text] of Object.entries(files)) all[`/root/${name}`] = text;
  return new Session({ files: all });
}

function run(s: Session, ...lines: string[]) {
  return s.script(lines);
}

/** rmmod's two lines when the kernel refuses (Debian's debug-built libkmod adds the first). */
const cannotRemove = (name: string, why: string) =>
  `rmmod: ERROR: ../libkmod/libkmod-module.c:856 kmod_module_remove_module() could not remove '${name}': ${why}\n` +
  `rmmod: ERROR: could not remove module ${name}: ${why}\n`;

const built = (files: Record<string, string> = {}) => {
  const s = session(files);
  const { output, status } = run(s, 'cd /root', 'make');
  expect(status, output).toBe(0);
  return s;
};

describe('kshell: the hello module of the lecture', () => {
  it('builds, loads, lists, unloads and shows the two KERN_ALERT lines', () => {
    const s = session();
    const { output } = run(s, 'cd /root', 'make', 'insmod /root/hello.ko', 'lsmod', 'rmmod hello', 'dmesg');
    expect(output).toContain('  LD [M]  /root/hello.ko\n');
    expect(output).toContain('Module                  Size  Used by\nhello                  16384  0\n');
    expect(output).toMatch(/\[\s+\d+\.\d{6}\] Hello, world\n\[\s+\d+\.\d{6}\] Goodbye, cruel world\n$/);
    expect(output).toContain('hello: loading out-of-tree module taints kernel.\n');
    const alerts = logRecords(s.machine.state.log).filter((r) => r.text === 'Hello, world' || r.text === 'Goodbye, cruel world');
    expect(alerts.map((r) => r.level)).toEqual([1, 1]);
    expect(run(s, 'dmesg -x -l alert').output).toMatch(/^kern  :alert : \[\s+\d+\.\d+\] Hello, world\n/);
  });

  it('shows /proc/modules with taints and the address only root may see', () => {
    const s = built();
    run(s, 'insmod hello.ko');
    expect(run(s, 'cat /proc/modules').output).toMatch(/^hello 16384 0 - Live 0xffffffffc0[0-9a-f]{6} \(OE\)\n$/);
    run(s, 'su student');
    expect(run(s, 'cat /proc/modules').output).toBe('hello 16384 0 - Live 0x0000000000000000 (OE)\n');
  });
});

describe('kshell: error paths print the real words', () => {
  it('already loaded', () => {
    const s = built();
    const { output, status } = run(s, 'insmod hello.ko', 'insmod hello.ko');
    expect(output).toBe('insmod: ERROR: could not insert module hello.ko: File exists\n');
    expect(status).toBe(1);
  });

  it('unknown symbol, then used-by once the exporter is there', () => {
    const s = built();
    expect(run(s, 'insmod user.ko').output).toBe('insmod: ERROR: could not insert module user.ko: Unknown symbol in module\n');
    expect(run(s, 'dmesg | tail -1').output).toMatch(/user: Unknown symbol moja_funkcja \(err -2\)\n$/);
    run(s, 'insmod exporter.ko', 'insmod user.ko');
    expect(run(s, 'lsmod').output).toContain('exporter               16384  1 user\n');
    expect(run(s, 'rmmod exporter').output).toBe('rmmod: ERROR: Module exporter is in use by: user\n');
    expect(run(s, 'rmmod -f exporter').output).toBe(cannotRemove('exporter', 'Resource temporarily unavailable'));
    expect(run(s, 'rmmod user', 'rmmod exporter', 'lsmod').output).toBe('Module                  Size  Used by\n');
  });

  it('a proprietary module cannot use a GPL-only export', () => {
    const s = built({
      'gpl/gplexp.yaml': 'name: gplexp\nlicense: GPL\nexports:\n  - { symbol: gpl_helper, gpl: true }\ninit:\n  - return: 0\nexit: []\n',
      'prop/prop.yaml': 'name: prop\nlicense: Proprietary\nimports: [gpl_helper]\ninit:\n  - call: gpl_helper\n  - return: 0\nexit: []\n',
    });
    const setup = run(s, 'cd /root/gpl', 'make', 'insmod gplexp.ko', 'cd /root/prop', 'make');
    expect(setup.output).toContain('WARNING: modpost: "gpl_helper" [/root/prop/prop.ko] undefined!\n');
    expect(run(s, 'insmod prop.ko').output).toBe('insmod: ERROR: could not insert module prop.ko: Unknown symbol in module\n');
    const log = logRecords(s.machine.state.log).map((r) => r.text);
    expect(log.slice(-3)).toEqual([
      "prop: module license 'Proprietary' taints kernel.",
      'Disabling lock debugging due to kernel taint',
      'prop: Unknown symbol gpl_helper (err -2)',
    ]);
  });

  it('modpost refuses a GPL-only kernel symbol in a GPL-incompatible module', () => {
    const s = session({ 'p/bad.yaml': 'name: bad\nlicense: Proprietary\ninit:\n  - call: ktime_get\n  - return: 0\nexit: []\n' });
    const { output, status } = run(s, 'cd /root/p', 'make');
    expect(output).toContain("ERROR: modpost: GPL-incompatible module bad.ko uses GPL-only symbol 'ktime_get'\n");
    expect(status).toBe(2);
  });

  it('bad, unknown, out-of-range and too many parameters', () => {
    const s = built();
    expect(run(s, 'insmod params.ko irq=abc').output).toBe('insmod: ERROR: could not insert module params.ko: Invalid parameters\n');
    expect(run(s, 'insmod params.ko irq=99999999999').output).toBe('insmod: ERROR: could not insert module params.ko: Numerical result out of range\n');
    expect(run(s, 'insmod params.ko paths=a,b,c,d,e').output).toBe('insmod: ERROR: could not insert module params.ko: Invalid parameters\n');
    const log = logRecords(s.machine.state.log).map((r) => r.text);
    expect(log).toContain("params: `abc' invalid for parameter `irq'");
    expect(log).toContain("params: `99999999999' invalid for parameter `irq'");
    expect(log.slice(-2)).toEqual(['paths: can only take 4 arguments', "params: `a' invalid for parameter `paths'"]);
    const ok = run(s, 'insmod params.ko irq=5 bogus=1 paths=/a,/b,/c');
    expect(ok.status).toBe(0);
    expect(run(s, 'dmesg | grep bogus').output).toMatch(/params: unknown parameter 'bogus' ignored\n$/);
    expect(run(s, 'dmesg | tail -4').output).toMatch(/Using irq: 5\n.*Will use path: \/sbin\/modprobe\n.*Path\[0\]: \/a\n.*Path\[1\]: \/b\n$/);
  });

  it('init failing with -ENOMEM through its goto labels: exit is never called', () => {
    const s = built();
    expect(run(s, 'insmod unwind.ko').output).toBe('insmod: ERROR: could not insert module unwind.ko: Cannot allocate memory\n');
    expect(modsOf(s.machine.state)['unwind']).toBeUndefined();
    expect(s.machine.state.chrdevs).toEqual({});
    const trace = s.machine.state.ret!.trace!.map((t) => t.fn);
    expect(trace.some((f) => f.includes('kmem_cache_destroy(a)'))).toBe(true);
    expect(trace.slice(-4)).toEqual(['do_init_module: fail:', 'free_module: module_unload_free()', 'free_module: list_del_rcu()', 'free_module: module_memfree()']);
  });

  it('init returning a positive value loads anyway, with the warning', () => {
    const s = built({ 'pos.yaml': 'name: pos\nlicense: GPL\ninit:\n  - return: 1\nexit: []\n' });
    expect(run(s, 'insmod pos.ko').status).toBe(0);
    const log = logRecords(s.machine.state.log).map((r) => r.text);
    expect(log).toContain("do_init_module: 'pos'->init suspiciously returned 1, it should follow 0/-E convention");
    expect(log).toContain('do_init_module: loading module anyway...');
    expect(run(s, 'cat /sys/module/pos/initstate').output).toBe('live\n');
  });

  it('no exit function: busy unless forced, then taint R', () => {
    const s = built();
    run(s, 'insmod noexit.ko');
    expect(run(s, 'cat /proc/modules').output).toMatch(/^noexit 16384 0 \[permanent\], Live /);
    expect(run(s, 'rmmod noexit').output).toBe(cannotRemove('noexit', 'Device or resource busy'));
    expect(run(s, 'rmmod -f noexit', 'cat /proc/sys/kernel/tainted').output).toBe('12296\n');
  });

  it('vermagic mismatch and a module built for another kernel', () => {
    const s = built({
      'vm.yaml': "name: vm\nlicense: GPL\nvermagic: '6.1.0-56-amd64 SMP mod_unload modversions '\ninit:\n  - return: 0\nexit: []\n",
      'old.yaml': "name: old\nlicense: GPL\nvermagic: '5.10.0-20-amd64 SMP mod_unload modversions '\ninit:\n  - return: 0\nexit: []\n",
    });
    expect(run(s, 'insmod vm.ko').output).toBe('insmod: ERROR: could not insert module vm.ko: Invalid module format\n');
    expect(run(s, 'insmod old.ko').output).toBe('insmod: ERROR: could not insert module old.ko: Invalid module format\n');
    const log = logRecords(s.machine.state.log).map((r) => r.text);
    expect(log).toContain("vm: version magic '6.1.0-56-amd64 SMP mod_unload modversions ' should be '6.1.0-56-amd64 SMP preempt mod_unload modversions '");
    expect(log).toContain('old: disagrees about version of symbol module_layout');
    expect(run(s, 'insmod -f vm.ko').status).toBe(0);
    expect(logRecords(s.machine.state.log).map((r) => r.text)).toContain('vm: module_layout: kernel tainted.');
  });

  it('not root, and modules_disabled', () => {
    const s = built();
    run(s, 'insmod hello.ko', 'su student');
    expect(run(s, 'rmmod hello').output).toBe(cannotRemove('hello', 'Operation not permitted'));
    expect(run(s, 'insmod /root/hello.ko').output).toBe('insmod: ERROR: could not load module /root/hello.ko: Permission denied\n');
    expect(run(s, 'dmesg').output).toBe('dmesg: read kernel buffer failed: Operation not permitted\n');
    run(s, 'exit');
    expect(run(s, 'echo 1 > /proc/sys/kernel/modules_disabled', 'rmmod hello').output).toBe(cannotRemove('hello', 'Operation not permitted'));
    expect(run(s, 'insmod exporter.ko').output).toBe('insmod: ERROR: could not insert module exporter.ko: Operation not permitted\n');
    expect(run(s, 'echo 0 > /proc/sys/kernel/modules_disabled').output).toBe('-bash: echo: write error: Invalid argument\n');
  });

  it('insmod of a missing file and of a file that is not a module', () => {
    const s = built();
    expect(run(s, 'insmod /nonexistent/foo.ko').output).toBe('insmod: ERROR: could not load module /nonexistent/foo.ko: No such file or directory\n');
    expect(run(s, 'insmod hello.yaml').output).toBe('insmod: ERROR: could not insert module hello.yaml: Invalid module format\n');
    expect(run(s, 'rmmod nothere').output).toBe('rmmod: ERROR: Module nothere is not currently loaded\n');
  });

  it('a device held open blocks rmmod; the reference shows on its CPU', () => {
    const s = built({ 'dev.yaml': 'name: dev\nlicense: GPL\ninit:\n  - register_chrdev: { name: dev, major: 0, as: major }\n  - return: 0\nexit:\n  - unregister_chrdev: dev\n' });
    run(s, 'insmod dev.ko', 'mknod /dev/dev c 254 0', 'taskset -pc 2 $$', 'exec 3< /dev/dev');
    expect(modsOf(s.machine.state)['dev']!.refs).toEqual([0, 0, 1, 0]);
    expect(run(s, 'rmmod dev').output).toBe('rmmod: ERROR: Module dev is in use\n');
    run(s, 'taskset -pc 1 $$', 'exec 3<&-');
    expect(modsOf(s.machine.state)['dev']!.refs).toEqual([0, -1, 1, 0]);
    expect(run(s, 'rmmod dev', 'lsmod').output).toBe('Module                  Size  Used by\n');
  });

  it('request_module runs modprobe as a user-mode helper', () => {
    const s = built({ 'req.yaml': 'name: req\nlicense: GPL\ninit:\n  - request_module: hello\n  - return: 0\nexit: []\n' });
    run(s, 'make modules_install');
    expect(run(s, 'cat /lib/modules/6.1.0-56-amd64/modules.dep').output).toContain('extra/hello.ko:\n');
    expect(run(s, 'insmod req.ko').status).toBe(0);
    // req was linked into the list first (add_unformed_module), hello while req's init waited.
    expect(run(s, 'lsmod').output).toBe('Module                  Size  Used by\nhello                  16384  0\nreq                    16384  0\n');
  });

  it('modinfo prints the fields in the order a real build stores them', () => {
    const s = built();
    expect(run(s, 'modinfo /root/params.ko').output).toMatch(
      /^filename: {7}\/root\/params\.ko\nlicense: {8}GPL\nsrcversion: {5}[0-9A-F]{23}\ndepends: {8}\nretpoline: {6}Y\nname: {11}params\nvermagic: {7}6\.1\.0-56-amd64 SMP preempt mod_unload modversions \nparm: {11}irq:Irq used for device \(int\)\nparm: {11}path:Path to modprobe \(charp\)\nparm: {11}paths:Search paths \[4\] \(array of charp\)\n$/);
    expect(run(s, 'modinfo hello').output).toBe('modinfo: ERROR: Module hello not found.\n');
  });

  it('a broken manifest fails the build with file:line:col', () => {
    const s = session({ 'b/broken.yaml': 'name: broken\nlicence: GPL\n' });
    const { output, status } = run(s, 'cd /root/b', 'make');
    expect(output).toMatch(/\/root\/b\/broken\.yaml:2:1: error: unknown field 'licence' \(did you mean 'license'\?\)/);
    expect(status).toBe(2);
  });
});

describe('make NAME.ko', () => {
  it('builds that module alone, so another broken manifest does not stop it', () => {
    const s = new Session({ files: { '/root/hello.yaml': 'name: hello\nlicense: GPL\n', '/root/broken.yaml': 'name: [\n' } });
    const { output, status } = s.script(['cd /root', 'make hello.ko']);
    expect(status).toBe(0);
    expect(output).toContain('  LD [M]  /root/hello.ko\n');
    expect(output).not.toContain('broken');
    expect(s.script(['make nothere.ko']).output).toContain("make: *** No rule to make target 'nothere.ko'.  Stop.\n");
  });
});

describe('the root directory', () => {
  it('shows procfs and sysfs mounted on /proc and /sys, read-only, and /tmp sticky', () => {
    const s = new Session();
    expect(run(s, 'ls /').output).toBe('dev  etc  home  lib  proc  root  sbin  sys  tmp  usr\n');
    const long = run(s, 'ls -l /').output;
    expect(long).toMatch(/^dr-xr-xr-x .* proc$/m);
    expect(long).toMatch(/^dr-xr-xr-x .* sys$/m);
    expect(long).toMatch(/^drwxrwxrwt .* tmp$/m);
  });

  it('will not write over /proc or /sys themselves', () => {
    const s = new Session();
    expect(run(s, 'echo x > /proc', 'echo $?', 'cat /proc').output).toBe('-bash: /proc: Is a directory\n1\ncat: /proc: Is a directory\n');
    expect(run(s, 'echo x > /sys').output).toBe('-bash: /sys: Is a directory\n');
  });

  it('has the kernel command line in /proc/cmdline', () => {
    const s = new Session({ cmdline: 'log_buf_len=1M' });
    expect(run(s, 'cat /proc/cmdline').output).toBe('BOOT_IMAGE=/boot/vmlinuz-6.1.0-56-amd64 root=UUID=5c3f1b2e-8a4d-4f6e-9b7a-2d1c0e9f8a7b ro quiet log_buf_len=1M\n');
    expect(run(s, 'dmesg | grep log_buf_len').output).toContain('printk: log_buf_len: 1048576 bytes');
  });
});
