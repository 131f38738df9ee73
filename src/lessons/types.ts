// Lessons (PRODUCT.md §7): a guided path per topic of the seeds. Each step is a short text in
// English, Spanish and Polish, the editor files it needs, the commands to type, and optionally a
// checkpoint: a pure function that looks at the simulated kernel (and, only where the effect is
// text, at the terminal) to tell whether the learner did it. No React, no DOM.
import type { Lang } from '../i18n/lang';
import type { KernelState } from '../kernel/types';

export type { Lang };
export const LANGS: readonly Lang[] = ['en', 'es', 'pl'];

/** One string per language. Kernel and tool messages and code stay in English in all three. */
export type Text = Record<Lang, string>;

export interface LessonContext {
  /** The kernel at the timeline's cursor. */
  kernel: KernelState;
  /** Command lines typed in Terminal, oldest first. */
  history: string[];
  /** Everything the terminal showed so far (stdout and stderr). */
  output: string;
}

export interface Checkpoint {
  /** Unique across all lessons, e.g. "hello/loaded". */
  id: string;
  /** What the learner must do. */
  goal: Text;
  hint: Text;
  /** True once the learner did it. Evaluated on the current context: a UI should record a
   * checkpoint as done the first time it returns true (later commands may change the kernel). */
  check(ctx: LessonContext): boolean;
}

/** A manifest a lesson needs that is not among the editor's templates (examples/). */
export interface InlineFile {
  name: string;
  text: string;
}

export interface LessonStep {
  text: Text;
  /** Template file names (src/store/templates.ts) to open in the editor. */
  files?: string[];
  /** Manifests written by the lesson itself, opened in the editor like templates. */
  inlineFiles?: InlineFile[];
  /** Commands to type, shown as code, the same in every language. */
  try?: string[];
  checkpoint?: Checkpoint;
}

export interface Lesson {
  id: string;
  title: Text;
  summary: Text;
  steps: LessonStep[];
}
