import { describe, expect, it } from 'vitest';
import { reduce } from '../kernel/reducer';
import { boot, bytes, insmod } from '../kernel/testing';
import type { KernelState } from '../kernel/types';
import { predictNext, SUCCEEDS } from './predict';

const stepUntil = (s: KernelState, fn: string): KernelState => {
  for (let i = 0; i < 100; i++) {
    const c = s.inflight.at(-1);
    const ids = c ? ['may_init_module', 'copy_module_from_user', 'check_modinfo', 'layout_and_allocate', 'move_module', 'add_unformed_module', 'module_unload_init', 'simplify_symbols', 'complete_formation'] : [];
    if (!c || ids[c.phase] === fn) return s;
    s = reduce(s, { type: 'step' });
  }
  return s;
};

describe('predictNext', () => {
  it('asks for the state when the step changes it: complete_formation makes the module COMING', () => {
    let s = reduce(boot(), { type: 'init_module', bytes: bytes({ name: 'hello' }), args: '' });
    s = stepUntil(s, 'complete_formation');
    expect(predictNext(s)).toEqual(expect.objectContaining({ kind: 'state', module: 'hello', answer: 'COMING' }));
  });

  it('asks whether a step succeeds, and knows the errno when it fails', () => {
    let s = insmod(boot(), { name: 'hello' });
    s = reduce(s, { type: 'init_module', bytes: bytes({ name: 'hello' }), args: '' });
    const first = predictNext(s)!;
    expect(first).toEqual(expect.objectContaining({ kind: 'result', answer: SUCCEEDS }));
    s = stepUntil(s, 'add_unformed_module');
    expect(predictNext(s)).toEqual(expect.objectContaining({ kind: 'result', answer: 'EEXIST', step: 'add_unformed_module()' }));
  });

  it('has nothing to predict when no syscall runs, and never changes the state it is given', () => {
    const s = boot();
    expect(predictNext(s)).toBeNull();
    const running = reduce(s, { type: 'init_module', bytes: bytes({ name: 'hello' }), args: '' });
    const copy = JSON.stringify(running);
    predictNext(running);
    expect(JSON.stringify(running)).toBe(copy);
  });
});
