import { describe, expect, it } from 'vitest';
import { parseManifest } from './parse';
import { cover } from './testing';

function diags(text: string): string[] {
  return parseManifest(text).diagnostics.map((d) => `${d.line}:${d.column}-${d.endLine}:${d.endColumn} «${cover(text, d)}» ${d.severity}: ${d.message}`);
}

const HEAD = 'name: m\nlicense: GPL\nparams:\n  - { name: irq, type: int }\n  - { name: path, type: charp }\n  - { name: paths, type: charp, array: 2 }\n';
/** Statements under `init:` start on line 8. */
function init(...lines: string[]): string {
  return `${HEAD}init:\n${lines.map((l) => `  - ${l}\n`).join('')}`;
}

describe('statement forms', () => {
  it('converts every form to the kernel Statement', () => {
    const { manifest, diagnostics } = parseManifest(init(
      'printk: { level: KERN_INFO, text: "irq %d\\n", args: [irq] }',
      'printk: "plain\\n"',
      'printk: { level: 3, text: "x\\n" }',
      'kmalloc: { as: buf, size: 4096 }',
      'kmalloc: { as: z, size: 16, flags: "GFP_KERNEL|__GFP_ZERO" }',
      'vmalloc: { as: big, size: 1048576 }',
      'alloc_pages: { as: pg, order: 2 }',
      'kmem_cache_create: { as: cache, object_size: 64 }',
      'kmem_cache_create: { as: named, object_size: 64, name: my_cache }',
      'kmem_cache_alloc: { as: obj, cache: cache }',
      'call: helper',
      'call: { symbol: other, result: -ENODEV, as: rc }',
      'request_module: { name: "char-major-10-1", as: rq }',
      'request_module: loop',
      'register_chrdev: { name: dev }',
      'if_error: { goto: out }',
      'register_chrdev: { name: dev2, major: 240, as: major }',
      'if_error: out',
      'kmem_cache_free: { cache: cache, obj: obj }',
      'kmem_cache_destroy: cache',
      'free_pages: pg',
      'vfree: big',
      'kfree: buf',
      'unregister_chrdev: dev',
      'label: out',
      'return: -12',
    ));
    expect(diagnostics).toEqual([]);
    expect(manifest?.init).toEqual([
      { op: 'printk', level: 6, text: 'irq %d\n', args: ['irq'] },
      { op: 'printk', level: 4, text: 'plain\n', args: [] },
      { op: 'printk', level: 3, text: 'x\n', args: [] },
      { op: 'kmalloc', as: 'buf', size: 4096, flags: 'GFP_KERNEL' },
      { op: 'kmalloc', as: 'z', size: 16, flags: 'GFP_KERNEL | __GFP_ZERO' },
      { op: 'vmalloc', as: 'big', size: 1048576 },
      { op: 'alloc_pages', as: 'pg', order: 2 },
      { op: 'kmem_cache_create', as: 'cache', name: 'cache', objectSize: 64 },
      { op: 'kmem_cache_create', as: 'named', name: 'my_cache', objectSize: 64 },
      { op: 'kmem_cache_alloc', as: 'obj', cache: 'cache' },
      { op: 'call', symbol: 'helper', result: 0 },
      { op: 'call', symbol: 'other', result: -19, as: 'rc' },
      { op: 'request_module', name: 'char-major-10-1', as: 'rq' },
      { op: 'request_module', name: 'loop' },
      { op: 'register_chrdev', name: 'dev', major: 0 },
      { op: 'if_error', goto: 'out' },
      { op: 'register_chrdev', name: 'dev2', major: 240, as: 'major' },
      { op: 'if_error', goto: 'out' },
      { op: 'kmem_cache_free', cache: 'cache', var: 'obj' },
      { op: 'kmem_cache_destroy', cache: 'cache' },
      { op: 'free_pages', var: 'pg' },
      { op: 'vfree', var: 'big' },
      { op: 'kfree', var: 'buf' },
      { op: 'unregister_chrdev', name: 'dev' },
      { op: 'label', name: 'out' },
      { op: 'return', value: -12 },
    ]);
    expect(manifest?.lines.init.slice(0, 3)).toEqual([8, 9, 10]);
  });

  it('treats an empty init as a function that just returns, and a missing one as none', () => {
    expect(parseManifest('name: m\nlicense: GPL\ninit: []\n').manifest).toMatchObject({ init: [], exit: null });
    expect(parseManifest('name: m\nlicense: GPL\ninit:\nexit:\n').manifest).toMatchObject({ init: [], exit: [] });
    expect(parseManifest('name: m\nlicense: GPL\n').manifest).toMatchObject({ init: null, exit: null });
  });

  it('follows YAML aliases', () => {
    const { manifest } = parseManifest('name: m\nlicense: GPL\ninit: &body\n  - printk: hi\nexit: *body\n');
    expect(manifest?.exit).toEqual(manifest?.init);
  });
});

describe('statement errors', () => {
  it('names unknown and malformed statements', () => {
    expect(diags(init(
      'prink: { text: hi }',
      'printk:\n    level: KERN_INFO',
      'printk: {}',
      'printk: { text: hi, levl: 3 }',
      'kmalloc: buf',
      'return',
      'kmalloc: { as: b, size: 4096 }\n    printk: x',
      'kmalloc:',
      '[]',
    ))).toEqual([
      "8:5-8:10 «prink» error: unknown statement 'prink' (did you mean 'printk'?)",
      "10:5-10:10 «level» error: 'level' belongs inside 'printk': indent it under 'printk:' or write printk: { ... }",
      "11:5-11:11 «printk» error: printk: missing 'text'",
      "12:25-12:29 «levl» error: printk: unknown field 'levl' (did you mean 'level'?)",
      "13:14-13:17 «buf» error: kmalloc needs fields: write kmalloc: { as, size } (got 'buf')",
      "14:5-14:11 «return» error: a statement must be 'operation: value': write 'return: ...' (got 'return')",
      "16:5-16:11 «printk» error: one statement per list item: start 'printk' on a new line with '- '",
      '17:5-17:12 «kmalloc» error: kmalloc needs fields: write kmalloc: { as, size } (got nothing)',
      "18:5-18:7 «[]» error: a statement must be 'operation: value', e.g. printk: { level: KERN_INFO, text: \"hi\\n\" } (got a list)",
    ]);
  });

  it('checks levels, sizes, flags and return values', () => {
    expect(diags(init(
      'printk: { level: KERN_INF, text: hi }',
      'printk: { level: 9, text: hi }',
      'kmalloc: { as: b, size: -1 }',
      'kmalloc: { as: b, size: 1, flags: GFP_KERNL }',
      'alloc_pages: { as: p, order: 64 }',
      'return: -EEXISTS',
      'return: ENOMEM',
      'return: 99999999999',
      'return: nope',
    ))).toEqual([
      "8:22-8:30 «KERN_INF» error: printk: unknown level 'KERN_INF' (did you mean 'KERN_INFO'?); use KERN_EMERG, KERN_ALERT, KERN_CRIT, KERN_ERR, KERN_WARNING, KERN_NOTICE, KERN_INFO, KERN_DEBUG or 0-7",
      '9:22-9:23 «9» error: printk: level must be KERN_EMERG … KERN_DEBUG or a number 0-7 (got the number 9)',
      "10:29-10:31 «-1» error: kmalloc: 'size' must be between 0 and 9007199254740991 (got -1)",
      "11:39-11:48 «GFP_KERNL» error: kmalloc: unknown allocation flag 'GFP_KERNL' (did you mean 'GFP_KERNEL'?)",
      "12:34-12:36 «64» error: alloc_pages: 'order' must be between 0 and 63 (got 64)",
      "13:13-13:21 «-EEXISTS» error: return: unknown errno '-EEXISTS' (did you mean '-EEXIST'?)",
      "14:13-14:19 «ENOMEM» error: return: 'ENOMEM' must be negative: kernel functions return -ENOMEM for an error",
      '15:13-15:24 «99999999999» error: return: 99999999999 does not fit in a C int',
      "16:13-16:17 «nope» error: return: value must be 0, a number or a negative errno such as -ENOMEM (got 'nope')",
    ]);
  });

  it('checks labels and gotos', () => {
    expect(diags(init(
      'kmalloc: { as: b, size: 8 }',
      'if_error: { goto: err_bf }',
      'label: err_buf',
      'label: err_buf',
      'label: unused',
    ))).toEqual([
      "9:23-9:29 «err_bf» error: if_error: there is no label 'err_bf' in init (did you mean 'err_buf'?)",
      "10:12-10:19 «err_buf» warning: label 'err_buf' is never used by an if_error",
      "11:12-11:19 «err_buf» error: label 'err_buf' is defined twice in init (first on line 10)",
      "12:12-12:18 «unused» warning: label 'unused' is never used by an if_error",
    ]);
    // Labels belong to one function: exit cannot jump into init.
    expect(diags(`${init('label: out')}exit:\n  - call: f\n  - if_error: out\n`)).toContain(
      "11:15-11:18 «out» error: if_error: there is no label 'out' in exit",
    );
  });

  it('warns when if_error does not follow something that can fail', () => {
    expect(diags(init('if_error: out', 'printk: hi', 'if_error: out', 'label: out'))).toEqual([
      '8:5-8:13 «if_error» warning: if_error comes first in init: there is no statement before it whose failure it could check',
      '10:5-10:13 «if_error» warning: if_error follows printk, which cannot fail; put it right after one of: kmalloc, vmalloc, alloc_pages, kmem_cache_create, kmem_cache_alloc, call, request_module, register_chrdev',
    ]);
  });

  it('warns about unreachable statements and odd return values', () => {
    expect(diags(`${init('return: 1', 'printk: x')}exit:\n  - return: -5\n`)).toEqual([
      '8:13-8:14 «1» warning: init returning 1 makes the kernel warn that it "suspiciously returned 1, it should follow 0/-E convention"',
      '9:5-9:11 «printk» warning: this printk is never reached: it follows a return and no label comes before it',
      '11:13-11:15 «-5» warning: exit functions return nothing (void): the value -5 is ignored',
    ]);
  });

  it('checks variables: set before use, not a param, freed by the matching function', () => {
    expect(diags(`${init(
      'vmalloc: { as: v, size: 10 }',
      'kfree: v',
      'kfree: vv',
      'kfree: irq',
      'kmalloc: { as: irq, size: 1 }',
      'kmem_cache_alloc: { as: o, cache: v }',
    )}exit:\n  - vfree: v\n  - kfree: later\n  - kmalloc: { as: later, size: 1 }\n`)).toEqual([
      "9:12-9:13 «v» warning: kfree: 'v' was allocated with vmalloc, so release it with vfree",
      "10:12-10:14 «vv» error: kfree: 'vv' is not a variable set by an earlier statement (did you mean 'v'?)",
      "11:12-11:15 «irq» error: kfree: 'irq' is a param, not a variable set by an earlier statement",
      "12:20-12:23 «irq» error: kmalloc: 'irq' is already a param; give the variable another name",
      "13:39-13:40 «v» warning: kmem_cache_alloc: 'v' was set by vmalloc, but kmem_cache_alloc expects one from kmem_cache_create",
      "16:12-16:17 «later» error: kfree: 'later' is not a variable set by an earlier statement",
    ]);
  });
});

describe('printk formats and args', () => {
  it('checks the number of args against the conversions', () => {
    expect(diags(init('printk: { text: "%d %s", args: [irq] }', 'printk: { text: "%d\\n" }', 'printk: { text: "hi", args: [irq] }'))).toEqual([
      '8:36-8:41 «[irq]» error: printk: the text has 2 conversions (%d, %s) but 1 arg',
      '9:21-9:27 «"%d\\n"» error: printk: the text has 1 conversion (%d) but no args',
      '10:33-10:38 «[irq]» error: printk: the text has no conversions but 1 arg',
    ]);
  });

  it('rejects unsupported conversions', () => {
    expect(diags(init('printk: { text: "%f", args: [irq] }', 'printk: { text: "50%" }'))).toEqual([
      "8:21-8:25 «\"%f\"» error: printk: unsupported format '%f' (use %d %i %u %x %X %c %s %p %px %ld %lu %lld %llu %%)",
      "9:21-9:26 «\"50%\"» error: printk: unsupported format '%' (use %d %i %u %x %X %c %s %p %px %ld %lu %lld %llu %%)",
    ]);
  });

  it('resolves args to params, array elements and earlier variables', () => {
    expect(diags(init(
      'kmalloc: { as: buf, size: 8 }',
      'printk: { text: "%s\\n", args: [paths] }',
      'printk: { text: "%s\\n", args: ["paths[2]"] }',
      'printk: { text: "%s\\n", args: ["path[0]"] }',
      'printk: { text: "%d\\n", args: [bufx] }',
      'printk: { text: "%d\\n", args: [later] }',
      'vmalloc: { as: later, size: 8 }',
    ))).toEqual([
      "9:36-9:41 «paths» error: printk: param 'paths' is an array: print one element, e.g. paths[0]",
      "10:36-10:46 «\"paths[2]\"» error: printk: paths[2] is out of bounds: 'paths' holds at most 2 elements",
      "11:36-11:45 «\"path[0]\"» error: printk: param 'path' is not an array, so it cannot be indexed",
      "12:36-12:40 «bufx» error: printk: 'bufx' is neither a param nor a variable set by an earlier statement (did you mean 'buf'?)",
      "13:36-13:41 «later» error: printk: 'later' is neither a param nor a variable set by an earlier statement",
    ]);
  });

  it('warns when an arg does not fit its conversion, as gcc -Wformat does', () => {
    expect(diags(init(
      'kmalloc: { as: buf, size: 8 }',
      'printk: { text: "%s %d\\n", args: [irq, buf] }',
      'printk: { text: "%p %px %5lu %% %llu %c %-3s %02x\\n", args: [buf, path, irq, irq, irq, "paths[1]", irq] }',
    ))).toEqual([
      "9:39-9:42 «irq» warning: printk: '%s' expects a string, but 'irq' is an integer",
      "9:44-9:47 «buf» warning: printk: '%d' expects an integer, but 'buf' is a pointer",
    ]);
  });
});

describe('a repeated printk', () => {
  it('is a loop whose counter i may be printed', () => {
    const { manifest, diagnostics } = parseManifest(init('printk: { level: KERN_INFO, text: "line %d\\n", args: [i], repeat: 1000 }'));
    expect(diagnostics).toEqual([]);
    expect(manifest?.init?.[0]).toEqual({ op: 'printk', level: 6, text: 'line %d\n', args: ['i'], repeat: 1000 });
  });

  it('says where a bad count is, and that i is only the counter of a repeat', () => {
    expect(diags(init('printk: { text: "x\\n", repeat: 0 }'))).toEqual([expect.stringMatching(/^8:\d+-8:\d+ «0» error: printk: 'repeat' /)]);
    expect(diags(init('printk: { text: "x\\n", repeat: 2000000 }'))[0]).toMatch(/error: printk: 'repeat' /);
    expect(diags(init('printk: { text: "%d\\n", args: [i] }'))[0]).toMatch(/error: printk: 'i' is neither a param nor a variable/);
  });
});
