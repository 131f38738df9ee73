// The lessons (PRODUCT.md §7), one per topic of the seeds, in the order a course meets them.
import { DEPMOD } from './topics/depmod';
import { ERRORS } from './topics/errors';
import { HELLO } from './topics/hello';
import { LOADING } from './topics/loading';
import { LOG_BUFFER } from './topics/logbuf';
import { KMOD } from './topics/kmod';
import { MEMORY } from './topics/memory';
import { MODPROBE_CONF } from './topics/modprobeConf';
import { PARAMS } from './topics/params';
import { SYMBOLS } from './topics/symbols';
import { TAINT_LESSON } from './topics/taint';
import { UNLOADING } from './topics/unloading';
import type { Lesson } from './types';

export type { Checkpoint, InlineFile, Lang, Lesson, LessonContext, LessonStep, Text } from './types';
export { LANGS } from './types';

export const LESSONS: Lesson[] = [HELLO, LOADING, UNLOADING, SYMBOLS, DEPMOD, MODPROBE_CONF, PARAMS, ERRORS, MEMORY, KMOD, TAINT_LESSON, LOG_BUFFER];
