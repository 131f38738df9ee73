// Issue 4's walk-through, as a person in a class would do it: load hello step by step, unload it
// and step back across the unload; an exporter and its user; a device held open on CPU 2; a
// broken manifest. Screenshots of each go to reports/screenshots/playground-*.png.
import { expect, pickTemplate, region, shot, stepToEnd, terminalText, test, typeCommand, typeLines } from './fixtures';

test('hello: Load, Step through init_module, read the log, Unload, step back to LIVE', async ({ guarded: page }) => {
  await page.goto('/');
  const steps = region(page, 'Steps');
  const modules = region(page, 'Modules');
  await pickTemplate(page, 'hello.yaml');
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(steps).toContainText('init_module(');
  const step = page.getByRole('button', { name: 'Step', exact: true });
  const current = steps.locator('[aria-current="step"]');

  // Each Step moves the current step on, and Steps says what it changed.
  await expect(current).toContainText('may_init_module()');
  await step.click();
  await expect(current).toContainText('copy_module_from_user()');
  await expect(steps.getByRole('listitem').filter({ hasText: 'may_init_module()' })).toContainText('✓');
  let guard = 0;
  while (!(await current.textContent())?.includes('simplify_symbols') && guard++ < 20) await step.click();
  await expect(current).toContainText('simplify_symbols()');
  await expect(modules.getByRole('row', { name: /hello/ })).toContainText('UNFORMED');
  await shot(page, 'playground-hello-simplify');
  await step.click(); // simplify_symbols runs
  await step.click(); // complete_formation: UNFORMED → COMING
  await expect(steps.getByRole('region', { name: 'What changed' })).toContainText('hello: UNFORMED → COMING');
  await expect(modules.getByRole('row', { name: /hello/ })).toContainText('COMING');
  await stepToEnd(page);
  await expect(steps).toContainText('returned 0');
  await expect(modules.getByRole('row', { name: /hello/ })).toContainText('LIVE');
  await expect(region(page, 'Kernel log')).toContainText('Hello, world');
  await shot(page, 'playground-hello-live');

  // Unload it, then step back across the unload: LIVE again.
  await page.getByRole('button', { name: 'Unload', exact: true }).click();
  await expect(steps).toContainText('delete_module(hello)');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(region(page, 'Kernel log')).toContainText('Goodbye, cruel world');
  await expect(modules.getByRole('row', { name: /hello/ })).toHaveCount(0);
  const back = page.getByRole('button', { name: 'Step back', exact: true });
  guard = 0;
  while ((await modules.getByRole('row', { name: /hello/ }).count()) === 0 && guard++ < 30) await back.click();
  // free_module() first marks it UNFORMED (Linux 6.1), and before that it was GOING.
  await expect(modules.getByRole('row', { name: /hello/ })).toContainText('UNFORMED');
  while (!(await modules.getByRole('row', { name: /hello/ }).textContent())?.includes('GOING') && guard++ < 60) await back.click();
  await expect(modules.getByRole('row', { name: /hello/ })).toContainText('GOING');
  await shot(page, 'playground-hello-going');
  while (!(await modules.getByRole('row', { name: /hello/ }).textContent())?.includes('LIVE') && guard++ < 60) await back.click();
  await expect(modules.getByRole('row', { name: /hello/ })).toContainText('LIVE');
  await expect(steps).toContainText('delete_module(hello)');
  // The keyboard steps too (not while typing): → forward, ← back.
  const slider = page.getByRole('slider', { name: 'Timeline' });
  const at = Number(await slider.inputValue());
  await page.locator('body').click({ position: { x: 5, y: 890 } });
  await page.keyboard.press('ArrowRight');
  await expect(slider).toHaveValue(String(at + 1));
  await page.keyboard.press('ArrowLeft');
  await expect(slider).toHaveValue(String(at));
  await shot(page, 'playground-hello-stepped-back');
});

test('an exporter and its user: rmmod refuses with the real words, the graph shows why', async ({ guarded: page }) => {
  await page.goto('/');
  for (const file of ['exporter.yaml', 'user.yaml']) {
    await pickTemplate(page, file);
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(region(page, 'Steps')).toContainText('returned 0');
  }
  await expect(region(page, 'Modules').getByRole('row', { name: /exporter/ })).toContainText('user');
  await typeCommand(page, 'rmmod exporter');
  await expect.poll(() => terminalText(page)).toContain('rmmod: ERROR: Module exporter is in use by: user');
  await region(page, 'Modules').getByRole('row', { name: /exporter/ }).click();
  const graph = region(page, 'Dependency graph');
  await expect(graph).toContainText('moja_funkcja');
  await expect(graph).toContainText('used by: user');
  await shot(page, 'playground-exporter-in-use');
});

test('a reference taken on CPU 2 shows in its bar, and rmmod refuses', async ({ guarded: page }) => {
  await page.goto('/');
  await pickTemplate(page, 'chardev.yaml');
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const refs = region(page, 'Reference counts');
  await refs.getByRole('combobox', { name: 'CPU for chardev' }).selectOption('2');
  await refs.getByRole('button', { name: 'Open /dev/chardev' }).click();
  await expect(refs.getByRole('meter', { name: 'chardev CPU 2' })).toHaveAttribute('aria-valuenow', '1');
  await expect(refs.getByRole('meter', { name: 'chardev CPU 0' })).toHaveAttribute('aria-valuenow', '0');
  await expect(refs).toContainText('has /dev/chardev open');
  await typeCommand(page, 'rmmod chardev');
  await expect.poll(() => terminalText(page)).toContain('rmmod: ERROR: Module chardev is in use');
  await shot(page, 'playground-chardev-cpu2');
  // Closing on CPU 0 leaves +1 on CPU 2 and -1 on CPU 0: the sum is 0 and rmmod works.
  await refs.getByRole('combobox', { name: 'CPU for chardev' }).selectOption('0');
  await refs.getByRole('button', { name: /^Close on CPU 0/ }).click();
  await expect(refs.getByRole('meter', { name: 'chardev CPU 0' })).toHaveAttribute('aria-valuenow', '-1');
  await expect(region(page, 'Modules').getByRole('row', { name: /chardev/ })).toContainText('LIVE');
  await typeCommand(page, 'rmmod chardev');
  await expect(region(page, 'Modules').getByRole('row', { name: /chardev/ })).toHaveCount(0);
});

test('a broken manifest gets a marker at its line; everything else keeps working', async ({ guarded: page }) => {
  await page.goto('/');
  const editor = region(page, 'Editor');
  await editor.locator('.monaco-editor').click();
  await page.keyboard.press('Control+A');
  // Line by line, closing the completion list before each Enter (as a person would).
  await typeLines(page, ['name: broken', 'license: GPL', 'description: demo', 'bogus_field: 1']);
  await expect(editor.locator('.squiggly-error').first()).toBeVisible();
  await expect(editor).toContainText('hello.yaml:4:1:');
  await shot(page, 'playground-broken-manifest');
  await typeCommand(page, 'uname -r');
  await expect.poll(() => terminalText(page)).toContain('6.1.0-56-amd64');
  await expect(page.getByRole('button', { name: 'Reset' })).toBeEnabled();
});
