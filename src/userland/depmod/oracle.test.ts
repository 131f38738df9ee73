// Our depmod on Debian's real 6.1 tree against what Debian's real depmod (kmod 30) wrote for
// the same package (test-data/debian-6.1/README.md says how both were made).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogBootOptions } from '../../catalog/boot';
import { decodeCatalog } from '../../catalog/load';
import { Session } from '../kshell/session';

const ROOT = join(__dirname, '../../..');
const catalog = decodeCatalog(JSON.parse(readFileSync(join(ROOT, 'public/catalog/debian-6.1.json'), 'utf8')));
const session = new Session(catalogBootOptions(catalog));
const dir = `/lib/modules/${catalog.release}`;

function ours(name: string): string {
  return session.script([`cat ${dir}/${name}`]).output;
}

function real(name: string): string {
  return readFileSync(join(ROOT, 'test-data/debian-6.1', name), 'utf8');
}

describe('depmod at boot on the real tree matches real depmod', () => {
  for (const name of ['modules.dep', 'modules.alias', 'modules.softdep', 'modules.symbols', 'modules.devname']) {
    it(`${name}, line for line`, () => {
      const a = ours(name).split('\n');
      const b = real(name).split('\n');
      const firstDiff = a.findIndex((line, i) => line !== b[i]);
      expect(firstDiff === -1 ? null : { line: firstDiff + 1, ours: a[firstDiff], real: b[firstDiff] }).toBeNull();
      expect(a.length).toBe(b.length);
    });
  }

  it('modules.dep module by module', () => {
    const parse = (text: string) => new Map(text.split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf(':')), l]));
    const a = parse(ours('modules.dep'));
    const b = parse(real('modules.dep'));
    expect(a.size).toBe(4023);
    const wrong = [...b].filter(([path, line]) => a.get(path) !== line).map(([path]) => path);
    expect(wrong).toEqual([]);
  });
});
