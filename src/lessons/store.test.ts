// The checkpoints that watch a syscall in flight, driven through the real store as the buttons
// drive it (Load, Step, Unload), with the context a lesson panel would build from the store.
import { beforeEach, describe, expect, it } from 'vitest';
import { usePlayground } from '../store/playground';
import { TEMPLATES } from '../store/templates';
import { LESSONS } from './index';
import type { Checkpoint, LessonContext } from './types';

const store = () => usePlayground.getState();
const ctx = (): LessonContext => ({ kernel: store().kernel, history: store().history, output: store().output.map((c) => c.text).join('') });
const checkpoint = (id: string): Checkpoint =>
  LESSONS.flatMap((l) => l.steps.flatMap((s) => (s.checkpoint ? [s.checkpoint] : []))).find((c) => c.id === id)!;
const template = (name: string) => TEMPLATES.find((t) => t.name === name)!;

/** Presses Step until the checkpoint holds; returns how many presses it took. */
function stepUntil(cp: Checkpoint, limit = 100): number {
  for (let n = 0; n < limit; n++) {
    if (cp.check(ctx())) return n;
    store().step();
  }
  throw new Error(`${cp.id} never held`);
}

beforeEach(() => {
  store().reset();
});

describe('checkpoints through the store', () => {
  it('loading: Load, then Step to step 6, then to COMING, then EEXIST', () => {
    usePlayground.setState({ files: [template('hello.yaml')], activeFile: 'hello.yaml', loadArgs: '' });
    expect(checkpoint('loading/ref-one').check(ctx())).toBe(false);
    store().load();
    expect(stepUntil(checkpoint('loading/ref-one'))).toBeGreaterThan(0);
    expect(stepUntil(checkpoint('loading/coming'))).toBeGreaterThan(0);
    store().run();
    store().load();
    store().run();
    expect(checkpoint('loading/eexist').check(ctx())).toBe(true);
  });

  it('unloading: Unload and Step to stop_machine', () => {
    usePlayground.setState({ files: [template('chardev.yaml')], activeFile: 'chardev.yaml', loadArgs: '' });
    store().load();
    store().run();
    store().unload('chardev');
    expect(stepUntil(checkpoint('unloading/stopped'))).toBeGreaterThan(0);
    store().run();
    expect(checkpoint('unloading/done').check(ctx())).toBe(true);
  });

  it('errors: Load unwind and Step to goto err_c', () => {
    usePlayground.setState({ files: [template('unwind.yaml')], activeFile: 'unwind.yaml', loadArgs: '' });
    store().load();
    expect(stepUntil(checkpoint('errors/goto'))).toBeGreaterThan(0);
    store().run();
    expect(checkpoint('errors/enomem').check(ctx())).toBe(true);
  });
});
