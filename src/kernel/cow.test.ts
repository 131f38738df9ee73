import { describe, expect, it } from 'vitest';
import { deepFreeze, freezeChanged, inAction, own, ownOr } from './cow';
import { reduce } from './reducer';
import { getMod } from './shards';
import { boot, bytes, image } from './testing';

describe('copy-on-write', () => {
  it('own() copies a frozen child once, into its parent, and leaves the original alone', () => {
    const before = deepFreeze({ a: { n: 1 }, list: [1, 2], leaf: Object.assign(Object.create(null), { x: 1 }) as Record<string, number> });
    const next = { ...before };
    const a = own(next, 'a');
    a.n = 2;
    expect(own(next, 'a')).toBe(a);
    own(next, 'list').push(3);
    const leaf = own(next, 'leaf');
    leaf.y = 2;
    expect(Object.getPrototypeOf(leaf)).toBeNull();
    expect(before).toEqual({ a: { n: 1 }, list: [1, 2], leaf: expect.objectContaining({ x: 1 }) });
    expect(next.a.n).toBe(2);
    expect(next.list).toEqual([1, 2, 3]);
    expect(Object.keys(next.leaf)).toEqual(['x', 'y']);
  });

  it('ownOr() makes what is missing and owns what is there', () => {
    const next: Record<string, number[] | undefined> = { a: Object.freeze([1]) as number[] };
    ownOr(next, 'a', () => []).push(2);
    ownOr(next, 'b', () => []).push(1);
    expect(next).toEqual({ a: [1, 2], b: [1] });
  });

  it('a write that forgot own() throws instead of changing an earlier state', () => {
    const before = deepFreeze({ a: { n: 1 } });
    const next = { ...before };
    expect(() => { next.a.n = 2; }).toThrow(TypeError);
    expect(before.a.n).toBe(1);
  });

  it('deepFreeze() freezes children first and stops at what is frozen; freezeChanged() only what changed', () => {
    const shared = { deep: { n: 1 } };
    const value = deepFreeze({ shared, fresh: [{ n: 2 }] });
    expect(Object.isFrozen(value.shared.deep) && Object.isFrozen(value.fresh[0])).toBe(true);
    const next = { ...value, fresh: [{ n: 3 }], extra: { n: 4 } };
    freezeChanged(next, value);
    expect(Object.isFrozen(next) && Object.isFrozen(next.fresh[0]) && Object.isFrozen(next.extra)).toBe(true);
  });

  it('inAction() freezes every copy own() made and every new object, and shares the rest', () => {
    type Tree = { a: { b: { n: number; list: number[] }; same: { n: number } }; other: { n: number } };
    const prev = deepFreeze<Tree>({ a: { b: { n: 1, list: [1] }, same: { n: 2 } }, other: { n: 3 } });
    const next = inAction({ ...prev }, prev, (s) => {
      const b = own(own(s, 'a'), 'b');
      b.n = 5;
      own(b, 'list').push(2);
      s.other = { n: 4 };
    });
    expect(next).toEqual({ a: { b: { n: 5, list: [1, 2] }, same: { n: 2 } }, other: { n: 4 } });
    expect(prev).toEqual({ a: { b: { n: 1, list: [1] }, same: { n: 2 } }, other: { n: 3 } });
    expect(next.a.same).toBe(prev.a.same);
    for (const x of [next, next.a, next.a.b, next.a.b.list, next.other]) expect(Object.isFrozen(x)).toBe(true);
  });

  it('an action copies only the path it changes: the rest is shared with the state before', () => {
    const before = reduce(reduce(boot(), { type: 'init_module', bytes: bytes(image({ name: 'lib', exports: [{ symbol: 'lib_fn', gpl: false }] })), args: '' }), { type: 'run' });
    const after = reduce(reduce(before, { type: 'init_module', bytes: bytes(image({ name: 'user', imports: ['lib_fn'] })), args: '' }), { type: 'run' });
    expect(after.fs).toBe(before.fs);
    expect(after.vmlinux).toBe(before.vmlinux);
    expect(getMod(after, 'lib')).not.toBe(getMod(before, 'lib'));
    expect(getMod(before, 'lib')!.usedBy).toEqual([]);
    expect(getMod(after, 'lib')!.usedBy).toEqual(['user']);
    expect(getMod(after, 'lib')!.image).toBe(getMod(before, 'lib')!.image);
  });
});
