// Every lesson in three languages, every file it names, and a walk-through of each one by a
// headless learner: each checkpoint is false before its step is done and true after.
import { describe, expect, it } from 'vitest';
import { VERMAGIC } from '../kernel/state';
import { buildKo } from '../manifest';
import { TEMPLATES } from '../store/templates';
import { LESSONS } from './index';
import { LANGS, type Text } from './types';
import { Learner } from './testing';
import { WALKS } from './walks.testdata';

function texts(): Array<{ where: string; text: Text }> {
  const all: Array<{ where: string; text: Text }> = [];
  for (const lesson of LESSONS) {
    all.push({ where: `${lesson.id} title`, text: lesson.title }, { where: `${lesson.id} summary`, text: lesson.summary });
    lesson.steps.forEach((step, i) => {
      all.push({ where: `${lesson.id} step ${i + 1}`, text: step.text });
      if (step.checkpoint) {
        all.push({ where: `${step.checkpoint.id} goal`, text: step.checkpoint.goal }, { where: `${step.checkpoint.id} hint`, text: step.checkpoint.hint });
      }
    });
  }
  return all;
}

/** Text that reads the same in every language: code, commands, names. */
function codeLike(s: string): boolean {
  return /^`[^`]*`\.?$/.test(s.trim()) || !/[a-z]{4,} [a-z]{2,}/i.test(s.replace(/`[^`]*`/g, ''));
}

describe('lessons: content', () => {
  it('covers the topics in order, 3 to 7 steps each, at least one checkpoint each', () => {
    expect(LESSONS.length).toBeGreaterThan(0);
    for (const lesson of LESSONS) {
      expect(lesson.steps.length, lesson.id).toBeGreaterThanOrEqual(3);
      expect(lesson.steps.length, lesson.id).toBeLessThanOrEqual(7);
      expect(lesson.steps.some((s) => s.checkpoint), lesson.id).toBe(true);
    }
    const ids = LESSONS.flatMap((l) => l.steps.flatMap((s) => (s.checkpoint ? [s.checkpoint.id] : [])));
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
  });

  it('has every text in English, Spanish and Polish, each one translated', () => {
    for (const { where, text } of texts()) {
      for (const lang of LANGS) expect(text[lang]?.trim(), `${where} [${lang}]`).toBeTruthy();
      if (codeLike(text.en)) continue;
      expect(text.es, `${where}: es equals en`).not.toBe(text.en);
      expect(text.pl, `${where}: pl equals en`).not.toBe(text.en);
      expect(text.pl, `${where}: pl equals es`).not.toBe(text.es);
    }
  });

  it('keeps code and commands the same in every language', () => {
    for (const { where, text } of texts()) {
      // Placeholders in capitals (NAME, MODULE) may be translated; the rest of the code may not.
      const code = (s: string) => (s.match(/`[^`]*`/g) ?? []).map((c) => c.replace(/\p{Lu}[\p{Lu}_]{2,}/gu, 'X')).sort();
      expect(code(text.es), `${where} [es]`).toEqual(code(text.en));
      expect(code(text.pl), `${where} [pl]`).toEqual(code(text.en));
    }
  });

  it('names only templates that exist, and inline files that do not shadow one', () => {
    const names = new Set(TEMPLATES.map((t) => t.name));
    for (const lesson of LESSONS) {
      for (const step of lesson.steps) {
        for (const file of step.files ?? []) expect(names.has(file), `${lesson.id}: ${file}`).toBe(true);
        for (const file of step.inlineFiles ?? []) {
          expect(names.has(file.name), `${lesson.id}: inline ${file.name} shadows a template`).toBe(false);
          expect(file.text.trim()).not.toBe('');
        }
      }
    }
  });
});

describe('lessons: inline manifests', () => {
  it('build without errors', () => {
    for (const lesson of LESSONS) {
      for (const step of lesson.steps) {
        for (const file of step.inlineFiles ?? []) {
          const result = buildKo(file.text, { fileName: `/root/${file.name}`, vermagic: VERMAGIC });
          expect(result.diagnostics.filter((d) => d.severity === 'error'), `${lesson.id}: ${file.name}`).toEqual([]);
          expect(result.image?.name, file.name).toBe(file.name.replace(/\.yaml$/, ''));
        }
      }
    }
  });
});

describe('lessons: walk-throughs', () => {
  for (const lesson of LESSONS) {
    it(`${lesson.id}: each checkpoint goes from false to true`, () => {
      const walk = WALKS[lesson.id];
      expect(walk, `no walk-through for ${lesson.id}`).toBeDefined();
      expect(walk!.length).toBe(lesson.steps.length);
      const fresh = new Learner();
      for (const step of lesson.steps) {
        if (step.checkpoint) expect(step.checkpoint.check(fresh.ctx()), `${step.checkpoint.id} on a fresh kernel`).toBe(false);
      }
      const learner = new Learner();
      lesson.steps.forEach((step, i) => {
        learner.openStep(step);
        if (step.checkpoint) expect(step.checkpoint.check(learner.ctx()), `${step.checkpoint.id} before step ${i + 1}`).toBe(false);
        // Checked after every action, as the lesson UI does, and recorded the first time it holds.
        learner.watch(step.checkpoint ?? null);
        walk![i]!(learner);
        if (step.checkpoint) expect(learner.reached, `${step.checkpoint.id} during step ${i + 1}\n${learner.output.slice(-2000)}`).toBe(true);
        // Every command the step shows was typed in the walk-through, so each one is known to work.
        for (const line of step.try ?? []) expect(learner.history, `${lesson.id} step ${i + 1} never typed: ${line}`).toContain(line);
      });
      expect(learner.output, 'a command the lesson gives does not exist').not.toMatch(/command not found/);
      // LESSON_DUMP=<id> prints the whole terminal of a walk-through, to read it as a learner would.
      if (process.env.LESSON_DUMP === lesson.id) console.log(learner.output);
    });
  }
});

describe('lessons: the whole course in one kernel', () => {
  it('reaches every checkpoint when the lessons are taken one after another', () => {
    const learner = new Learner();
    const missed: string[] = [];
    const all = LESSONS.flatMap((l) => l.steps.flatMap((st) => (st.checkpoint ? [st.checkpoint] : [])));
    for (const lesson of LESSONS) {
      lesson.steps.forEach((step, i) => {
        learner.openStep(step);
        learner.watch(step.checkpoint ?? null);
        try {
          WALKS[lesson.id]![i]!(learner);
        } catch (e) {
          missed.push(`${lesson.id} step ${i + 1}: ${(e as Error).message.split('\n')[0]}`);
          return;
        }
        if (step.checkpoint && !learner.reached) missed.push(step.checkpoint.id);
        // Whatever the kernel looks like, no checkpoint throws.
        const ctx = learner.ctx();
        for (const cp of all) expect(() => cp.check(ctx), `${cp.id} after ${lesson.id} step ${i + 1}`).not.toThrow();
      });
    }
    if (process.env.LESSON_DUMP === 'course') console.log(learner.output);
    expect(missed).toEqual([]);
  });
});
