// The Dependency graph panel and "Your machine", used as a person would: the real Debian tree
// through the filter, focus on a module, and pasted lsmod / modules.dep text.
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, SHOTS, test } from './fixtures';

async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/graph-${name}.png` });
}

const graphPanel = (page: Page) => page.getByRole('region', { name: 'Dependency graph', exact: true });
/** A module's node: its accessible name starts with the module's name and its state. */
const node = (page: Page, name: string) => graphPanel(page).getByRole('group', { name: new RegExp(`^${name}, `) });
const edge = (page: Page, sentence: string | RegExp) => graphPanel(page).getByRole('img', { name: sentence });

async function bootRealTree(page: Page) {
  await page.goto('/');
  await expect(graphPanel(page).getByRole('searchbox', { name: 'Filter modules' })).toBeVisible();
  await page.getByRole('button', { name: 'Real tree: Debian 6.1' }).click();
  await expect(page.getByText('Debian 6.1 tree')).toBeVisible({ timeout: 20_000 });
}

const LSMOD = `Module                  Size  Used by
vfat                   24576  1
fat                    90112  1 vfat
snd_hda_codec_hdmi     86016  1
snd_hda_intel          57344  3
snd_hda_codec         184320  2 snd_hda_codec_hdmi,snd_hda_intel
snd_hda_core          126976  3 snd_hda_codec_hdmi,snd_hda_intel,snd_hda_codec
snd_pcm               167936  4 snd_hda_codec_hdmi,snd_hda_intel,snd_hda_codec,snd_hda_core
snd_timer              49152  1 snd_pcm
snd                   126976  8 snd_hda_codec_hdmi,snd_hda_intel,snd_hda_codec,snd_timer,snd_pcm
soundcore              16384  1 snd
`;

test('the real tree: filter finds vfat and the fat it uses, with the symbols the edge resolves', async ({ guarded: page }) => {
  await bootRealTree(page);
  const panel = graphPanel(page);
  // Nothing is loaded: the graph says how to explore the 4,023 available modules.
  await expect(panel.getByText(/No module is loaded\. 4023 modules are available/)).toBeVisible();

  const filter = panel.getByRole('searchbox', { name: 'Filter modules' });
  const t0 = Date.now();
  await filter.fill('vfat');
  await expect(node(page, 'vfat')).toBeVisible();
  const vfatMs = Date.now() - t0;
  await expect(node(page, 'fat')).toBeVisible();
  await expect(node(page, 'vfat')).toHaveAccessibleName('vfat, available');
  // The edge vfat → fat, labelled with the symbols vfat.ko imports from fat.ko.
  const vfatFat = edge(page, /^vfat depends on fat \(fat_\w+, .* and 13 more\)$/);
  await expect(vfatFat).toHaveCount(1);
  await expect(panel.getByText(/^fat_\w+ \+18$/)).toBeVisible();
  // ELK's layout replaces the cheap one (the worker answers).
  await expect(panel.getByText('laying out…')).toHaveCount(0, { timeout: 15_000 });
  await shot(page, 'filter-vfat');

  // A filter matching hundreds of modules is capped, says so, and does not freeze the page.
  const t1 = Date.now();
  await filter.fill('a');
  await expect(panel.getByText(/^Showing 400 of \d+ — refine the filter$/)).toBeVisible();
  const capMs = Date.now() - t1;
  // The page still answers at once while ELK works in its worker.
  const t2 = Date.now();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
  const frameMs = Date.now() - t2;
  await filter.fill('snd_hda');
  await expect(node(page, 'snd_hda_codec')).toBeVisible();
  await expect(panel.getByText('laying out…')).toHaveCount(0, { timeout: 20_000 });
  await shot(page, 'filter-snd-hda');

  // Click a node: it is selected (outlined), which enables Focus; Focus shows its neighbourhood,
  // with a depth. (On a loaded machine a click may land while the view still hands nodes to React
  // Flow in batches and not select; a person would click again, and so does the test.)
  const focus = panel.getByRole('checkbox', { name: 'Focus' });
  await expect(async () => {
    await node(page, 'snd_hda_codec').click();
    await expect(focus).toBeEnabled({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await focus.check();
  await expect(panel.getByText('snd_hda_codec: dependencies and dependants, 1 level out')).toBeVisible();
  await expect(node(page, 'snd_hda_core')).toBeVisible();
  await expect(node(page, 'snd_hda_codec_hdmi')).toBeVisible();
  await panel.getByRole('spinbutton', { name: 'Depth' }).fill('2');
  await expect(panel.getByText('snd_hda_codec: dependencies and dependants, 2 levels out')).toBeVisible();
  await expect(panel.getByText('laying out…')).toHaveCount(0, { timeout: 20_000 });
  await shot(page, 'focus-snd-hda-codec');

  // Enter on a focused node selects it (and here moves the focus there).
  await node(page, 'snd_hda_core').focus();
  await page.keyboard.press('Enter');
  await expect(panel.getByText('snd_hda_core: dependencies and dependants, 2 levels out')).toBeVisible();

  // The text list shows the same graph as words.
  await panel.getByRole('button', { name: 'Text list' }).click();
  await expect(panel.getByRole('region', { name: 'Graph as text' }).getByText(/^snd_hda_codec depends on snd_hda_core \(/)).toBeVisible();
  await panel.getByRole('button', { name: 'Text list' }).click();

  console.log(`filter timings: vfat ${vfatMs} ms, "a" (capped) ${capMs} ms, next frame ${frameMs} ms`);
  expect(vfatMs).toBeLessThan(3000);
  expect(capMs).toBeLessThan(5000);
});

test('a big view: "snd" draws 305 modules and their edges, opens readable on snd itself, and its edges keep their names', async ({ guarded: page }) => {
  await bootRealTree(page);
  const panel = graphPanel(page);
  await panel.getByRole('searchbox', { name: 'Filter modules' }).fill('snd');
  await expect(panel.getByText('Matching “snd” with their dependencies: 305')).toBeVisible();
  // Drawn a batch at a time, all of it in the end (off screen too), edges in one SVG.
  await expect(panel.locator('.react-flow__node')).toHaveCount(305, { timeout: 20_000 });
  await expect(panel.getByText('laying out…')).toHaveCount(0, { timeout: 20_000 });
  await expect.poll(() => panel.locator('.react-flow__edge').count()).toBeGreaterThan(400);
  // It opens on the best match at a zoom where its name reads (snd's box is 140 px wide at 1).
  const snd = node(page, 'snd');
  await expect(snd).toBeInViewport();
  expect((await snd.boundingBox())!.width).toBeGreaterThan(120);
  await expect(node(page, 'soundcore')).toBeInViewport();
  // Every edge is named as in a small view, with the symbols it resolves.
  await expect(edge(page, /^snd_pcm depends on snd_timer \(snd_timer_\w+, /)).toHaveCount(1);
  // Selecting snd labels the edges at it (too many edges to label them all).
  await expect(panel.locator('.react-flow__edge-text')).toHaveCount(0);
  await snd.click();
  await expect(panel.locator('.react-flow__edge.gedge-selected .react-flow__edge-text').first()).toBeVisible();
  await shot(page, 'big-snd-selected');
  // Zoomed far out there are no labels (unreadable there); the text list still has every edge.
  await panel.getByRole('button', { name: 'Fit the graph in view' }).click();
  await expect(panel.locator('.react-flow__edge-text').first()).toBeHidden();
  await expect(panel.getByRole('region', { name: 'Graph as text' }).getByText(/^snd_pcm depends on snd_timer \(/)).toBeAttached();
});

test('your machine: a pasted lsmod becomes a graph; garbage gets a clear error and keeps the text', async ({ guarded: page }) => {
  await page.goto('/');
  const panel = graphPanel(page);
  await panel.getByRole('button', { name: 'Your machine' }).click();
  const dialog = page.getByRole('dialog', { name: 'Your machine' });
  await expect(dialog).toBeVisible();
  const text = dialog.getByRole('textbox', { name: 'Pasted text' });

  // Garbage: nothing read, an error that says what was expected, the text still there.
  const garbage = 'hello world\nthis is not lsmod\n';
  await text.fill(garbage);
  await dialog.getByRole('button', { name: 'Show graph' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Nothing to show');
  await expect(dialog.getByRole('alert')).toContainText('Line 1: expected "path/module.ko: dependencies..."');
  await expect(text).toHaveValue(garbage);
  await expect(dialog).toBeVisible();
  await shot(page, 'paste-error');

  // A real lsmod: its modules and used-by edges.
  await text.fill(LSMOD);
  await dialog.getByRole('button', { name: 'Show graph' }).click();
  await expect(dialog).toBeHidden();
  await expect(panel.getByText('Your machine: 10 modules')).toBeVisible();
  await expect(node(page, 'snd_hda_codec')).toHaveAccessibleName(/^snd_hda_codec, LIVE, refs 2, used by snd_hda_codec_hdmi snd_hda_intel$/);
  await expect(edge(page, 'vfat uses fat')).toHaveCount(1);
  await expect(edge(page, 'snd uses soundcore')).toHaveCount(1);
  await expect(panel.getByText('laying out…')).toHaveCount(0, { timeout: 15_000 });
  // Select a used module: its users are named (why rmmod would refuse).
  await node(page, 'snd_pcm').click();
  await expect(panel.getByText(/^used by: snd_hda_codec_hdmi, snd_hda_intel, snd_hda_codec \+1$/)).toBeVisible();
  await expect(panel.getByText(/is used by snd_hda_codec_hdmi, snd_hda_intel, snd_hda_codec, snd_hda_core$/)).toBeVisible();
  await shot(page, 'paste-lsmod');

  // A paste with one bad line: the graph shows the rest, the bad line is named.
  await panel.getByRole('button', { name: 'Your machine' }).click();
  await text.fill(LSMOD + 'broken line here\n');
  await dialog.getByRole('button', { name: 'Show graph' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Modules read as lsmod: 10; lines skipped: 1.');
  await expect(dialog.getByRole('alert')).toContainText('Line 12: expected "broken SIZE COUNT [USED BY]"');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // A modules.dep: module files and their direct dependencies.
  await panel.getByRole('button', { name: 'Your machine' }).click();
  await text.fill('kernel/fs/fat/fat.ko:\nkernel/fs/fat/vfat.ko: kernel/fs/fat/fat.ko\nkernel/fs/fat/msdos.ko: kernel/fs/fat/fat.ko\n');
  await dialog.getByRole('button', { name: 'Show graph' }).click();
  await expect(panel.getByText('Your machine: 3 modules')).toBeVisible();
  await expect(node(page, 'msdos')).toHaveAccessibleName('msdos, available');
  await expect(edge(page, 'msdos depends on fat')).toHaveCount(1);

  // And back to the simulated kernel.
  await panel.getByRole('button', { name: 'Back to the simulated kernel' }).click();
  await expect(panel.getByText('Your machine: 10 modules')).toHaveCount(0);
  await expect(node(page, 'vfat')).toHaveCount(0);

  // The panel speaks the chosen language.
  await page.getByRole('combobox', { name: 'Language' }).selectOption('es');
  const grafo = page.getByRole('region', { name: 'Grafo de dependencias', exact: true });
  await expect(grafo.getByRole('searchbox', { name: 'Filtrar módulos' })).toBeVisible();
  await expect(grafo.getByRole('button', { name: 'Tu máquina' })).toBeVisible();
});

test('exporter and user: the edge appears at simplify_symbols labelled moja_funkcja, and the graph shows why rmmod refuses', async ({ guarded: page }) => {
  await page.goto('/');
  const panel = graphPanel(page);
  const editor = page.getByRole('region', { name: 'Editor', exact: true });
  const step = page.getByRole('button', { name: 'Step', exact: true });
  const run = page.getByRole('button', { name: 'Run', exact: true });

  await editor.getByRole('combobox', { name: 'Templates' }).selectOption('exporter.yaml');
  await editor.getByRole('button', { name: 'Load', exact: true }).click();
  // Built in /root and being loaded: the node is there at once, in flight.
  await expect(node(page, 'exporter')).toHaveAccessibleName('exporter, available, loading');
  await run.click();
  await expect(node(page, 'exporter')).toHaveAccessibleName('exporter, LIVE, refs 0');

  await editor.getByRole('combobox', { name: 'Templates' }).selectOption('user.yaml');
  await editor.getByRole('button', { name: 'Load', exact: true }).click();
  // Step through init_module: before simplify_symbols the edge is what user.ko would use (dashed),
  // at simplify_symbols it becomes the kernel's "uses" edge, new (highlighted), labelled with the symbol.
  const uses = edge(page, 'user uses exporter (moja_funkcja)');
  let steps = 0;
  while (await uses.count() === 0 && steps < 30) { await step.click(); steps++; }
  await expect(uses).toHaveCount(1);
  await expect(page.getByRole('region', { name: 'Steps', exact: true }).getByText('simplify_symbols()').first()).toBeVisible();
  await expect(panel.locator('.react-flow__edge.gedge-new')).toHaveCount(1);
  await expect(panel.locator('.react-flow__edge-text', { hasText: 'moja_funkcja' })).toBeVisible();
  await expect(node(page, 'exporter')).toHaveAccessibleName('exporter, LIVE, refs 1, used by user');
  await shot(page, 'simplify-symbols');
  await run.click();
  await expect(node(page, 'user')).toHaveAccessibleName('user, LIVE, refs 0');

  // Select the exporter and try to unload it: the graph says who holds it.
  await node(page, 'exporter').click();
  await expect(panel.getByText('used by: user', { exact: true })).toBeVisible();
  await expect(panel.getByText(/rmmod exporter refuses until it is unloaded/)).toBeVisible();
  await expect(panel.locator('.react-flow__edge.gedge-reason')).toHaveCount(1);
  await editor.getByRole('button', { name: 'Unload', exact: true }).click();
  await run.click();
  await expect(node(page, 'exporter')).toHaveAccessibleName('exporter, LIVE, refs 1, used by user');
  await shot(page, 'rmmod-refused');

  // The text alternative says the same.
  const text = panel.getByRole('region', { name: 'Graph as text' });
  await expect(text.getByText('user uses exporter (moja_funkcja)')).toBeAttached();
  await expect(text.getByText('exporter, LIVE, refs 1, used by user')).toBeAttached();
});

test('modprobe walks a chain: fat first, then vfat, and stepping back replays it on the graph', async ({ guarded: page }) => {
  await bootRealTree(page);
  const terminal = page.getByRole('region', { name: 'Terminal', exact: true });
  await terminal.locator('.xterm').click();
  await page.keyboard.type('modprobe vfat');
  await page.keyboard.press('Enter');
  await expect(node(page, 'vfat')).toHaveAccessibleName('vfat, LIVE, refs 0');
  await expect(node(page, 'fat')).toHaveAccessibleName('fat, LIVE, refs 1, used by vfat');
  await expect(edge(page, /^vfat uses fat \(fat_\w+, .* and 13 more\)$/)).toHaveCount(1);
  // Loaded modules and their neighbours (msdos could use fat too), not 4,000 modules.
  await expect(graphPanel(page).getByText(/^Loaded modules and their neighbours: \d+ of 4023$/)).toBeVisible();
  await expect(node(page, 'msdos')).toHaveAccessibleName('msdos, available');
  await expect(graphPanel(page).getByText('laying out…')).toHaveCount(0, { timeout: 15_000 });
  await shot(page, 'modprobe-vfat');

  // Back through vfat's init_module: vfat leaves LIVE, goes through its steps, while fat stays LIVE.
  const back = page.getByRole('button', { name: 'Step back', exact: true });
  const seen = new Set<string>();
  for (let i = 0; i < 40; i++) {
    await back.click();
    const name = await node(page, 'vfat').getAttribute('aria-label');
    seen.add(name!.split(', ').slice(1, 3).join(' ').replace(/ refs \d+/, ''));
    if (name === 'vfat, available') break;
  }
  expect([...seen]).toEqual(['LIVE loading', 'COMING loading', 'UNFORMED loading', 'available loading', 'available']);
  await expect(node(page, 'fat')).toHaveAccessibleName('fat, LIVE, refs 0');
});
