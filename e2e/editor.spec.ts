// The Editor panel in a real browser: Monaco from our own origin, templates in tabs, the
// validator's markers at the right line, spaces that survive React Flow, Build / Load / Unload.
import { mkdirSync, readdirSync } from 'node:fs';
import { test, expect, type Locator, type Page } from '@playwright/test';
import { editorNewLine, SHOTS, typeLines, watchPage } from './fixtures';

let problems: string[] = [];

test.beforeEach(async ({ page }) => {
  problems = watchPage(page);
  mkdirSync(SHOTS, { recursive: true });
  await page.goto('/');
  // Monaco is a lazy chunk of about 1 MB gzip: on a busy 2-core machine it can take a while.
  await expect(editorRegion(page).locator('.monaco-editor .view-lines')).toBeVisible({ timeout: 20_000 });
});

test.afterEach(() => {
  expect(problems, 'console errors and requests that left localhost').toEqual([]);
});

const editorRegion = (page: Page) => page.getByRole('region', { name: 'Editor' });

/** The text Monaco shows (it renders spaces as U+00A0). */
async function shownText(region: Locator): Promise<string> {
  const text = await region.locator('.view-lines').innerText();
  return text.replace(/\u00a0/g, ' ');
}

/** Replaces the whole file by typing it, as a person would (Escape closes any suggestions first). */
async function retype(page: Page, lines: string[]): Promise<void> {
  await editorRegion(page).getByRole('textbox', { name: /^Manifest / }).focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await typeLines(page, lines);
}

test('shows hello.yaml and opens a template in a new tab', async ({ page }) => {
  const region = editorRegion(page);
  await expect(region.getByRole('tab', { name: 'hello.yaml', selected: true })).toBeVisible();
  await expect.poll(() => shownText(region)).toContain('name: hello');
  await expect.poll(() => shownText(region)).toContain('license: Dual BSD/GPL');
  await expect(region.getByText('✓ hello.yaml: no problems')).toBeVisible();

  const templates = region.getByRole('combobox', { name: 'Templates' });
  const examples = readdirSync('examples', { recursive: true }).filter((f) => String(f).endsWith('.yaml'));
  await expect(templates.getByRole('option')).toHaveCount(examples.length + 1); // and the placeholder
  await templates.selectOption('exporter.yaml');
  await expect(region.getByRole('tab', { name: 'exporter.yaml', selected: true })).toBeVisible();
  await expect.poll(() => shownText(region)).toContain('name: exporter');
  await expect(region.getByText('✓ exporter.yaml: no problems')).toBeVisible();
  await region.screenshot({ path: `${SHOTS}/editor-templates.png` });

  // Each tab keeps its own text; a tab can be closed.
  await region.getByRole('tab', { name: 'hello.yaml' }).click();
  await expect.poll(() => shownText(region)).toContain('name: hello');
  await region.getByRole('button', { name: 'Close exporter.yaml' }).click();
  await expect(region.getByRole('tab', { name: 'exporter.yaml' })).toHaveCount(0);
});

test('marks a broken manifest at the right line while the rest of the page keeps working', async ({ page }) => {
  const region = editorRegion(page);
  await retype(page, ['name: hello', 'license: GPL', 'bogus: 1']);
  const status = region.getByText(/^hello\.yaml:3:1: error: unknown field 'bogus'/);
  await expect(status).toBeVisible();
  const squiggle = region.locator('.squiggly-error');
  await expect(squiggle).toHaveCount(1);
  // The squiggle sits on the line that says "bogus".
  const line3 = region.locator('.view-line', { hasText: 'bogus' });
  const [s, l] = [await squiggle.boundingBox(), await line3.boundingBox()];
  expect(s && l && Math.abs(s.y + s.height / 2 - (l.y + l.height / 2))).toBeLessThan(l!.height / 2);
  await expect(region.locator('.editor-line-error')).toHaveCount(1);
  await region.screenshot({ path: `${SHOTS}/editor-error.png` });

  // Hovering the squiggle shows the validator's message.
  await line3.getByText('bogus').hover();
  await expect(page.getByRole('tooltip').filter({ hasText: /unknown field 'bogus'/ })).toBeVisible();

  // The status line takes the cursor to the problem.
  await status.click();
  await expect(region.locator('.view-line', { hasText: 'bogus' })).toBeVisible();

  // Everything else still works.
  await expect(page.getByRole('button', { name: 'Step', exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Terminal' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Modules' })).toBeVisible();
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByRole('banner').getByRole('status')).toContainText("hello.yaml:3:1: error: unknown field 'bogus'");

  // Fixing it clears the marker.
  await retype(page, ['name: hello', 'license: GPL']);
  await expect(region.getByText('✓ hello.yaml: no problems')).toBeVisible();
  await expect(region.locator('.squiggly-error')).toHaveCount(0);
});

test('spaces typed into the editor are kept (the React Flow space-key trap)', async ({ page }) => {
  const region = editorRegion(page);
  const timeline = page.getByRole('slider', { name: 'Timeline' });
  const before = await timeline.getAttribute('aria-valuetext');
  await retype(page, ['name: a b']);
  await expect.poll(() => shownText(region)).toBe('name: a b');
  // The validator quotes the name back, space included.
  await expect(region.getByText(/^hello\.yaml:1:7: error: name 'a b' may only use/)).toBeVisible();
  // ...and Space did not step the timeline.
  expect(await timeline.getAttribute('aria-valuetext')).toBe(before);
});

test('completion and hover come from the JSON Schema', async ({ page }) => {
  const region = editorRegion(page);
  await retype(page, ['name: demo', 'lic']);
  await page.keyboard.press('ControlOrMeta+Space');
  const suggest = page.getByRole('listbox', { name: 'Suggest' });
  await expect(suggest.getByRole('listitem', { name: /^license,/ })).toBeVisible();
  await page.keyboard.press('Enter');
  // Accepting a field opens its values: the licences of the schema's examples.
  await expect(suggest.getByRole('listitem', { name: /^Dual BSD\/GPL,/ })).toBeVisible();
  await region.screenshot({ path: `${SHOTS}/editor-completion.png` });
  await page.keyboard.press('Escape');
  await page.keyboard.type('GPL');
  await editorNewLine(page);
  await page.keyboard.type('init:');
  await editorNewLine(page);
  await page.keyboard.type('- ');
  await page.keyboard.press('ControlOrMeta+Space');
  await expect(suggest.getByRole('listitem', { name: /^kmalloc,/ })).toBeVisible();
  await expect(suggest.getByRole('listitem', { name: /^printk,/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect.poll(() => shownText(region)).toMatch(/name: demo\nlicense: GPL\ninit:\n\s+- $/);

  await region.locator('.view-line', { hasText: 'license' }).getByText('license').hover();
  await expect(page.getByRole('tooltip').filter({ hasText: 'MODULE_LICENSE' })).toBeVisible();
  await region.screenshot({ path: `${SHOTS}/editor-hover.png` });
});

test('Build, then Load starts init_module paused, Unload starts delete_module', async ({ page }) => {
  const region = editorRegion(page);
  const step = page.getByRole('button', { name: 'Step', exact: true });
  await expect(step).toBeDisabled();
  await region.getByRole('button', { name: 'Build', exact: true }).click();
  await expect(region.getByText('✓ hello.yaml: no problems')).toBeVisible();
  await expect(page.getByText(/build failed/i)).toHaveCount(0);

  await region.getByRole('textbox', { name: 'Parameters' }).fill('');
  await region.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(step).toBeEnabled();
  const steps = page.getByRole('region', { name: 'Steps' });
  await expect(steps).toContainText('init_module(');
  await expect(steps).toContainText('may_init_module');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Modules' })).toContainText('hello');
  await expect(page.getByRole('region', { name: 'Kernel log' })).toContainText('Hello, world');
  await page.screenshot({ path: `${SHOTS}/editor-loaded.png` });

  await region.getByRole('button', { name: 'Unload', exact: true }).click();
  await expect(step).toBeEnabled();
  await expect(steps).toContainText('delete_module(hello)');
  await expect(steps).toContainText('try_stop_module');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Kernel log' })).toContainText('Goodbye, cruel world');
});

test('Load passes the Parameters to insmod', async ({ page }) => {
  const region = editorRegion(page);
  await region.getByRole('combobox', { name: 'Templates' }).selectOption('params.yaml');
  await region.getByRole('textbox', { name: 'Parameters' }).fill('irq=5');
  await region.getByRole('button', { name: 'Load', exact: true }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Kernel log' })).toContainText('Using irq: 5');
});

test('maximised and in another language, the editor keeps what was typed', async ({ page }) => {
  const region = editorRegion(page);
  await retype(page, ['name: kept', 'license: GPL']);
  await region.getByRole('button', { name: 'Maximise Editor' }).click();
  await expect(region.locator('.monaco-editor .view-lines')).toBeVisible();
  await expect.poll(() => shownText(region)).toBe('name: kept\nlicense: GPL');
  await page.getByRole('combobox', { name: 'Language' }).selectOption('es');
  await expect(region.getByRole('button', { name: 'Compilar', exact: true })).toBeVisible();
  await expect(region.getByRole('combobox', { name: 'Plantillas' })).toBeVisible();
  await expect(region.getByText('✓ hello.yaml: sin problemas')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/editor-maximised-es.png` });
  await page.keyboard.press('Escape');
  await expect(page.getByRole('region', { name: 'Terminal' })).toBeVisible();
  await expect.poll(() => shownText(region)).toBe('name: kept\nlicense: GPL');
});

test('projector mode enlarges the editor text', async ({ page }) => {
  const region = editorRegion(page);
  const lineHeight = () => region.locator('.view-line').first().evaluate((e) => e.getBoundingClientRect().height);
  const before = await lineHeight();
  await page.getByRole('button', { name: 'Projector mode' }).click();
  await expect.poll(lineHeight).toBeGreaterThan(before * 1.4);
  await region.getByRole('button', { name: 'Maximise Editor' }).click();
  await expect(region.locator('.monaco-editor .view-lines')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/editor-projector.png` });
});
