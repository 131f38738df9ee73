// Share beyond the link: the read-only embed, export and import of a session file (a broken file
// says what is wrong), and predict-then-reveal.
import { writeFileSync } from 'node:fs';
import { expect, region, shot, test } from './fixtures';

test('the embed is read-only but steps: no Editor or Terminal, Step and the timeline work', async ({ guarded: page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await page.getByRole('button', { name: 'Share' }).click();
  const field = page.getByRole('textbox', { name: 'Share link' });
  await expect(field).toHaveValue(/#s=/);
  const embedCode = await page.getByRole('textbox', { name: 'Embed code' }).inputValue();
  const src = /src="([^"]+)"/.exec(embedCode)![1]!;
  expect(src).toContain('?embed=1#s=');
  await page.goto(src);
  await expect(region(page, 'Steps')).toContainText('init_module(');
  await expect(region(page, 'Editor')).toHaveCount(0);
  await expect(region(page, 'Terminal')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Share' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(region(page, 'Kernel log')).toContainText('Hello, world');
  await page.getByRole('button', { name: 'Step back', exact: true }).click();
  await expect(region(page, 'Steps')).toContainText('in progress');
  await shot(page, 'share-embed');
});

test('export a session to a file and import it in a fresh browser; a broken file is refused with a reason', async ({ guarded: page, browser }, info) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByRole('button', { name: 'Share' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export session (JSON)' }).click();
  const file = info.outputPath('session.json');
  await (await download).saveAs(file);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto('/');
  await other.getByRole('button', { name: 'Share' }).click();
  const bad = info.outputPath('broken.json');
  writeFileSync(bad, '{"version": 1, "catalog": "none", "files": "not a list"}');
  await other.getByLabel('Import session').setInputFiles(bad);
  await expect(other.locator('.share-status')).toContainText('broken.json: files: expected a list');
  await other.getByLabel('Import session').setInputFiles(file);
  await expect(other.locator('.share-status')).toContainText('session.json: session restored');
  await other.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(region(other, 'Modules').getByRole('row', { name: /hello/ })).toContainText('LIVE');
  await fresh.close();
});

test('predict first: the question before the step, then the answer', async ({ guarded: page }) => {
  await page.goto('/');
  await page.getByRole('checkbox', { name: 'Predict first' }).check();
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  const card = page.getByRole('dialog', { name: 'What will the next step do?' });
  await expect(card).toContainText('may_init_module() succeed');
  await card.getByRole('button', { name: '-EPERM' }).click();
  await expect(card).toContainText('Not quite: you said -EPERM. Answer: It succeeds.');
  await shot(page, 'share-predict');
  await card.getByRole('button', { name: 'Continue' }).click();
  await expect(card).toHaveCount(0);
  await expect(region(page, 'Steps').locator('[aria-current="step"]')).toContainText('copy_module_from_user');
});
