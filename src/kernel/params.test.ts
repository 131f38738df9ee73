import { describe, expect, it } from 'vitest';
import { E } from './errno';
import { defaultValue, kstrtobool, kstrtoInt, nextArgs, paramGet, parameq, paramSet, paramSetArray } from './params';
import { boot, image, insmod, newLines, param, ret } from './testing';
import type { ParamType } from './image';
import { modsOf } from './shards';

describe('kstrto* (base 0)', () => {
  const ok = (text: string, type: ParamType, value: bigint) => expect(kstrtoInt(text, type)).toBe(value);
  const err = (text: string, type: ParamType, errno: number) => expect(kstrtoInt(text, type)).toBe(-errno);

  it('reads decimal, 0x hex and 0 octal', () => {
    ok('10', 'int', 10n);
    ok('0x1f', 'int', 31n);
    ok('0X1F', 'int', 31n);
    ok('010', 'int', 8n);
    ok('0', 'int', 0n);
    ok('00', 'int', 0n);
    err('08', 'int', E.EINVAL);
    err('0x', 'int', E.EINVAL);
    err('0xg', 'int', E.EINVAL);
  });

  it('takes one leading + and, for signed types, one -', () => {
    ok('+5', 'int', 5n);
    ok('-5', 'int', -5n);
    ok('-0', 'int', 0n);
    ok('-0x10', 'long', -16n);
    err('-5', 'uint', E.EINVAL);
    err('-1', 'byte', E.EINVAL);
    err('+-5', 'int', E.EINVAL);
    err('-+5', 'int', E.EINVAL);
    err('--5', 'int', E.EINVAL);
    err('++5', 'uint', E.EINVAL);
  });

  it('accepts one trailing newline and nothing else', () => {
    ok('5\n', 'int', 5n);
    err('5\n\n', 'int', E.EINVAL);
    err('5 ', 'int', E.EINVAL);
    err(' 5', 'int', E.EINVAL);
    err('', 'int', E.EINVAL);
    err('\n', 'int', E.EINVAL);
    err('abc', 'int', E.EINVAL);
    err('12abc', 'int', E.EINVAL);
    err('1.5', 'int', E.EINVAL);
  });

  it('gives ERANGE outside each type\'s range', () => {
    const cases: Array<[ParamType, string, string, string?, string?]> = [
      ['byte', '255', '256'],
      ['short', '32767', '32768', '-32768', '-32769'],
      ['ushort', '65535', '65536'],
      ['int', '2147483647', '2147483648', '-2147483648', '-2147483649'],
      ['uint', '4294967295', '4294967296'],
      ['long', '9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809'],
      ['ulong', '18446744073709551615', '18446744073709551616'],
    ];
    for (const [type, max, over, min, under] of cases) {
      ok(max, type, BigInt(max));
      err(over, type, E.ERANGE);
      if (min) ok(min, type, BigInt(min));
      if (under) err(under, type, E.ERANGE);
    }
    ok('0xffffffff', 'uint', 4294967295n);
    err('0x100000000', 'uint', E.ERANGE);
    err('99999999999999999999999', 'ulong', E.ERANGE);
  });
});

describe('kstrtobool', () => {
  it('looks at the first character (and the second after o)', () => {
    for (const t of ['y', 'Y', '1', 'yes', 'Yup', '1000', 'on', 'ON', 'oN']) expect(kstrtobool(t)).toBe(true);
    for (const f of ['n', 'N', '0', 'no', 'nope', 'off', 'OFF', 'oF']) expect(kstrtobool(f)).toBe(false);
    for (const bad of ['', 'o', 'ox', 'x', '2', ' y']) expect(kstrtobool(bad)).toBe(-E.EINVAL);
  });
});

describe('param_set_*', () => {
  it('bool: no value means true; stores Y/N', () => {
    expect(paramSet(param('debug', 'bool'), null)).toEqual({ value: 'Y', err: 0, messages: [] });
    expect(paramSet(param('debug', 'bool'), 'n')).toEqual({ value: 'N', err: 0, messages: [] });
    expect(paramSet(param('debug', 'bool'), 'maybe').err).toBe(-E.EINVAL);
  });

  it('invbool: stores the inverse; a bare name is EINVAL (no KERNEL_PARAM_OPS_FL_NOARG)', () => {
    const quiet = param('quiet', 'invbool');
    expect(paramSet(quiet, 'y').value).toBe('N');
    expect(paramSet(quiet, '0').value).toBe('Y');
    expect(paramSet(quiet, null).err).toBe(-E.EINVAL);
    expect(paramGet(quiet, 'N')).toBe('Y\n');
    expect(paramGet(quiet, 'Y')).toBe('N\n');
  });

  it('charp: up to 1024 characters, ENOSPC with a message above', () => {
    const p = param('name', 'charp');
    expect(paramSet(p, 'x'.repeat(1024))).toMatchObject({ err: 0, value: 'x'.repeat(1024) });
    expect(paramSet(p, 'x'.repeat(1025))).toEqual({ err: -E.ENOSPC, messages: ['name: string parameter too long'] });
    expect(paramSet(p, '')).toMatchObject({ err: 0, value: '' });
    expect(paramSet(p, null).err).toBe(-E.EINVAL);
  });

  it('numbers need a value and store their decimal form', () => {
    expect(paramSet(param('irq', 'int'), null).err).toBe(-E.EINVAL);
    expect(paramSet(param('irq', 'int'), '0x10').value).toBe('16');
    expect(paramSet(param('b', 'byte'), '0377').value).toBe('255');
  });

  it('arrays: comma-separated, at most `array` elements, each parsed by the element type', () => {
    const paths = param('paths', 'charp', { array: 4 });
    expect(paramSetArray(paths, '/a,/b')).toMatchObject({ err: 0, elements: ['/a', '/b'] });
    expect(paramSetArray(paths, '/a,/b,/c,/d,/e')).toEqual({ err: -E.EINVAL, messages: ['paths: can only take 4 arguments'] });
    expect(paramSetArray(paths, 'a,,b')).toMatchObject({ err: 0, elements: ['a', '', 'b'] });
    const nums = param('nums', 'int', { array: 3 });
    expect(paramSetArray(nums, '1,abc').err).toBe(-E.EINVAL);
    expect(paramSetArray(nums, '1,,2').err).toBe(-E.EINVAL);
    expect(paramSetArray(nums, '1,99999999999').err).toBe(-E.ERANGE);
    expect(paramSetArray(nums, null).err).toBe(-E.EINVAL);
    expect(paramSetArray(nums, '1,2,3\n')).toMatchObject({ err: 0, elements: ['1', '2', '3'] });
  });
});

describe('param_get_* and defaults', () => {
  it('prints values with a newline, arrays joined by commas, a NULL charp as (null)', () => {
    expect(paramGet(param('irq', 'int'), '5')).toBe('5\n');
    expect(paramGet(param('a', 'int', { array: 4 }), ['1', '2', '3'])).toBe('1,2,3\n');
    expect(paramGet(param('name', 'charp'), '(null)')).toBe('(null)\n');
    expect(paramGet(param('d', 'bool'), 'Y')).toBe('Y\n');
  });

  it('starts from the manifest defaults', () => {
    expect(defaultValue(param('name', 'charp'))).toBe('(null)');
    expect(defaultValue(param('name', 'charp', { default: 'world' }))).toBe('world');
    expect(defaultValue(param('irq', 'int'))).toBe('0');
    expect(defaultValue(param('irq', 'int', { default: 7 }))).toBe('7');
    expect(defaultValue(param('d', 'bool', { default: true }))).toBe('Y');
    expect(defaultValue(param('d', 'bool'))).toBe('N');
    expect(defaultValue(param('a', 'int', { array: 4, default: [1, 2] }))).toEqual(['1', '2']);
    expect(defaultValue(param('a', 'int', { array: 4 }))).toEqual([]);
  });
});

describe('next_arg', () => {
  it('splits on whitespace, keeps quoted spaces, drops the quotes', () => {
    expect(nextArgs('a=1 b="x y"  "c=d e"\tflag\n')).toEqual([
      { param: 'a', val: '1' },
      { param: 'b', val: 'x y' },
      { param: 'c', val: 'd e' },
      { param: 'flag', val: null },
    ]);
  });

  it('keeps everything after the first = in the value', () => {
    expect(nextArgs('opt=a=b p=')).toEqual([{ param: 'opt', val: 'a=b' }, { param: 'p', val: '' }]);
  });

  it('gives nothing for an empty or blank string', () => {
    expect(nextArgs('')).toEqual([]);
    expect(nextArgs('   ')).toEqual([]);
  });

  it('treats - and _ alike in names', () => {
    expect(parameq('max-count', 'max_count')).toBe(true);
    expect(parameq('max_count', 'max-count')).toBe(true);
    expect(parameq('maxcount', 'max_count')).toBe(false);
  });
});

describe('parameters through init_module', () => {
  const mod = image({
    name: 'hello',
    params: [
      param('debug', 'bool'), param('quiet', 'invbool'), param('whom', 'charp', { default: 'world' }),
      param('max_count', 'int'), param('paths', 'charp', { array: 4 }),
    ],
  });

  it('sets each kind of parameter', () => {
    const s = insmod(boot(), mod, 'debug quiet=1 whom="Jane Doe" max-count=0x10 paths=/a,/b');
    expect(ret(s)).toBe(0);
    expect(modsOf(s).hello?.params).toEqual({ debug: 'Y', quiet: 'N', whom: 'Jane Doe', max_count: '16', paths: ['/a', '/b'] });
  });

  it('keeps the defaults when no argument is given', () => {
    const s = insmod(boot(), mod, '');
    expect(modsOf(s).hello?.params).toEqual({ debug: 'N', quiet: 'N', whom: 'world', max_count: '0', paths: [] });
  });

  it('ENOSPC with "too large" for a charp over 1024 characters', () => {
    const s0 = boot();
    const long = 'x'.repeat(1025);
    const s = insmod(s0, mod, `whom=${long}`);
    expect(ret(s)).toBe(-E.ENOSPC);
    // The message is longer than a log record may be (PRINTKRB_RECORD_MAX): it is cut at 992 bytes.
    expect(newLines(s0, s).slice(-2)).toEqual(['whom: string parameter too long', `hello: \`${long}' too large for parameter \`whom'`.slice(0, 992)]);
  });

  it('EINVAL for a bare invbool or a number without a value', () => {
    const s0 = boot();
    const s = insmod(s0, mod, 'quiet');
    expect(ret(s)).toBe(-E.EINVAL);
    expect(newLines(s0, s).at(-1)).toBe("hello: `' invalid for parameter `quiet'");
    const t = insmod(s0, mod, 'max_count');
    expect(newLines(s0, t).at(-1)).toBe("hello: `' invalid for parameter `max_count'");
  });

  it('EINVAL for a bad bool', () => {
    const s0 = boot();
    const s = insmod(s0, mod, 'debug=maybe');
    expect(ret(s)).toBe(-E.EINVAL);
    expect(newLines(s0, s).at(-1)).toBe("hello: `maybe' invalid for parameter `debug'");
  });

  it('the last of several settings of one parameter wins', () => {
    const s = insmod(boot(), mod, 'max_count=1 max_count=2');
    expect(modsOf(s).hello?.params.max_count).toBe('2');
  });
});
