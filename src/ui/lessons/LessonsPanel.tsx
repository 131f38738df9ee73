// Lessons (PRODUCT.md §7): a guided path per topic of the seeds. The drawer lists the lessons;
// a lesson shows one step at a time (its text, the files to open, the commands to try) and its
// checkpoint, which is checked against the simulated kernel after every change and stays done
// once done. Progress, the open lesson and its step are settings, so they are saved and shared.
import { useEffect, useMemo } from 'react';
import { useLang, useT } from '../../i18n';
import { LESSONS, type Lesson, type LessonContext } from '../../lessons';
import { usePlayground } from '../../store/playground';
import { TEMPLATES } from '../../store/templates';
import './lessons.css';

const DONE_KEY = 'lessons.done';

function doneSet(settings: Record<string, unknown>): Set<string> {
  const raw = settings[DONE_KEY];
  return new Set(typeof raw === 'string' && raw ? raw.split(',') : []);
}

/** `code` spans in lesson text become <code>; everything else stays text. */
function Rich({ text }: { text: string }) {
  const parts = text.split('`');
  return <>{parts.map((p, i) => (i % 2 === 1 ? <code key={i}>{p}</code> : <span key={i}>{p}</span>))}</>;
}

export default function LessonsPanel({ onClose }: { onClose: () => void }) {
  const t = useT();
  const lang = useLang();
  const settings = usePlayground((s) => s.settings);
  const kernel = usePlayground((s) => s.kernel);
  const history = usePlayground((s) => s.history);
  const output = usePlayground((s) => s.output);
  const { setSetting, addFile, execute } = usePlayground.getState();
  const lesson = LESSONS.find((l) => l.id === settings.lesson);
  const stepIndex = typeof settings.lessonStep === 'number' ? Math.max(0, Math.min(settings.lessonStep, (lesson?.steps.length ?? 1) - 1)) : 0;
  const done = useMemo(() => doneSet(settings), [settings]);

  // Check the open lesson's checkpoints after every change; a checkpoint stays done once done.
  useEffect(() => {
    if (!lesson) return;
    const ctx: LessonContext = { kernel, history, output: output.map((c) => c.text).join('') };
    const newly = lesson.steps.map((s) => s.checkpoint).filter((c) => c && !done.has(c.id) && safeCheck(() => c.check(ctx))).map((c) => c!.id);
    if (newly.length) setSetting(DONE_KEY, [...done, ...newly].join(','));
  }, [lesson, kernel, history, output, done, setSetting]);

  const open = (l: Lesson | null, step = 0) => { setSetting('lesson', l?.id ?? ''); setSetting('lessonStep', step); };

  return (
    <aside className="lessons" aria-label={t('lessons.title')}>
      <header className="lessons-bar">
        <h2>{lesson ? lesson.title[lang] : t('lessons.title')}</h2>
        {lesson && <button type="button" onClick={() => open(null)}>{t('lessons.all')}</button>}
        <button type="button" onClick={onClose} aria-label={t('lessons.close')}>×</button>
      </header>
      {!lesson ? (
        <ol className="lessons-list">
          {LESSONS.map((l) => {
            const checkpoints = l.steps.flatMap((s) => (s.checkpoint ? [s.checkpoint.id] : []));
            const count = checkpoints.filter((id) => done.has(id)).length;
            return (
              <li key={l.id}>
                <button type="button" onClick={() => open(l)}>
                  <strong>{l.title[lang]}</strong>
                  <span className="lessons-progress">{t('lessons.progress', { done: count, total: checkpoints.length })}</span>
                  <span className="lessons-summary">{l.summary[lang]}</span>
                </button>
              </li>
            );
          })}
        </ol>
      ) : (
        <LessonStepView lesson={lesson} index={stepIndex} done={done} onStep={(i) => setSetting('lessonStep', i)}
          onOpenFile={(name, text) => addFile(name, text)} onTry={(line) => { usePlayground.getState().remember(line); execute(line); }} />
      )}
    </aside>
  );
}

function safeCheck(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}

function LessonStepView({ lesson, index, done, onStep, onOpenFile, onTry }: {
  lesson: Lesson; index: number; done: Set<string>; onStep: (i: number) => void;
  onOpenFile: (name: string, text: string) => void; onTry: (line: string) => void;
}) {
  const t = useT();
  const lang = useLang();
  const step = lesson.steps[index]!;
  const files = [
    ...(step.files ?? []).map((name) => TEMPLATES.find((f) => f.name === name)).filter((f) => f !== undefined),
    ...(step.inlineFiles ?? []),
  ];
  const cp = step.checkpoint;
  const passed = cp ? done.has(cp.id) : false;
  return (
    <div className="lesson-step">
      <p className="lesson-count">{t('lessons.step', { n: index + 1, total: lesson.steps.length })}</p>
      <p className="lesson-text"><Rich text={step.text[lang]} /></p>
      {files.length > 0 && (
        <div className="lesson-files">
          {files.map((f) => (
            <button key={f.name} type="button" onClick={() => onOpenFile(f.name, f.text)}>{t('lessons.openFile', { file: f.name })}</button>
          ))}
        </div>
      )}
      {step.try && step.try.length > 0 && (
        <div className="lesson-try">
          <p>{t('lessons.try')}</p>
          <ul>
            {step.try.map((line) => (
              <li key={line}>
                <code>{line}</code>{' '}
                <button type="button" className="log-link" onClick={() => onTry(line)} aria-label={t('lessons.run', { line })}>{t('lessons.runShort')}</button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {cp && (
        <div className={`lesson-checkpoint${passed ? ' passed' : ''}`} role="status" aria-label={t('lessons.checkpoint')}>
          <strong>{passed ? '✓ ' : '○ '}{cp.goal[lang]}</strong>
          {!passed && <p className="step-note"><Rich text={cp.hint[lang]} /></p>}
          {passed && <p>{t('lessons.passed')}</p>}
        </div>
      )}
      <div className="lesson-nav">
        <button type="button" disabled={index === 0} onClick={() => onStep(index - 1)}>{t('lessons.previous')}</button>
        <button type="button" disabled={index === lesson.steps.length - 1} onClick={() => onStep(index + 1)}>{t('lessons.next')}</button>
      </div>
    </div>
  );
}
