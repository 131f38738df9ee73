// The built page loads offline-capable with no console errors and no request leaving localhost.
import { expect, shot, test } from './fixtures';

test('the built page loads with no console errors', async ({ guarded: page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Kernel Module Playground' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await shot(page, 'smoke');
});
