// The real Debian 6.1 tree in the headless shell, booted as `npm run kshell -- --catalog
// debian-6.1` boots it: modprobe loads a module's whole dependency chain, lsmod then prints what
// real lsmod prints for those modules, and modprobe -r takes them out as kmod 30 does.
//
// What "real" means here, independently of the simulation's own code:
// - which modules a modprobe loads, and in which order: real kmod 30's --show-depends, recorded
//   for the same tree (test-data/debian-6.1/show-depends.json);
// - who uses whom: each module's `depends` from its real .modinfo (modpost wrote it from the
//   symbols the module imports), as the catalogue carries it;
// - the lsmod line: kmod 30's lsmod.c, printf("%-19s %8ld  %d", name, size, refcnt), then the
//   holders: a space before the first, a comma before the others;
// - the order of the holders: readdir of /sys/module/X/holders, which kernfs returns sorted by
//   kernfs_name_hash(); checked below against the order a running kernel's readdir gave.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogBootOptions } from '../../catalog/boot';
import { decodeCatalog } from '../../catalog/load';
import { kernfsOrder } from '../../kernel/procfs';
import { Session } from './session';
import { moduleNames } from '../../kernel/modlist';

const ROOT = join(__dirname, '../../..');
const DATA = join(ROOT, 'test-data/debian-6.1');
const catalog = decodeCatalog(JSON.parse(readFileSync(join(ROOT, 'public/catalog/debian-6.1.json'), 'utf8')));
const DIR = `/lib/modules/${catalog.release}`;
const HEADER = 'Module                  Size  Used by\n';

const byName = new Map(catalog.modules.map((m) => [m.name, m]));
const showDepends = JSON.parse(readFileSync(join(DATA, 'show-depends.json'), 'utf8')) as Array<{ args: string[]; stdout: string }>;
const modulesDep = new Map(readFileSync(join(DATA, 'modules.dep'), 'utf8').split('\n').filter(Boolean).map((line) => {
  const [path, deps] = line.split(':') as [string, string];
  return [path, deps.trim() === '' ? [] : deps.trim().split(' ')];
}));

/** path_to_modname(): the file name up to the first dot, dashes as underscores. */
const modname = (path: string) => path.slice(path.lastIndexOf('/') + 1).split('.')[0]!.replace(/-/g, '_');

/** The modules real `modprobe NAME` loads, in the order it loads them: the insmod lines of real
 * kmod's --show-depends, each module once (a softdep can repeat a chain). */
function realLoadOrder(name: string): string[] {
  const recorded = showDepends.find((c) => c.args.join(' ') === `--show-depends ${name}`);
  if (!recorded) throw new Error(`no recorded --show-depends for ${name}`);
  const names = recorded.stdout.split('\n').filter((l) => l.startsWith('insmod ')).map((l) => modname(l.split(' ')[1]!));
  return [...new Set(names)];
}

/** The modules among `loaded` that use `name`: the ones whose .modinfo depends lists it (modpost
 * writes file names there, e.g. snd-hda-core). */
function users(name: string, loaded: readonly string[]): string[] {
  return loaded.filter((u) => byName.get(u)!.depends.some((d) => modname(d) === name));
}

/** printf("%-19s %8ld  %d", ...): pads, never cuts. */
const left = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - text.length));
const right = (text: string, width: number) => ' '.repeat(Math.max(0, width - text.length)) + text;

/** What real lsmod prints with `loaded` (in load order) in the kernel and nothing else holding
 * a reference: newest first, the refcount is the number of users. */
function expectedLsmod(loaded: readonly string[]): string {
  let out = HEADER;
  for (const name of [...loaded].reverse()) {
    const holders = kernfsOrder(users(name, loaded));
    out += `${left(name, 19)} ${right(String(byName.get(name)!.size), 8)}  ${holders.length}`;
    out += holders.length ? ` ${holders.join(',')}\n` : '\n';
  }
  return out;
}

/** kmod 30's `modprobe -r NAME` (tools/modprobe.c rmmod_do_module()) for a module without
 * softdeps or install/remove commands: NAME goes, then one pass over its modules.dep list in load
 * order removes each dependency whose refcount is 0 at that moment. */
function afterRealRemove(loaded: readonly string[], name: string): string[] {
  let live = loaded.filter((n) => n !== name);
  const deps = [...modulesDep.get(byName.get(name)!.path)!].reverse().map(modname);
  for (const dep of deps) {
    if (live.includes(dep) && users(dep, live).length === 0) live = live.filter((n) => n !== dep);
  }
  return live;
}

function boot(): Session {
  return new Session(catalogBootOptions(catalog));
}

function run(s: Session, line: string): { output: string; status: number } {
  return s.script([line]);
}

describe('holders are listed in kernfs readdir order', () => {
  // `ls -U /sys/module` (readdir order) on a running Linux (6.18; kernfs has hashed names this
  // way since 3.14): every name, as listed.
  const READDIR = ('cpuidle cryptomgr dns_resolver spurious compaction vt nf_conntrack tcp_cubic nmi_backtrace 8250 ' +
    'srcutree rcupdate random haltpoll erofs bridge nf_conntrack_tftp sch_htb pstore overlay processor kernel ' +
    'page_alloc vsock nf_conntrack_netbios_ns x86_pkg_temp_thermal nf_conntrack_sane xt_recent intel_idle keyboard ' +
    'zswap nf_conntrack_sip memory_hotplug virtio_pci_modern_dev page_reporting hid nf_conntrack_h323 blk_cgroup ' +
    'pvclock pcie_aspm pnp secretmem libnvdimm vmw_vsock_virtio_transport cpufreq ipv6 nf_conntrack_irc ' +
    'page_evacuate slab_common fuse nf_conntrack_amanda eeprom_93cx6 loop virtio_mem nvproxy rcutree ip_set kvm ' +
    'nf_conntrack_ftp block amd_uncore kvm_pvm xz_dec virtio_pci cpuidle_haltpoll nf_conntrack_snmp ' +
    'firmware_class acpi clocksource fscrypto rng_core printk vxlan virtio_blk watchdog virtio_net workqueue jbd2').split(' ');

  it('as a real kernel lists /sys/module', () => {
    expect(kernfsOrder([...READDIR].sort())).toEqual(READDIR);
    expect(kernfsOrder([...READDIR].reverse())).toEqual(READDIR);
  });
});

describe('the real Debian 6.1 tree in kshell', () => {
  it('modprobe vfat loads fat then vfat; lsmod shows fat used by vfat; modprobe -r vfat takes both out', () => {
    const s = boot();
    expect(run(s, 'lsmod')).toEqual({ output: HEADER, status: 0 });
    expect(realLoadOrder('vfat')).toEqual(['fat', 'vfat']);
    expect(run(s, 'modprobe vfat')).toEqual({ output: '', status: 0 });
    const lsmod = run(s, 'lsmod');
    expect(lsmod.output).toBe(expectedLsmod(['fat', 'vfat']));
    // The same, spelled out: sizes from the .ko files' section headers.
    expect(lsmod.output).toBe(HEADER + 'vfat                   24576  0\nfat                    90112  1 vfat\n');
    expect(run(s, 'modprobe -r vfat')).toEqual({ output: '', status: 0 });
    expect(run(s, 'lsmod')).toEqual({ output: HEADER, status: 0 });
    expect(moduleNames(s.machine.state.modules)).toEqual([]);
  });

  it('modprobe loads one of the deepest chains of the tree, every module once, in real modprobe\'s order', () => {
    const name = 'snd_sof_pci_intel_tgl';
    const order = realLoadOrder(name);
    // 27 modules: its 25 dependencies (modules.dep), then snd-hda-codec-hdmi, a softdep of one of them.
    expect(order).toHaveLength(27);
    expect(order.at(-1)).toBe(name);
    const s = boot();
    expect(run(s, `modprobe ${name}`)).toEqual({ output: '', status: 0 });
    expect(moduleNames(s.machine.state.modules)).toEqual([...order].reverse());
    const lsmod = run(s, 'lsmod').output;
    expect(lsmod).toBe(expectedLsmod(order));
    // A few lines as real lsmod prints them: a name longer than 19 characters pushes the size
    // right; several holders are joined by commas, in /sys readdir order.
    expect(lsmod).toContain('\nsnd_sof_pci_intel_tgl    16384  0\n');
    expect(lsmod).toMatch(/\nsnd_sof_pci            24576  2 (snd_sof_pci_intel_tgl,snd_sof_intel_hda_common|snd_sof_intel_hda_common,snd_sof_pci_intel_tgl)\n/);
    expect(lsmod).toMatch(/\nsnd_pcm               159744  9 [a-z_,]+\n/);

    // Real modprobe -r makes one pass: only what became unused by then goes.
    const left = afterRealRemove(order, name);
    expect(run(s, `modprobe -r ${name}`)).toEqual({ output: '', status: 0 });
    expect(run(s, 'lsmod').output).toBe(expectedLsmod(left));
    expect(left).not.toContain('snd_sof_intel_hda_common');
    expect(left).toHaveLength(25);
  });

  it('insmod of a module whose dependencies are missing fails as the real one does', () => {
    const s = boot();
    const { output, status } = run(s, `insmod ${DIR}/${byName.get('vfat')!.path}`);
    expect(status).toBe(1);
    expect(output).toBe(`insmod: ERROR: could not insert module ${DIR}/${byName.get('vfat')!.path}: Unknown symbol in module\n`);
    expect(run(s, 'dmesg').output).toMatch(/vfat: Unknown symbol fat_\w+ \(err -2\)\n/);
  });
});

describe('the documented command', () => {
  it('npm run --silent kshell -- --catalog debian-6.1 -c \'...\' boots the real tree and runs the commands', () => {
    const stdout = execFileSync('npm', ['run', '--silent', 'kshell', '--', '--catalog', 'debian-6.1', '-c', 'modprobe vfat; lsmod; modprobe -r vfat; lsmod'], {
      cwd: ROOT, encoding: 'utf8', timeout: 120_000,
    });
    expect(stdout).toBe(expectedLsmod(['fat', 'vfat']) + HEADER);
  }, 150_000);
});
