// Our modprobe against real kmod 30 on Debian's 6.1.0-56-amd64 tree (test-data/debian-6.1,
// recorded by scripts/catalog/record-oracle.sh). The machine gets the real index files, the
// catalogue's modules.builtin and builtin aliases, and a small .ko at every module's path;
// each recorded command runs with the same arguments (-d ROOT dropped: the tree is at /, and
// the case's modprobe.d files are put in /etc/modprobe.d, which the recording prints for DIR).
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeCatalog } from '../../catalog/load';
import { encodeModuleImage } from '../../kernel/image';
import { image } from '../../kernel/testing';
import { Session } from '../kshell/session';

const DATA = 'test-data/debian-6.1';
const CATALOG = 'public/catalog/debian-6.1.json';
const RELEASE = '6.1.0-56-amd64';
const DIR = `/lib/modules/${RELEASE}`;

interface Case { name?: string; files?: Record<string, string>; args: string[]; stdout: string; stderr: string; status: number }

const present = existsSync(`${DATA}/show-depends.json`) && existsSync(CATALOG);

function baseFiles(): Record<string, string> {
  const catalog = decodeCatalog(JSON.parse(readFileSync(CATALOG, 'utf8')));
  const files: Record<string, string> = {};
  for (const name of ['modules.dep', 'modules.alias', 'modules.symbols', 'modules.softdep', 'modules.devname']) {
    files[`${DIR}/${name}`] = readFileSync(`${DATA}/${name}`, 'utf8');
  }
  files[`${DIR}/modules.builtin`] = catalog.builtin.map((l) => l + '\n').join('');
  files[`${DIR}/modules.builtin.alias`] = catalog.builtinAlias.map(([a, m]) => `alias ${a} ${m}\n`).join('');
  files[`${DIR}/modules.order`] = catalog.order.map((l) => l + '\n').join('');
  for (const m of catalog.modules) files[`${DIR}/${m.path}`] = encodeModuleImage(image({ name: m.name }));
  return files;
}

function runModprobe(s: Session, args: string[]): { stdout: string; stderr: string; status: number } {
  let stdout = '';
  let stderr = '';
  const argv = ['modprobe', '-C', '/etc/modprobe.d', '-S', RELEASE, ...args];
  const status = s.machine.drive(s.shell.runArgv(argv, { stdin: '', out: (t) => { stdout += t; }, err: (t) => { stderr += t; } }));
  return { stdout, stderr, status };
}

/** Runs the cases and returns the ones that differ, with what we printed. */
function mismatches(cases: Case[], session: (c: Case) => Session) {
  return cases.flatMap((c) => {
    const got = runModprobe(session(c), c.args);
    const same = got.stdout === c.stdout && got.stderr === c.stderr && got.status === c.status;
    return same ? [] : [{ name: c.name ?? c.args.join(' '), args: c.args, expected: { stdout: c.stdout, stderr: c.stderr, status: c.status }, got }];
  });
}

describe.runIf(present)('modprobe against real kmod 30 (Debian 6.1)', () => {
  const files = present ? baseFiles() : {};

  it('--show-depends NAME: every recorded name', () => {
    const cases = JSON.parse(readFileSync(`${DATA}/show-depends.json`, 'utf8')) as Case[];
    const s = new Session({ files });
    const bad = mismatches(cases, () => s);
    expect(bad).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(290);
  });

  it('configuration cases (modprobe.d files, -c, -R, -r, -i, -b, -a, -q, -n -v)', () => {
    const cases = JSON.parse(readFileSync(`${DATA}/config-cases.json`, 'utf8')) as Case[];
    const bad = mismatches(cases, (c) => {
      const extra = Object.fromEntries(Object.entries(c.files ?? {}).map(([n, t]) => [`/etc/modprobe.d/${n}`, t]));
      return new Session({ files: { ...files, ...extra } });
    });
    expect(bad.map((b) => ({ ...b, got: { ...b.got, stdout: b.got.stdout.slice(0, 2000) }, expected: { ...b.expected, stdout: b.expected.stdout.slice(0, 2000) } }))).toEqual([]);
  });
});
