import { mkdirSync } from 'node:fs';
import { test, expect } from '@playwright/test';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

test('the built page loads offline with no console errors', async ({ page }) => {
  const consoleErrors: string[] = [];
  const foreignRequests: string[] = [];

  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(`pageerror: ${err.message}`));
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    if (!LOCAL_HOSTS.has(url.hostname)) foreignRequests.push(req.url());
  });

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Kernel Module Playground' })).toBeVisible();
  await page.waitForLoadState('networkidle');

  mkdirSync('reports/screenshots', { recursive: true });
  await page.screenshot({ path: 'reports/screenshots/smoke.png', fullPage: true });

  expect(consoleErrors, 'console errors').toEqual([]);
  expect(foreignRequests, 'requests to non-localhost hosts').toEqual([]);
});
