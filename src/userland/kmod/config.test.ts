// The pure parts of the libkmod layer: fnmatch, the configuration parser, the index trie,
// getopt_long, and a lookup over a tiny hand-made tree.
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfigText, parseSoftdep, wrappedLines, type ConfigDraft } from './config';
import { KmodContext } from './context';
import fc from 'fast-check';
import { FirstMatch, fnmatch } from './fnmatch';
import { aliasNormalize, underscores, type FsView } from './fs';
import { getoptLong, type GetoptItem } from './getopt';
import { parseAliasFile } from './indexes';
import { defaultLogText, type LogRecord } from './log';

function memFs(files: Record<string, string>): FsView {
  return {
    read: (p) => files[p] ?? (Object.keys(files).some((f) => f.startsWith(p + '/')) ? -21 : -2),
    list: (p) => {
      const names = Object.keys(files).filter((f) => f.startsWith(p + '/')).map((f) => f.slice(p.length + 1).split('/')[0]!);
      return names.length ? [...new Set(names)] : -2;
    },
  };
}

function parse(text: string, filename = '/etc/modprobe.d/t.conf') {
  const config: ConfigDraft = { aliases: [], blacklists: [], options: [], installCommands: [], removeCommands: [], softdeps: [] };
  const logs: LogRecord[] = [];
  parseConfigText(config, text, filename, (r) => logs.push(r));
  return { config, errors: logs.map(defaultLogText) };
}

describe('fnmatch', () => {
  it.each([
    ['pci:v*d*', 'pci:v00008086d0000A170', true], ['a?c', 'abc', true], ['a?c', 'ac', false],
    ['usb:v[0-9]*', 'usb:v1x', true], ['usb:v[!0-9]*', 'usb:v1x', false], ['x[', 'x[', true],
    ['*', '', true], ['a*b*c', 'aXbYc', true], ['a*b*c', 'aXbY', false], ['\\*', '*', true], ['\\*', 'x', false],
    ['acpi*:PNP0C0A:*', 'acpi:PNP0C0A:', true], ['[[:digit:]]x', '7x', true],
  ])('%s ~ %s → %s', (pattern, text, result) => {
    expect(fnmatch(pattern, text)).toBe(result);
  });

  it('FirstMatch finds what find() with fnmatch finds', () => {
    const word = (chars: string, max: number) => fc.array(fc.constantFrom(...chars), { maxLength: max }).map((a) => a.join(''));
    fc.assert(fc.property(fc.array(word('ab*?[]!\\-', 4), { maxLength: 8 }), fc.array(word('ab*[\\-', 3), { maxLength: 6 }), (patterns, names) => {
      const entries = patterns.map((pattern, i) => ({ pattern, i }));
      const rules = new FirstMatch(entries, (e) => e.pattern);
      for (const name of [...names, ...patterns]) expect(rules.find(name)).toBe(entries.find((e) => fnmatch(e.pattern, name)));
    }), { numRuns: 2000 });
  });
});

describe('configuration files', () => {
  it('joins continued lines, keeps their spaces, and numbers by the last physical line', () => {
    expect(wrappedLines('options loop \\\n  max_loop=8\nx\\yz\n')).toEqual([
      { line: 'options loop   max_loop=8', linenum: 2 }, { line: 'xyz', linenum: 3 },
    ]);
    expect(wrappedLines('a\nb')).toEqual([{ line: 'a', linenum: 1 }, { line: 'b', linenum: 2 }]);
  });

  it('parses the six keywords, underscoring names but not commands or options', () => {
    const { config, errors } = parse('alias my-* snd-hda-intel\nblacklist pc-spkr\noptions snd-hda-intel\tindex=1 x="a b"\n' +
      'install fat /bin/true\nremove loop /bin/echo bye-bye\nsoftdep vfat pre: nls-utf8 post: nls_cp437\n# comment\n\n');
    expect(errors).toEqual([]);
    expect(config.aliases).toEqual([{ name: 'my_*', modname: 'snd_hda_intel' }]);
    expect(config.blacklists).toEqual(['pc_spkr']);
    expect(config.options).toEqual([{ modname: 'snd_hda_intel', options: 'index=1 x="a b"' }]);
    expect(config.installCommands).toEqual([{ modname: 'fat', command: '/bin/true' }]);
    expect(config.removeCommands).toEqual([{ modname: 'loop', command: '/bin/echo bye-bye' }]);
    expect(config.softdeps[0]).toMatchObject({ name: 'vfat', pre: ['nls-utf8'], post: ['nls_cp437'] });
  });

  it('reports bad lines as libkmod does before modprobe installs its logger', () => {
    const { errors } = parse('frobnicate loop\n  # indented\nalias onlyone\noptions loop\ninclude /x\n');
    expect(errors).toEqual([
      "libkmod: ERROR ../libkmod/libkmod-config.c:712 kmod_config_parse: /etc/modprobe.d/t.conf line 1: ignoring bad line starting with 'frobnicate'\n",
      "libkmod: ERROR ../libkmod/libkmod-config.c:712 kmod_config_parse: /etc/modprobe.d/t.conf line 2: ignoring bad line starting with '#'\n",
      "libkmod: ERROR ../libkmod/libkmod-config.c:712 kmod_config_parse: /etc/modprobe.d/t.conf line 3: ignoring bad line starting with 'alias'\n",
      "libkmod: ERROR ../libkmod/libkmod-config.c:712 kmod_config_parse: /etc/modprobe.d/t.conf line 4: ignoring bad line starting with 'options'\n",
      'libkmod: ERROR ../libkmod/libkmod-config.c:708 kmod_config_parse: /etc/modprobe.d/t.conf: command include is deprecated and not parsed anymore\n',
    ]);
  });

  it('softdep: words before pre:/post: are dropped; -c prints kmod\'s value with the missing space', () => {
    expect(parseSoftdep('vfat', 'pre: nls_utf8 post: nls_cp437').plain).toBe('pre: nls_utf8post: nls_cp437');
    expect(parseSoftdep('cifs', 'gcm')).toEqual({ name: 'cifs', pre: [], post: [], plain: '' });
    expect(parseSoftdep('x', 'pre: a post: b pre: c')).toMatchObject({ pre: ['a', 'c'], post: ['b'], plain: 'pre: a b cpost: b' });
  });

  it('reads *.conf and *.alias files sorted by name across directories, the first of a name winning', () => {
    const fs = memFs({
      '/etc/modprobe.d/b.conf': 'options loop b=1\n', '/lib/modprobe.d/a.conf': 'options loop a=1\n',
      '/lib/modprobe.d/b.conf': 'options loop shadowed=1\n', '/etc/modprobe.d/c.alias': 'options loop c=1\n',
      '/etc/modprobe.d/d.txt': 'options loop ignored=1\n', '/etc/modprobe.d/.e.conf': 'options loop hidden=1\n',
      '/lib/modules/R/modules.softdep': 'softdep loop pre: dummy\n', '/etc/modprobe.d/a-first.conf': 'softdep loop pre: first\n',
    });
    const config = loadConfig(fs, '/lib/modules/R', null, () => {});
    expect(config.options.map((o) => o.options)).toEqual(['a=1', 'b=1', 'c=1']);
    expect(config.softdeps.map((s) => s.pre[0])).toEqual(['first', 'dummy']);
  });

  it('alias names are normalised except inside brackets', () => {
    expect(aliasNormalize('fs-vfat')).toBe('fs_vfat');
    expect(aliasNormalize('usb:v[0-9]x-y')).toBe('usb:v[0-9]x_y');
    expect(aliasNormalize('bad]')).toBeNull();
    expect(aliasNormalize('a-b-[x]]')).toBeNull();
    expect(aliasNormalize('a-b-c')).toBe('a_b_c');
    expect(aliasNormalize('pci:v00008086d*sv*')).toBe('pci:v00008086d*sv*');
    expect(underscores('a-[b-c]-d')).toBe('a_[b-c]_d');
  });
});

describe('index trie', () => {
  // "acpi" branches on '*' and ':', so the name below meets the key once through the '*' edge
  // (fnmatch of the rest) and once more walking its own '*' down the same edge.
  const index = parseAliasFile('alias acpi*:PNP0C0A:* battery\nalias acpi*:PNP0C0B:* fan\nalias acpi:ABC: abc\n' +
    'alias fs-vfat vfat\nalias fs-msdos msdos\nalias pci:v*d0001* e1\nalias pci:v0002* e2\n', true, true);

  it('searches like index_searchwild: a name holding `*` can reach a key twice', () => {
    expect(index.search('fs_vfat')).toEqual(['vfat']);
    expect(index.search('fs-vfat')).toEqual([]);
    expect(index.search('pci:v0002d0001')).toEqual(['e1', 'e2']);
    expect(index.search('acpi:PNP0C0A:')).toEqual(['battery']);
    expect(index.search('acpi*:PNP0C0A:*')).toEqual(['battery', 'battery']);
  });

  it('dumps keys in byte order, normalised', () => {
    expect(index.dump('alias ')).toBe('alias acpi*:PNP0C0A:* battery\nalias acpi*:PNP0C0B:* fan\nalias acpi:ABC: abc\nalias fs_msdos msdos\nalias fs_vfat vfat\nalias pci:v*d0001* e1\nalias pci:v0002* e2\n');
  });
});

describe('getopt_long', () => {
  const longopts = [{ name: 'show-depends', arg: 'none' as const, val: 'D' }, { name: 'show', arg: 'none' as const, val: 'n' },
    { name: 'showconfig', arg: 'none' as const, val: 'c' }, { name: 'config', arg: 'required' as const, val: 'C' }];
  const run = (...argv: string[]) => {
    const operands: string[] = [];
    const items: GetoptItem[] = [...getoptLong(['modprobe', ...argv], 'nC:vq', longopts, operands)];
    return { items, operands };
  };

  it('permutes, clusters and ends at --', () => {
    expect(run('loop', '-vq', 'x=1', '-C/etc', '--', '-v')).toEqual({
      items: [{ kind: 'option', val: 'v' }, { kind: 'option', val: 'q' }, { kind: 'option', val: 'C', arg: '/etc' }],
      operands: ['loop', 'x=1', '-v'],
    });
  });

  it('matches long prefixes and reports errors in glibc words', () => {
    expect(run('--show-dep', '--config=x', '--show').items).toEqual([{ kind: 'option', val: 'D' }, { kind: 'option', val: 'C', arg: 'x' }, { kind: 'option', val: 'n' }]);
    expect(run('--sho', '-x', '--bogus', '--show=1', '--config').items.map((i) => (i.kind === 'error' ? i.message : ''))).toEqual([
      "modprobe: option '--sho' is ambiguous; possibilities: '--show-depends' '--show' '--showconfig'\n",
      "modprobe: invalid option -- 'x'\n", "modprobe: unrecognized option '--bogus'\n",
      "modprobe: option '--show' doesn't allow an argument\n", "modprobe: option '--config' requires an argument\n",
    ]);
  });
});

describe('lookup order', () => {
  const fs = memFs({
    '/lib/modules/R/modules.dep': 'kernel/loop.ko:\nkernel/vfat.ko: kernel/fat.ko\nkernel/fat.ko:\n',
    '/lib/modules/R/kernel/loop.ko': 'x', '/lib/modules/R/kernel/vfat.ko': 'x', '/lib/modules/R/kernel/fat.ko': 'x',
    '/lib/modules/R/modules.alias': 'alias fs-vfat vfat\nalias loop-* loop\n',
    '/lib/modules/R/modules.symbols': 'alias symbol:fat_fill_super fat\n',
    '/lib/modules/R/modules.builtin': 'kernel/net/unix/unix.ko\n',
    '/lib/modules/R/modules.builtin.alias': 'alias net-pf-1 unix\n',
    '/etc/modprobe.d/t.conf': 'alias loop vfat\ninstall fake /bin/true\n',
  });
  const names = (ctx: KmodContext, n: string) => ctx.lookup(n).list.map((m) => `${m.name}${m.alias ? `\\${m.alias}` : ''}`);

  it('config alias, modules.dep, symbols, commands, modules.alias, builtin, builtin alias', () => {
    const ctx = new KmodContext({ fs, dirname: '/lib/modules/R', configPaths: null, log: () => {} });
    expect(names(ctx, 'loop')).toEqual(['vfat\\loop']);
    expect(names(ctx, 'fat')).toEqual(['fat']);
    expect(names(ctx, 'symbol:fat_fill_super')).toEqual(['fat\\symbol:fat_fill_super']);
    expect(names(ctx, 'fake')).toEqual(['fake']);
    expect(names(ctx, 'fs-vfat')).toEqual(['vfat\\fs_vfat']);
    expect(names(ctx, 'loop-x')).toEqual(['loop\\loop_x']);
    expect(names(ctx, 'unix')).toEqual(['unix']);
    expect(names(ctx, 'net-pf-1')).toEqual(['unix\\net_pf_1']);
    expect(names(ctx, 'FAT')).toEqual([]);
    expect(ctx.dependencies(ctx.lookup('vfat').list[0]!).map((m) => ctx.path(m))).toEqual(['/lib/modules/R/kernel/fat.ko']);
  });
});
