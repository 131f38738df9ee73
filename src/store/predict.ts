// Predict-then-reveal (PRODUCT.md §7): before the Step button runs a step, the learner may say
// what will happen; the answer is the reducer's own (the kernel is pure, so the next state can be
// computed without committing it). One question per step: when the step changes a module's
// state, "what state will NAME be in?"; otherwise "will this step succeed, and if not with which
// error?".
import { errnoName } from '../kernel/errno';
import { reduce } from '../kernel/reducer';
import { getMod } from '../kernel/shards';
import { moduleOf } from '../kernel/syscall';
import type { KernelState } from '../kernel/types';

export type Prediction =
  | { kind: 'state'; module: string; step: string; options: string[]; answer: string }
  | { kind: 'result'; step: string; options: string[]; answer: string };

/** "gone": freed and off the modules list. */
export const GONE = 'gone';
const STATES = ['UNFORMED', 'COMING', 'LIVE', 'GOING', GONE];
const COMMON_ERRORS = ['EPERM', 'ENOENT', 'EEXIST', 'EBUSY', 'EAGAIN', 'ENOMEM', 'EINVAL', 'ENOEXEC'];
export const SUCCEEDS = 'succeeds';

/** The question for the next Step, or null when there is nothing to predict. */
export function predictNext(s: KernelState): Prediction | null {
  const c = s.inflight[s.inflight.length - 1];
  if (!c || c.blocked || s.umh) return null;
  const next = reduce(s, { type: 'step' });
  const name = moduleOf(s, c)?.name ?? c.name;
  const stateIn = (k: KernelState) => {
    if (!name) return undefined;
    const staged = k.inflight.find((x) => x.id === c.id)?.staged;
    return staged?.name === name ? staged.state : getMod(k, name)?.state ?? GONE;
  };
  const before = stateIn(s);
  const after = stateIn(next);
  const entry = next.inflight.find((x) => x.id === c.id)?.trace.at(-1) ?? (next.ret?.id === c.id ? next.ret.trace?.at(-1) : undefined);
  if (name && before !== undefined && after !== undefined && before !== after) {
    return { kind: 'state', module: name, step: entry?.fn ?? '', options: STATES, answer: after };
  }
  const failed = entry?.status === 'failed';
  const errno = failed ? (next.inflight.find((x) => x.id === c.id)?.err ?? next.ret?.value ?? 0) : 0;
  const answer = failed ? errnoName(errno) ?? SUCCEEDS : SUCCEEDS;
  const options = [SUCCEEDS, ...COMMON_ERRORS];
  if (!options.includes(answer)) options.push(answer);
  return { kind: 'result', step: entry?.fn ?? '', options, answer };
}
