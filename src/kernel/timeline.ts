// Time travel: the initial state, the log of every action applied since, and a cursor. The state
// at any index is the initial state with the first `index` actions reduced onto it; a snapshot
// every CHECKPOINT actions (cheap: immer states share structure) bounds a seek to CHECKPOINT - 1
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
  /** checkpoints[k] is the state after k * CHECKPOINT actions. */
  private readonly checkpoints: KernelState[];
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
    this.position = this.actions.length;
    if (this.position % CHECKPOINT === 0) this.checkpoints.push(this.current);
    return this.current;
  }

  /** Shows the state after the first `index` actions (clamped to the log). */
  seek(index: number): KernelState {
    const target = Math.max(0, Math.min(this.actions.length, Math.trunc(index)));
    if (target === this.position) return this.current;
    let at = Math.floor(target / CHECKPOINT) * CHECKPOINT;
    let state = this.checkpoints[at / CHECKPOINT]!;
    // Going forward a little from where we are is cheaper than from the checkpoint.
    if (this.position <= target && this.position > at) { state = this.current; at = this.position; }
    for (; at < target; at++) state = reduce(state, this.actions[at]!);
    this.current = state;
    this.position = target;
    return state;
  }

  /** The state after the first `index` actions, without moving the cursor. */
  stateAt(index: number): KernelState {
    const target = Math.max(0, Math.min(this.actions.length, Math.trunc(index)));
    if (target === this.position) return this.current;
    let at = Math.floor(target / CHECKPOINT) * CHECKPOINT;
    let state = this.checkpoints[at / CHECKPOINT]!;
    for (; at < target; at++) state = reduce(state, this.actions[at]!);
    return state;
  }

  private truncate(): void {
    this.actions.length = this.position;
    this.marks.length = this.position;
    this.checkpoints.length = Math.floor(this.position / CHECKPOINT) + 1;
  }
}
