import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeModuleImage, ELF_MAGIC } from '../kernel/image';
import { buildKo, buildModule, formatDiagnostic, srcversion } from './build';

const VERMAGIC = '6.1.0-56-amd64 SMP preempt mod_unload modversions ';
const OPTS = { fileName: '/root/m.yaml', vermagic: VERMAGIC };
const EXAMPLES = join(__dirname, '../../examples');
const example = (file: string) => readFileSync(join(EXAMPLES, file), 'utf8');

/** PRODUCT.md §5's example, character for character. */
const SPEC_EXAMPLE = `name: paramdemo
license: GPL
author: A. Student
description: Parameters and error unwinding
params:
  - { name: irq, type: int, default: 7, perm: 0644, description: Irq used for device }
  - { name: path, type: charp, default: /sbin/modprobe, perm: 0, description: Path to modprobe }
  - { name: paths, type: charp, array: 4, default: [/bin, /sbin], perm: 0444, description: "Search paths [4]" }
exports:
  - { symbol: paramdemo_get_irq, gpl: false }
imports: [helper_fn]
init:
  - printk: { level: KERN_INFO, text: "Using irq: %d\\n", args: [irq] }
  - kmalloc: { as: buf, size: 4096, flags: GFP_KERNEL }
  - if_error: { goto: err_buf }            # kmalloc returned NULL
  - call: helper_fn
  - return: 0
  - label: err_buf
  - return: -ENOMEM
exit:
  - kfree: buf
  - printk: { level: KERN_INFO, text: "bye\\n" }
`;

describe('the §5 example', () => {
  it('is shipped verbatim as examples/paramdemo.yaml', () => {
    expect(example('paramdemo.yaml').endsWith(SPEC_EXAMPLE)).toBe(true);
  });

  it('builds into the expected image', () => {
    const { image, diagnostics } = buildModule(SPEC_EXAMPLE, { fileName: 'paramdemo.yaml', vermagic: VERMAGIC });
    expect(diagnostics).toEqual([]);
    expect(image).toEqual({
      name: 'paramdemo',
      license: 'GPL',
      author: 'A. Student',
      description: 'Parameters and error unwinding',
      alias: [],
      softdep: { pre: [], post: [] },
      vermagic: VERMAGIC,
      srcversion: srcversion(SPEC_EXAMPLE),
      intree: false,
      signed: false,
      params: [
        { name: 'irq', type: 'int', perm: 0o644, description: 'Irq used for device', default: 7 },
        { name: 'path', type: 'charp', perm: 0, description: 'Path to modprobe', default: '/sbin/modprobe' },
        { name: 'paths', type: 'charp', perm: 0o444, description: 'Search paths [4]', array: 4, default: ['/bin', '/sbin'] },
      ],
      exports: [{ symbol: 'paramdemo_get_irq', gpl: false }],
      imports: ['helper_fn', '_printk', '__kmalloc', 'kfree'],
      size: { core: 16384, init: 4096 },
      init: [
        { op: 'printk', level: 6, text: 'Using irq: %d\n', args: ['irq'] },
        { op: 'kmalloc', as: 'buf', size: 4096, flags: 'GFP_KERNEL' },
        { op: 'if_error', goto: 'err_buf' },
        { op: 'call', symbol: 'helper_fn', result: 0 },
        { op: 'return', value: 0 },
        { op: 'label', name: 'err_buf' },
        { op: 'return', value: -12 },
      ],
      exit: [
        { op: 'kfree', var: 'buf' },
        { op: 'printk', level: 6, text: 'bye\n', args: [] },
      ],
      source: 'paramdemo.yaml',
    });
    expect(image?.srcversion).toMatch(/^[0-9A-F]{23}$/);
  });
});

describe('buildModule', () => {
  it("turns '-' into '_' in the module name, as KBUILD_MODNAME does", () => {
    expect(buildModule('name: my-mod\nlicense: GPL\n', OPTS).image?.name).toBe('my_mod');
  });

  it('fills in defaults for a minimal manifest', () => {
    const { image } = buildModule('name: tiny\nlicense: GPL\n', OPTS);
    expect(image).toMatchObject({
      name: 'tiny', alias: [], softdep: { pre: [], post: [] }, vermagic: VERMAGIC, intree: false,
      signed: false, params: [], exports: [], imports: [], size: { core: 16384, init: 0 },
      init: null, exit: null, source: '/root/m.yaml',
    });
    expect(image).not.toHaveProperty('author');
  });

  it("keeps the manifest's own vermagic", () => {
    const { image } = buildModule('name: old\nlicense: GPL\nvermagic: "2.6.32 SMP mod_unload "\n', OPTS);
    expect(image?.vermagic).toBe('2.6.32 SMP mod_unload ');
  });

  it('collects imports: listed ones first, then each called symbol once, never its own exports', () => {
    const text = [
      'name: m', 'license: GPL', 'exports: [mine]', 'imports: [kfree, other_fn]', 'init:',
      '  - printk: hi', '  - call: mine', '  - call: other_fn', '  - vmalloc: { as: v, size: 8 }',
      '  - printk: again', '  - request_module: loop', '  - register_chrdev: { name: d }',
      'exit:', '  - unregister_chrdev: d', '  - vfree: v', '  - call: ktime_get', '  - call: unlisted_fn', '',
    ].join('\n');
    const { image, diagnostics } = buildModule(text, OPTS);
    // A call of a symbol neither listed nor known to the kernel is fine: it is left to insmod.
    expect(diagnostics).toEqual([]);
    expect(image?.imports).toEqual([
      'kfree', 'other_fn', '_printk', 'vmalloc', '__request_module', '__register_chrdev',
      '__unregister_chrdev', 'vfree', 'ktime_get', 'unlisted_fn',
    ]);
  });

  it('sizes the sections: a page more per 16 items, an init page only with init', () => {
    const params = Array.from({ length: 15 }, (_, i) => `  - { name: p${i}, type: int }`).join('\n');
    const base = `name: m\nlicense: GPL\nparams:\n${params}\n`;
    expect(buildModule(base, OPTS).image?.size).toEqual({ core: 16384, init: 0 });
    expect(buildModule(`${base}init: []\n`, OPTS).image?.size).toEqual({ core: 16384, init: 4096 });
    expect(buildModule(`${base}init:\n  - return: 0\n`, OPTS).image?.size).toEqual({ core: 20480, init: 4096 });
    expect(buildModule(`${base}size: { core: 5000 }\n`, OPTS).image?.size).toEqual({ core: 8192, init: 0 });
    expect(buildModule(`${base}size: { core: 4096, init: 1 }\n`, OPTS).image?.size).toEqual({ core: 4096, init: 4096 });
  });

  it('gives a deterministic 23-digit srcversion that follows the text', () => {
    const a = srcversion('name: a\n');
    expect(a).toMatch(/^[0-9A-F]{23}$/);
    expect(srcversion('name: a\n')).toBe(a);
    expect(srcversion('name: b\n')).not.toBe(a);
    expect(srcversion('')).toMatch(/^[0-9A-F]{23}$/);
  });

  it('builds JSON manifests too', () => {
    const json = JSON.stringify({ name: 'j-son', license: 'GPL', init: [{ printk: 'hi\n' }, { return: 0 }] });
    expect(buildModule(json, OPTS).image).toMatchObject({
      name: 'j_son', imports: ['_printk'],
      init: [{ op: 'printk', level: 4, text: 'hi\n', args: [] }, { op: 'return', value: 0 }],
    });
  });

  it('returns no image, only diagnostics, for a bad manifest', () => {
    const result = buildKo('name: m\nlicence: GPL\n', OPTS);
    expect(result.image).toBeNull();
    expect(result.ko).toBeNull();
    expect(result.diagnostics.map((d) => formatDiagnostic('/root/m.yaml', d))).toEqual([
      "/root/m.yaml:1:1: warning: no 'license': the kernel treats the module as proprietary and taints itself (P) when it loads",
      "/root/m.yaml:2:1: error: unknown field 'licence' (did you mean 'license'?)",
    ]);
  });
});

describe('buildKo', () => {
  it('encodes the image as a .ko that decodes back to it', () => {
    const { ko, image } = buildKo(example('hello.yaml'), { fileName: 'hello.yaml', vermagic: VERMAGIC });
    expect(ko?.startsWith(ELF_MAGIC)).toBe(true);
    expect(decodeModuleImage(ko!)).toEqual(image);
  });
});

describe('examples/', () => {
  // Recursive: gplonly/ has a folder of its own, since modpost fails the whole folder's make.
  const files = (readdirSync(EXAMPLES, { recursive: true }) as string[]).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();

  it('has every example the seeds call for, and a log flood (the printk ring buffer)', () => {
    expect(files).toEqual([
      'chardev.yaml', 'exporter.yaml', 'flood.yaml', 'gplonly/gplonly.yaml', 'hello.yaml', 'helper.yaml', 'kmalloc.yaml', 'noexit.yaml',
      'paramdemo.yaml', 'params.yaml', 'unwind.yaml', 'user.yaml',
    ]);
  });

  it.each(files)('%s builds without errors, named after its file', (file) => {
    const { image, diagnostics } = buildModule(example(file), { fileName: file, vermagic: VERMAGIC });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(image?.name).toBe(basename(file).replace(/\.ya?ml$/, ''));
  });

  it('warns only where a lesson is meant: the GPL-only symbol of gplonly.yaml', () => {
    const warned = files.filter((f) => buildModule(example(f), OPTS).diagnostics.length > 0);
    expect(warned).toEqual(['gplonly/gplonly.yaml']);
  });

  it('reproduces the seeds', () => {
    const build = (file: string) => buildModule(example(file), OPTS).image!;
    const hello = build('hello.yaml');
    expect(hello.license).toBe('Dual BSD/GPL');
    expect(hello.init).toEqual([
      { op: 'printk', level: 1, text: 'Hello, world\n', args: [] }, { op: 'return', value: 0 },
    ]);
    expect(hello.exit).toEqual([{ op: 'printk', level: 1, text: 'Goodbye, cruel world\n', args: [] }]);

    const exporter = build('exporter.yaml');
    const user = build('user.yaml');
    expect(exporter.exports.map((e) => e.symbol)).toEqual(user.imports.slice(0, 1));

    expect(build('helper.yaml').exports).toEqual([{ symbol: 'helper_fn', gpl: false }]);

    const params = build('params.yaml');
    expect(params.params.map((p) => [p.name, p.type, p.array, p.default])).toEqual([
      ['irq', 'int', undefined, 7], ['path', 'charp', undefined, '/sbin/modprobe'], ['paths', 'charp', 4, ['/bin', '/sbin']],
    ]);
    expect(params.params[2]?.description).toBe('Search paths [4]');
    expect(params.init?.map((s) => (s.op === 'printk' ? s.text : s.op))).toEqual([
      'Using irq: %d\n', 'Will use path: %s\n', 'Path[0]: %s\n', 'Path[1]: %s\n', 'return',
    ]);

    expect(build('kmalloc.yaml').imports).toEqual(['__kmalloc', '_printk', 'kfree']);

    const unwind = build('unwind.yaml');
    expect(unwind.init?.filter((s) => s.op === 'label').map((s) => s.op === 'label' && s.name)).toEqual(['err_c', 'err_b', 'err_a']);
    expect(unwind.init?.at(-1)).toEqual({ op: 'return', value: -12 });

    expect(build('gplonly/gplonly.yaml')).toMatchObject({ license: 'Proprietary', imports: ['ktime_get'] });
    expect(build('noexit.yaml')).toMatchObject({ exit: null });
    expect(build('noexit.yaml').init).not.toBeNull();
  });
});
