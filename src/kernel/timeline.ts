// Time travel: the initial state, the log of every action applied since, and a cursor. The state
// at any index is the initial state with the first `index` actions reduced onto it; a snapshot
// every CHECKPOINT actions (cheap: states share structure, see cow.ts) bounds a seek to CHECKPOINT - 1
// reductions, so jumping anywhere in 100,000 actions stays instant. Applying an action while the
// cursor is in the past drops the actions after it, as an editor's undo history does.
import { reduce } from './reducer';
import { getMod } from './shards';
import type { Action, KernelState } from './types';

export const CHECKPOINT = 64;

/** What the timeline's markers show for an action: it returned an error, or a module changed
 * state (appeared, COMING→LIVE, GOING, freed). */
export type Mark = 'error' | 'change' | null;

export function markOf(before: KernelState, after: KernelState): Mark {
  if (after.rejected) return 'error';
  if (after.ret !== before.ret && after.ret && after.ret.value < 0 && after.ret.kind !== 'fs') return 'error';
  if (after.modules !== before.modules) return 'change';
  const c = after.inflight[after.inflight.length - 1] ?? before.inflight[before.inflight.length - 1];
  return c && moduleStateIn(before, c.id) !== moduleStateIn(after, c.id) ? 'change' : null;
}

/** The state of the module that syscall `id` works on, in `s`. */
function moduleStateIn(s: KernelState, id: number): string | undefined {
  const c = s.inflight.find((x) => x.id === id);
  if (!c) return s.ret?.id === id && s.ret.name ? getMod(s, s.ret.name)?.state : undefined;
  if (c.staged) return c.staged.state;
  return c.name !== null ? getMod(s, c.name)?.state : undefined;
}

export class Timeline {
  readonly actions: Action[] = [];
  /** marks[i]: what action i did, for the timeline's markers. */
  readonly marks: Mark[] = [];
  /** calls[i]: the result of the last syscall that returned by action i (other actions, such as
   * a file write, replace the kernel's `ret`; the Steps panel still shows the syscall). */
  private readonly calls: Array<KernelState['ret']> = [];
  /** checkpoints[k] is the state after k * CHECKPOINT actions. */
  private readonly checkpoints: KernelState[];
  /** Every state of the few segments (CHECKPOINT actions each) visited last: segments.get(k)[i]
   * is the state after k * CHECKPOINT + i actions, so Step back and Step within a segment, and
   * the "previous state" the panels compare with, cost no reduction. */
  private readonly segments = new Map<number, KernelState[]>();
  private current: KernelState;
  private position = 0;

  constructor(readonly initial: KernelState) {
    this.checkpoints = [initial];
    this.current = initial;
  }

  /** How many actions are applied in the state shown now. */
  get cursor(): number { return this.position; }
  get length(): number { return this.actions.length; }
  get state(): KernelState { return this.current; }

  apply(action: Action): KernelState {
    if (this.position < this.actions.length) this.truncate();
    this.actions.push(action);
    const before = this.current;
    this.current = reduce(before, action);
    this.marks.push(markOf(before, this.current));
    const ret = this.current.ret;
    this.calls.push(ret && ret !== before.ret && (ret.kind === 'init_module' || ret.kind === 'delete_module') ? ret : this.calls.at(-1) ?? null);
    this.position = this.actions.length;
    if (this.position % CHECKPOINT === 0) this.checkpoints.push(this.current);
    const segment = this.segment(this.position, false);
    if (segment && segment.length === this.position % CHECKPOINT) segment.push(this.current);
    return this.current;
  }

  /** The last syscall that had returned after the first `index` actions (null: none yet). */
  lastSyscall(index = this.position): KernelState['ret'] {
    return index > 0 ? this.calls[Math.min(index, this.calls.length) - 1] ?? null : null;
  }

  /** Shows the state after the first `index` actions (clamped to the log). */
  seek(index: number): KernelState {
    this.current = this.stateAt(index);
    this.position = Math.max(0, Math.min(this.actions.length, Math.trunc(index)));
    return this.current;
  }

  /** The state after the first `index` actions, without moving the cursor. */
  stateAt(index: number): KernelState {
    const target = Math.max(0, Math.min(this.actions.length, Math.trunc(index)));
    if (target === this.position) return this.current;
    const segment = this.segment(target, true)!;
    const base = target - (target % CHECKPOINT);
    while (segment.length <= target - base) {
      const at = base + segment.length - 1;
      segment.push(reduce(segment[segment.length - 1]!, this.actions[at]!));
    }
    return segment[target - base]!;
  }

  /** The cached states of the segment holding state `index` (made from its checkpoint if asked). */
  private segment(index: number, make: boolean): KernelState[] | undefined {
    const k = Math.floor(index / CHECKPOINT);
    let states = this.segments.get(k);
    if (states) {
      this.segments.delete(k);
      this.segments.set(k, states); // most recently used last
    } else if (make) {
      states = [this.checkpoints[k]!];
      this.segments.set(k, states);
      if (this.segments.size > 3) this.segments.delete(this.segments.keys().next().value!);
    }
    return states;
  }

  private truncate(): void {
    this.actions.length = this.position;
    this.marks.length = this.position;
    this.calls.length = this.position;
    this.checkpoints.length = Math.floor(this.position / CHECKPOINT) + 1;
    const k = Math.floor(this.position / CHECKPOINT);
    for (const [key, states] of this.segments) {
      if (key > k) this.segments.delete(key);
      else if (key === k) states.length = Math.min(states.length, (this.position % CHECKPOINT) + 1);
    }
  }
}
