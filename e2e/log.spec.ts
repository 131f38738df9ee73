// The Kernel log with a flood of lines: a printk in a loop fills Debian's 128 KiB ring, whose
// oldest lines are overwritten; booted with log_buf_len=8M the panel holds all 100,000 and
// scrolls through them (only the rows in view are in the page). Screenshots: log-*.png.
import { expect, pickTemplate, region, shot, terminalText, test, typeCommand } from './fixtures';

test('a flood of 100,000 lines: overwritten in the default ring, all kept with log_buf_len=8M', async ({ guarded: page }) => {
  await page.goto('/');
  const log = region(page, 'Kernel log');
  const scroller = log.getByRole('log', { name: 'dmesg' });
  await pickTemplate(page, 'flood.yaml');
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(log).toContainText('flood: line 99999');
  // Short lines: the 4,096 descriptors of Debian's buffer are what runs out.
  await expect(log.getByText('4,096 lines')).toBeVisible();
  await scroller.evaluate((el) => { el.scrollTop = 0; });
  await expect(log.locator('.log-line').first()).toContainText('flood: line 95904');
  await typeCommand(page, 'dmesg | head -n 1');
  await expect.poll(() => terminalText(page)).toMatch(/\] flood: line 95904\n/);
  await shot(page, 'log-default-ring');

  // A bigger ring is a boot parameter: choosing it reboots.
  await log.getByRole('combobox', { name: 'log_buf_len' }).selectOption('8M');
  await expect(page.getByText(/Rebooted with BOOT_IMAGE=.* log_buf_len=8M\./)).toBeVisible();
  await expect(log).toContainText('printk: log_buf_len: 8388608 bytes');
  await pickTemplate(page, 'flood.yaml');
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(log).toContainText('flood: line 99999');
  const count = Number((await log.locator('.step-note').textContent())!.replace(/\D/g, ''));
  expect(count).toBeGreaterThan(100_000);
  expect(await log.locator('.log-line').count()).toBeLessThan(200);
  await scroller.evaluate((el) => { el.scrollTop = 0; });
  await expect(log.locator('.log-line').first()).toContainText('Linux version');
  await expect(log).toContainText('flood: line 0');
  await scroller.evaluate((el) => { el.scrollTop = el.scrollHeight / 2; });
  await expect(log).toContainText(/flood: line 4999\d/);
  await shot(page, 'log-100000-lines');
  // The line links to the step that printed it: What changed lists the first lines, then the rest.
  await scroller.evaluate((el) => { el.scrollTop = 0; });
  await log.getByRole('button', { name: 'Go to the step that printed: flood: line 0', exact: true }).click();
  const changed = region(page, 'Steps').getByRole('region', { name: 'What changed' });
  await expect(changed).toContainText('printk: flood: line 19');
  await expect(changed).toContainText('… and 99980 more lines in Kernel log');
  await shot(page, 'log-flood-step');
});

test('lesson 12, the log ring: flood, reboot with log_buf_len=8M from Kernel log, flood again', async ({ guarded: page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Lessons' }).click();
  const lessons = page.getByRole('complementary', { name: 'Lessons' });
  await lessons.getByRole('button', { name: /The kernel log is a ring/ }).click();
  const checkpoint = lessons.getByRole('status', { name: 'Checkpoint' });
  const next = lessons.getByRole('button', { name: 'Next' });
  // 1: the default ring loses its first lines.
  await lessons.getByRole('button', { name: 'Open flood.yaml in Editor' }).click();
  await page.getByRole('button', { name: 'Build', exact: true }).click();
  await typeCommand(page, 'insmod flood.ko');
  await typeCommand(page, 'dmesg | head -n 1');
  await expect(checkpoint).toContainText('✓');
  await next.click();
  // 2: the boot parameter, chosen in Kernel log; the lesson stays open across the reboot.
  await region(page, 'Kernel log').getByRole('combobox', { name: 'log_buf_len' }).selectOption('8M');
  await typeCommand(page, 'cat /proc/cmdline');
  await expect.poll(() => terminalText(page)).toMatch(/ro quiet log_buf_len=8M\n/);
  await expect(checkpoint).toContainText('✓');
  await next.click();
  // 3: everything kept.
  await page.getByRole('button', { name: 'Build', exact: true }).click();
  await typeCommand(page, 'insmod flood.ko');
  await typeCommand(page, 'dmesg | head -n 1');
  await expect.poll(() => terminalText(page)).toMatch(/\] Linux version 6\.1/);
  await expect(checkpoint).toContainText('✓');
  await shot(page, 'log-lesson-done');
});
