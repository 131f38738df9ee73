import { describe, expect, it } from 'vitest';
import { parseManifest } from './parse';
import { cover } from './testing';

/** Each diagnostic as "line:col-endLine:endCol «the text it underlines» severity: message". */
function diags(text: string): string[] {
  return parseManifest(text).diagnostics.map((d) => `${d.line}:${d.column}-${d.endLine}:${d.endColumn} «${cover(text, d)}» ${d.severity}: ${d.message}`);
}

/** A valid head to put other fields under. */
const HEAD = 'name: m\nlicense: GPL\n';

function params(...lines: string[]): string {
  return `${HEAD}params:\n${lines.map((l) => `  - ${l}\n`).join('')}`;
}

describe('top-level fields', () => {
  it('suggests the closest field for an unknown one', () => {
    expect(diags('name: m\nlicence: GPL\n')).toEqual([
      "1:1-1:5 «name» warning: no 'license': the kernel treats the module as proprietary and taints itself (P) when it loads",
      "2:1-2:8 «licence» error: unknown field 'licence' (did you mean 'license'?)",
    ]);
  });

  it('lists the fields when nothing is close', () => {
    expect(diags(`${HEAD}colour: red\n`)).toEqual([
      "3:1-3:7 «colour» error: unknown field 'colour' (expected one of: name, license, author, description, version, vermagic, alias, softdep, params, exports, imports, size, init, exit)",
    ]);
  });

  it('requires name, pointing at the first line of the document', () => {
    expect(diags('license: GPL\nauthor: me\n')).toEqual([
      "1:1-1:13 «license: GPL» error: missing required field 'name' (the module name, e.g. 'name: hello')",
    ]);
  });

  it('checks the characters and the length of the name', () => {
    expect(diags('name: my mod\nlicense: GPL\n')).toEqual([
      "1:7-1:13 «my mod» error: name 'my mod' may only use letters, digits, '_' and '-'",
    ]);
    expect(diags(`name: ${'a'.repeat(56)}\nlicense: GPL\n`)).toEqual([
      '1:7-1:63 «aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa» error: name is 56 characters long; at most 55 fit (MODULE_NAME_LEN is 56 with the final NUL)',
    ]);
    expect(diags(`name: ${'a'.repeat(55)}\nlicense: GPL\n`)).toEqual([]);
    expect(parseManifest('name: 8250-pci\nlicense: GPL\n').manifest?.name).toBe('8250-pci');
  });

  it('reports a field given twice', () => {
    expect(diags('name: m\nname: n\nlicense: GPL\n')).toEqual([
      "2:1-2:5 «name» error: field 'name' is given twice (first on line 1)",
    ]);
  });

  it('checks field types', () => {
    expect(diags('name: m\nlicense: [GPL]\n')).toContain("2:10-2:15 «[GPL]» error: 'license' must be a string (got a list)");
    expect(diags(`${HEAD}alias: char-major-240\n`)).toEqual([
      "3:8-3:22 «char-major-240» error: 'alias' must be a list, e.g. [a, b] (got 'char-major-240')",
    ]);
    expect(diags(`${HEAD}params: {}\n`)).toEqual([
      "3:9-3:11 «{}» error: 'params' must be a list, one item per '- ' line (got a mapping)",
    ]);
    expect(diags(`${HEAD}init: hello\n`)).toEqual([
      "3:7-3:12 «hello» error: init must be a list of statements, one per '- ' line (got 'hello')",
    ]);
    expect(diags(`${HEAD}softdep: { pre: [a b] }\n`)).toEqual([
      "3:17-3:22 «[a b]» error: softdep pre: 'a b' is not a module name (letters, digits, '_' and '-')",
    ]);
    expect(diags(`${HEAD}size: { core: 0, init: -1 }\n`)).toEqual([
      '3:15-3:16 «0» error: size: core (bytes) must be between 1 and 2147483647 (got 0)',
      '3:24-3:26 «-1» error: size: init (bytes) must be between 0 and 2147483647 (got -1)',
    ]);
  });

  it('keeps the spelling of numbers in text fields', () => {
    expect(parseManifest(`${HEAD}version: 1.0\n`).manifest?.version).toBe('1.0');
  });

  it('rejects empty documents and documents that are not mappings', () => {
    expect(diags('')).toEqual([
      "1:1-1:1 «» error: the manifest is empty: it needs at least a name, e.g. 'name: hello'",
    ]);
    expect(diags('# only a comment\n')).toHaveLength(1);
    expect(diags('- a\n- b\n')).toEqual([
      "1:1-1:4 «- a» error: a manifest is a mapping of fields such as 'name: hello' (got a list)",
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    expect(diags('name: "hello\nlicense: GPL\n')).toEqual([
      '3:1-3:1 «» error: syntax error: Missing closing "quote',
    ]);
    expect(diags('name: m\ninit:\n  - printk: a\n   - return: 0\n')).toEqual([
      '4:4-4:5 «-» error: syntax error: All sequence items must start at the same column',
    ]);
    expect(diags('name: m\n\tlicense: GPL\n')).toEqual([
      '2:1-2:2 «\t» error: syntax error: Tabs are not allowed as indentation',
    ]);
  });

  it('warns about a licence the kernel does not know when it looks like a typo', () => {
    expect(diags('name: m\nlicense: GPLv2\n')).toEqual([
      "2:10-2:15 «GPLv2» warning: license 'GPLv2' is not one the kernel knows (did you mean 'GPL v2'?); it counts as proprietary and taints the kernel",
    ]);
    expect(diags('name: m\nlicense: Proprietary\n')).toEqual([]);
  });
});

describe('JSON input', () => {
  const json = JSON.stringify({
    name: 'jm', license: 'GPL',
    params: [{ name: 'irq', type: 'int', default: 7, perm: '0644' }],
    init: [{ printk: { level: 'KERN_INFO', text: 'irq %d\n', args: ['irq'] } }, { return: 0 }],
  }, null, 2);

  it('parses JSON the same way as YAML', () => {
    const { manifest, diagnostics } = parseManifest(json);
    expect(diagnostics).toEqual([]);
    expect(manifest?.params[0]).toEqual({ name: 'irq', type: 'int', perm: 0o644, default: 7 });
    expect(manifest?.init).toEqual([
      { op: 'printk', level: 6, text: 'irq %d\n', args: ['irq'] }, { op: 'return', value: 0 },
    ]);
  });

  it('gives JSON syntax errors a line and column', () => {
    expect(diags('{\n  "name": "m",\n  "license": "GPL"\n  "init": []\n}')).toEqual([
      "4:3-4:4 «\"» error: JSON syntax error: Expected ',' or '}' after property value",
    ]);
    expect(diags('{\n  "name": "m",\n  "alias": ["a", "b"}')).toEqual([
      "3:21-3:22 «}» error: JSON syntax error: Expected ',' or ']' after array element",
    ]);
  });

  it('points validation errors of JSON at the value', () => {
    expect(diags('{\n  "name": "m",\n  "license": "GPL",\n  "params": [{"name": "irq", "type": "integer"}]\n}')).toEqual([
      "4:38-4:47 «\"integer\"» error: param 'irq': type must be one of byte, short, ushort, int, uint, long, ulong, charp, bool, invbool (got 'integer')",
    ]);
  });
});

describe('params', () => {
  it('checks names, types, uniqueness and fields', () => {
    expect(diags(params(
      '{ name: irq, type: itn }', '{ name: irq, type: int }', '{ name: 9x, type: int }',
      '{ type: int }', '{ name: a, type: int, defualt: 3 }', '{ name: b }',
    ))).toEqual([
      "4:24-4:27 «itn» error: param 'irq': type must be one of byte, short, ushort, int, uint, long, ulong, charp, bool, invbool (got 'itn'; did you mean 'int'?)",
      "5:13-5:16 «irq» error: param 'irq' is declared twice (first on line 4)",
      "6:13-6:15 «9x» error: param '9x': name '9x' is not a valid C identifier (letters, digits and '_', not starting with a digit)",
      "7:5-7:18 «{ type: int }» error: param 4: missing 'name'",
      "8:27-8:34 «defualt» error: param 'a': unknown field 'defualt' (did you mean 'default'?)",
      "9:5-9:16 «{ name: b }» error: param 'b': missing 'type' (one of byte, short, ushort, int, uint, long, ulong, charp, bool, invbool)",
    ]);
  });

  it('reads perm as octal however it is written', () => {
    const { manifest } = parseManifest(params(
      '{ name: a, type: int, perm: 0644 }', '{ name: b, type: int, perm: 0o644 }',
      '{ name: c, type: int, perm: "0644" }', "{ name: d, type: int, perm: '0444' }",
      '{ name: e, type: int }', '{ name: f, type: int, perm: 0 }', '{ name: g, type: int, perm: 0400 }',
      '{ name: h, type: int, perm: 0x1a4 }', '{ name: i, type: int, perm: 292 }',
      '{ name: j, type: int, perm: 0600 }', '{ name: k, type: int, perm: 0664 }',
    ));
    expect(manifest?.params.map((p) => p.perm)).toEqual([
      0o644, 0o644, 0o644, 0o444, 0, 0, 0o400, 0o644, 0o444, 0o600, 0o664,
    ]);
  });

  it('reads 0644 as octal in YAML 1.1 documents too', () => {
    const { manifest } = parseManifest(`%YAML 1.1\n---\n${params('{ name: a, type: int, perm: 0644 }')}`);
    expect(manifest?.params[0]?.perm).toBe(0o644);
  });

  it('refuses perms that are decimal, not octal, or that the kernel refuses', () => {
    expect(diags(params(
      '{ name: d, type: int, perm: 644 }', '{ name: e, type: int, perm: 0666 }',
      '{ name: f, type: int, perm: 0648 }', '{ name: h, type: int, perm: 01777 }',
      '{ name: i, type: int, perm: 0404 }', '{ name: j, type: int, perm: 0464 }',
      '{ name: k, type: int, perm: rw }', '{ name: l, type: int, perm: "644" }',
    ))).toEqual([
      "4:33-4:36 «644» error: param 'd': perm 644 is a decimal number (01204 in octal); write octal permissions with a leading 0, e.g. 0644",
      "5:33-5:37 «0666» error: param 'e': perm 0666 makes the parameter writable by everyone; the kernel refuses it (VERIFY_OCTAL_PERMISSIONS)",
      "6:33-6:37 «0648» error: param 'f': perm must be an octal number such as 0644 (got 0648)",
      "7:33-7:38 «01777» error: param 'h': perm 01777 is more than 0777; the kernel refuses it (VERIFY_OCTAL_PERMISSIONS)",
      "8:33-8:37 «0404» error: param 'i': perm 0404 lets group or others read what the owner cannot; the kernel refuses it (VERIFY_OCTAL_PERMISSIONS)",
      "9:33-9:37 «0464» error: param 'j': perm 0464 lets the group write what the owner cannot; the kernel refuses it (VERIFY_OCTAL_PERMISSIONS)",
      "10:33-10:35 «rw» error: param 'k': perm must be an octal number such as 0644 (got 'rw')",
      "11:33-11:38 «\"644\"» error: param 'l': perm must be an octal number such as 0644 (got '644')",
    ]);
  });

  it('checks defaults against the type, its range and the array size', () => {
    expect(diags(params(
      '{ name: a, type: byte, default: 256 }', '{ name: b, type: ushort, default: -1 }',
      '{ name: d, type: ulong, default: 18446744073709551616 }', '{ name: e, type: int, default: abc }',
      '{ name: h, type: int, default: [1] }', '{ name: i, type: int, array: 2, default: 1 }',
      '{ name: j, type: int, array: 2, default: [1, 2, 3] }', '{ name: k, type: int, array: 0 }',
      '{ name: m, type: invbool, default: 3 }', '{ name: p, type: int, default: 7.5 }',
      '{ name: s, type: short, default: 32768 }', '{ name: u, type: uint, default: 4294967296 }',
    ))).toEqual([
      "4:37-4:40 «256» error: param 'a': default 256 is out of range for type byte (0 to 255)",
      "5:39-5:41 «-1» error: param 'b': default -1 is out of range for type ushort (0 to 65535)",
      "6:38-6:58 «18446744073709551616» error: param 'd': default 18446744073709551616 is out of range for type ulong (0 to 18446744073709551615)",
      "7:36-7:39 «abc» error: param 'e': default must be a whole number for type int (got 'abc')",
      "8:36-8:39 «[1]» error: param 'h': default is a list, but the param is not an array (add 'array: N' for module_param_array)",
      "9:46-9:47 «1» error: param 'i': default must be a list such as [a, b]: the param is an array of up to 2",
      "10:53-10:54 «3» error: param 'j': default has 3 elements, but the array holds at most 2",
      "11:34-11:35 «0» error: param 'k': array (the most elements it holds) must be between 1 and 65535 (got 0)",
      "12:40-12:41 «3» error: param 'm': default must be true or false for type invbool (got the number 3)",
      "13:36-13:39 «7.5» error: param 'p': default must be a whole number for type int (got the number 7.5)",
      "14:38-14:43 «32768» error: param 's': default 32768 is out of range for type short (-32768 to 32767)",
      "15:37-15:47 «4294967296» error: param 'u': default 4294967296 is out of range for type uint (0 to 4294967295)",
    ]);
  });

  it('keeps exact 64-bit defaults and normalises bools', () => {
    const { manifest, diagnostics } = parseManifest(params(
      '{ name: a, type: ulong, default: 18446744073709551615 }',
      '{ name: b, type: long, default: -9223372036854775808 }',
      '{ name: c, type: bool, default: y }', '{ name: d, type: invbool, default: 0 }',
      '{ name: e, type: charp, default: ~ }', '{ name: f, type: charp, array: 4, default: [/bin, ~] }',
      '{ name: g, type: int, default: 0x300 }', '{ name: h, type: byte, default: 255 }',
    ));
    expect(diagnostics).toEqual([]);
    expect(manifest?.params.map((p) => p.default)).toEqual([
      '18446744073709551615', '-9223372036854775808', true, false, null, ['/bin', null], 0x300, 255,
    ]);
  });
});

describe('exports and imports', () => {
  it('reports duplicates and symbols the kernel already exports', () => {
    expect(diags(`${HEAD}exports: [x, kfree, { symbol: y, gpl: true }, y, { symbl: z }]\n`)).toEqual([
      "3:14-3:19 «kfree» warning: the kernel already exports 'kfree': loading this module will fail with \"exports duplicate symbol kfree (owned by kernel)\"",
      "3:47-3:48 «y» error: symbol 'y' is exported twice (first on line 3)",
      "3:50-3:62 «{ symbl: z }» error: export: missing 'symbol'",
      "3:52-3:57 «symbl» error: export: unknown field 'symbl' (did you mean 'symbol'?)",
    ]);
  });

  it('warns about repeated imports and imports of its own exports', () => {
    expect(diags(`${HEAD}exports: [mine]\nimports: [a, a, mine, 1x]\n`)).toEqual([
      "4:14-4:15 «a» warning: 'a' is listed twice in imports",
      "4:17-4:21 «mine» warning: 'mine' is exported by this module itself, so it is not an import",
      "4:23-4:25 «1x» error: imported symbol '1x' is not a valid C identifier (letters, digits and '_', not starting with a digit)",
    ]);
  });

  it('warns when a non-GPL module uses a GPL-only kernel symbol', () => {
    expect(diags('name: m\nlicense: Proprietary\nimports: [ktime_get]\ninit:\n  - call: kobject_put\n')).toEqual([
      "3:11-3:20 «ktime_get» warning: 'ktime_get' is a GPL-only kernel symbol and license 'Proprietary' is not GPL-compatible: modpost stops the build, and the kernel would refuse to load it",
      "5:11-5:22 «kobject_put» warning: 'kobject_put' is a GPL-only kernel symbol and license 'Proprietary' is not GPL-compatible: modpost stops the build, and the kernel would refuse to load it",
    ]);
    expect(diags(`${HEAD}imports: [ktime_get]\n`)).toEqual([]);
  });
});
