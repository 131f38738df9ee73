import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reduce } from './reducer';
import { bootState } from './state';
import { bytes } from './testing';
import { CHECKPOINT, Timeline } from './timeline';
import type { Action, KernelState } from './types';

const replay = (initial: KernelState, actions: Action[]) => actions.reduce(reduce, initial);

const action = fc.oneof(
  fc.integer({ min: 0, max: 3 }).map((cpu): Action => ({ type: 'set_cpu', cpu })),
  fc.integer({ min: 1, max: 999 }).map((usec): Action => ({ type: 'clock', usec })),
  fc.constantFrom<Action>(
    { type: 'init_module', bytes: bytes({ name: 'hello' }), args: '' },
    { type: 'delete_module', name: 'hello' },
    { type: 'step' }, { type: 'run' },
    { type: 'write_file', path: '/tmp/x', data: 'y\n', append: true },
  ),
);

describe('Timeline', () => {
  it('shows the replayed state at any cursor, forward and back, and drops the future on a new action', () => {
    fc.assert(fc.property(fc.array(action, { maxLength: 3 * CHECKPOINT }), fc.array(fc.nat(), { maxLength: 6 }), action, (actions, seeks, next) => {
      const t = new Timeline(bootState());
      for (const a of actions) t.apply(a);
      for (const raw of seeks) {
        const index = raw % (actions.length + 1);
        expect(t.seek(index)).toEqual(replay(t.initial, actions.slice(0, index)));
        expect(t.cursor).toBe(index);
        expect(t.stateAt(actions.length)).toEqual(replay(t.initial, actions));
      }
      const cut = t.cursor;
      t.apply(next);
      expect(t.length).toBe(cut + 1);
      const kept = [...actions.slice(0, cut), next];
      expect(t.state).toEqual(replay(t.initial, kept));
      for (const raw of seeks) {
        const index = raw % (kept.length + 1);
        expect(t.stateAt(index)).toEqual(replay(t.initial, kept.slice(0, index)));
      }
      expect(t.seek(0)).toBe(t.initial);
    }), { numRuns: 60 });
  });

  it('clamps a seek to the log', () => {
    const t = new Timeline(bootState());
    t.apply({ type: 'clock', usec: 5 });
    expect(t.seek(-3)).toBe(t.initial);
    t.seek(99);
    expect(t.cursor).toBe(1);
  });

  it('remembers the last syscall across other actions, at any cursor', () => {
    const t = new Timeline(bootState());
    t.apply({ type: 'init_module', bytes: bytes({ name: 'hello' }), args: '' });
    t.apply({ type: 'run' });
    const ret = t.state.ret;
    t.apply({ type: 'write_file', path: '/tmp/x', data: '' });
    expect(t.state.ret?.kind).toBe('fs');
    expect(t.lastSyscall()).toBe(ret);
    expect(t.lastSyscall(1)).toBeNull();
    t.seek(1);
    expect(t.lastSyscall()).toBeNull();
  });
});
