// Shared by the end-to-end tests: a page that fails its test on any console error or any request
// that leaves localhost, and helpers that act as a person would (regions by name, buttons by name).
import { mkdirSync } from 'node:fs';
import { test as base, expect, type Locator, type Page } from '@playwright/test';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
export const SHOTS = process.env.PW_SHOTS ?? 'reports/screenshots';

/** Collects the page's console errors, uncaught errors and requests that leave localhost. */
export function watchPage(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    if (!LOCAL_HOSTS.has(url.hostname)) problems.push(`request left localhost: ${req.url()}`);
  });
  return problems;
}

export const test = base.extend<{ guarded: Page }>({
  guarded: async ({ page }, use) => {
    const problems = watchPage(page);
    await page.setViewportSize({ width: 1440, height: 900 });
    await use(page);
    expect(problems, 'console errors and foreign requests').toEqual([]);
  },
});
export { expect };

export function region(page: Page, name: string): Locator {
  return page.getByRole('region', { name, exact: true });
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

/** Types a command line into the Terminal panel and presses Enter. */
export async function typeCommand(page: Page, line: string): Promise<void> {
  const terminal = region(page, 'Terminal');
  await terminal.locator('.xterm').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** What the Terminal shows, as a person reads it (rows joined by newlines). */
export async function terminalText(page: Page): Promise<string> {
  return region(page, 'Terminal').locator('.xterm-rows').evaluate((rows) =>
    [...rows.children].map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()).join('\n'));
}

export async function pickTemplate(page: Page, file: string): Promise<void> {
  await region(page, 'Editor').getByRole('combobox', { name: 'Templates' }).selectOption(file);
}

/** Presses Step until the syscall in flight has returned (the Step button disables at the end). */
export async function stepToEnd(page: Page, max = 200): Promise<number> {
  const step = page.getByRole('button', { name: 'Step', exact: true });
  let n = 0;
  while (n < max && await step.isEnabled()) { await step.click(); n++; }
  return n;
}

/** Enter in Monaco as a new line, never as "accept the suggestion": quick suggestions open a
 * moment after typing, so a plain Enter right after typing races them. */
export async function editorNewLine(page: Page): Promise<void> {
  await page.waitForTimeout(250);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('listbox', { name: 'Suggest' })).toBeHidden();
  await page.keyboard.press('Enter');
}

/** Types lines into the focused Monaco editor, one Enter (a new line) between them. */
export async function typeLines(page: Page, lines: string[]): Promise<void> {
  for (const [i, line] of lines.entries()) {
    if (i > 0) await editorNewLine(page);
    await page.keyboard.type(line);
  }
  await page.waitForTimeout(250);
  await page.keyboard.press('Escape');
}
