// Issue 5 as a class would use it: projector mode at 200 %, a whole lesson through its
// checkpoints, a shared link in a fresh browser, bad links, reload keeping what was typed, the
// three languages, and the app working offline after the first visit.
import { en } from '../src/i18n/en';
import { es } from '../src/i18n/es';
import { pl } from '../src/i18n/pl';
import { LESSONS } from '../src/lessons';
import { editorNewLine, expect, region, shot, terminalText, test, typeCommand, typeLines } from './fixtures';

test('projector mode at 200 %: big type, chrome hidden, one panel presented', async ({ guarded: page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Projector mode' }).click();
  await page.getByRole('slider', { name: 'Font size' }).fill('200');
  await expect.poll(() => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--scale').trim())).toBe('2');
  await expect(page.getByRole('button', { name: 'Share' })).toBeHidden();
  await page.getByRole('checkbox', { name: 'High contrast' }).check();
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  for (let i = 0; i < 8; i++) await page.keyboard.press('PageDown'); // a presentation clicker
  await expect(region(page, 'Steps')).toContainText('simplify_symbols');
  await shot(page, 'classroom-projector-200');
  await page.getByRole('combobox', { name: 'Present' }).selectOption('steps');
  await expect(region(page, 'Modules')).toHaveCount(0);
  await expect(region(page, 'Steps')).toBeVisible();
  await shot(page, 'classroom-projector-steps');
});

test('lesson 1 completed through every checkpoint', async ({ guarded: page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Lessons' }).click();
  const lessons = page.getByRole('complementary', { name: 'Lessons' });
  await lessons.getByRole('button', { name: /What a module is/ }).click();
  const checkpoint = lessons.getByRole('status', { name: 'Checkpoint' });
  const next = lessons.getByRole('button', { name: 'Next' });
  // 1: build hello.ko with the Editor's Build button.
  await page.getByRole('button', { name: 'Build', exact: true }).click();
  await expect(checkpoint).toContainText('✓');
  await next.click();
  // 2: insmod and dmesg, typed in the Terminal.
  await typeCommand(page, 'insmod hello.ko');
  await typeCommand(page, 'dmesg');
  await expect(checkpoint).toContainText('✓');
  await next.click();
  // 3: lsmod (the lesson's own "run" button types it).
  await lessons.getByRole('button', { name: 'Run lsmod in Terminal' }).click();
  await expect(checkpoint).toContainText('✓');
  await next.click();
  // 4: remove it.
  await typeCommand(page, 'rmmod hello');
  await expect(checkpoint).toContainText('✓');
  await next.click();
  // 5: greet at KERN_INFO: edit the manifest, Build, load.
  const editor = region(page, 'Editor');
  await editor.locator('.monaco-editor').click();
  await page.keyboard.press('Control+A');
  await typeLines(page, ['name: hello', 'license: Dual BSD/GPL', 'init:', '- printk: { level: KERN_INFO, text: "Hello, world" }']);
  await expect(editor).toContainText('no problems');
  await page.getByRole('button', { name: 'Build', exact: true }).click();
  await typeCommand(page, 'insmod hello.ko');
  await expect(checkpoint).toContainText('✓');
  await shot(page, 'classroom-lesson-done');
  await lessons.getByRole('button', { name: 'All lessons' }).click();
  await expect(lessons.getByRole('button', { name: /What a module is/ })).toContainText('5 of 5 done');
});

test('a shared link opens on the same step with the same panels in a fresh browser', async ({ guarded: page, browser }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  for (let i = 0; i < 9; i++) await page.getByRole('button', { name: 'Step', exact: true }).click();
  const stepsText = (await region(page, 'Steps').textContent()) ?? '';
  const at = await page.getByRole('slider', { name: 'Timeline' }).inputValue();
  await page.getByRole('button', { name: 'Share' }).click();
  const field = page.getByRole('textbox', { name: 'Share link' });
  await expect(field).toHaveValue(/#s=/);
  const link = await field.inputValue();

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  const errors: string[] = [];
  other.on('pageerror', (e) => errors.push(e.message));
  await other.goto(link);
  await expect(other.getByRole('slider', { name: 'Timeline' })).toHaveValue(at);
  await expect(region(other, 'Steps')).toHaveText(stepsText);
  await expect(region(other, 'Modules').getByRole('row', { name: /hello/ })).toContainText('COMING');
  await expect(other.getByRole('status').first()).toContainText('Opened a shared session');
  await shot(other, 'classroom-shared-link');
  expect(errors).toEqual([]);
  await fresh.close();
});

test('a malformed or oversized link says so, and the app works', async ({ guarded: page }) => {
  await page.goto('/#s=this-is-not-a-session');
  await expect(page.getByRole('status').first()).toContainText('This link could not be opened');
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(region(page, 'Kernel log')).toContainText('Hello, world');
  await page.goto('/#s=' + 'A'.repeat(200_000));
  await page.reload();
  await expect(page.getByRole('status').first()).toContainText('too long');
  await shot(page, 'classroom-bad-link');
});

test('reload keeps what was typed: the manifest, the kernel, the terminal history', async ({ guarded: page }) => {
  await page.goto('/');
  const editor = region(page, 'Editor');
  await editor.locator('.monaco-editor').click();
  await page.keyboard.press('Control+End');
  await editorNewLine(page);
  await page.keyboard.type('description: typed before the reload');
  await page.keyboard.press('Escape');
  await typeCommand(page, 'insmod /root/nothere.ko');
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForTimeout(600); // the autosave runs a moment after the last change
  await page.reload();
  await expect(editor.locator('.view-lines')).toContainText('typed before the reload');
  await expect(region(page, 'Modules').getByRole('row', { name: /hello/ })).toContainText('LIVE');
  await region(page, 'Terminal').locator('.xterm').click();
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => terminalText(page)).toContain('insmod /root/nothere.ko');
});

for (const lang of ['es', 'pl'] as const) {
  test(`${lang}: every lesson and the interface render with no English left`, async ({ guarded: page }) => {
    await page.goto('/');
    await page.getByRole('combobox', { name: 'Language' }).selectOption(lang);
    await page.locator('html[lang="' + lang + '"]').waitFor();
    const table = lang === 'es' ? es : pl;
    const english = new Set(Object.entries(en).filter(([k, v]) => v.length > 3 && !/[{]/.test(v) && table[k as keyof typeof en] !== v).map(([, v]) => v));
    const leftovers = async () => page.evaluate((words: string[]) => {
      const found: string[] = [];
      const seen = (text: string | null) => { const t = (text ?? '').trim(); if (words.includes(t)) found.push(t); };
      for (const el of document.querySelectorAll('body *')) {
        for (const node of el.childNodes) if (node.nodeType === 3) seen(node.textContent);
        seen(el.getAttribute('aria-label'));
        seen(el.getAttribute('title'));
      }
      return found;
    }, [...english]);
    await page.locator('.controls button[aria-pressed]').filter({ hasText: /Lecciones|Lekcje/ }).click();
    for (const lesson of LESSONS) {
      await page.getByRole('complementary').getByRole('button', { name: lesson.title[lang] }).click();
      for (let i = 0; i < lesson.steps.length; i++) {
        await expect(page.getByRole('complementary')).toContainText(lesson.steps[i]!.text[lang].split('`')[0]!.slice(0, 40));
        expect(await leftovers(), `${lesson.id} step ${i + 1}`).toEqual([]);
        if (i < lesson.steps.length - 1) await page.getByRole('complementary').locator('.lesson-nav button').last().click();
      }
      await page.getByRole('complementary').locator('.lessons-bar button').first().click();
    }
    await shot(page, `classroom-${lang}`);
  });
}

test('works offline after the first visit', async ({ guarded: page, context }) => {
  await page.goto('/');
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.reload(); // now controlled by the service worker
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await region(page, 'Editor').locator('.monaco-editor').waitFor();
  await region(page, 'Terminal').locator('.xterm').waitFor();
  await context.setOffline(true);
  await page.reload();
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(region(page, 'Kernel log')).toContainText('Hello, world');
  await expect(region(page, 'Editor').locator('.monaco-editor')).toBeVisible();
  await context.setOffline(false);
});
