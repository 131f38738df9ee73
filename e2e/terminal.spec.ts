// The Terminal panel in a real browser, used as a person uses a shell: click in, type commands,
// press Enter, Tab and the arrows, paste, and read what the terminal shows (the rows xterm's
// screen-reader mode exposes, which are also what assistive technology reads).
import { mkdirSync } from 'node:fs';
import { test, expect, type Locator, type Page } from '@playwright/test';
import { SHOTS, watchPage } from './fixtures';

const RELEASE = '6.1.0-56-amd64';
const LSMOD_HEADER = 'Module                  Size  Used by';
const PROMPT = 'root@playground:~# ';
// A module manifest on one line (manifests may be JSON), typed into a file with echo.
const MANIFEST = `{"name":"hello","license":"GPL","init":[{"printk":{"level":"KERN_INFO","text":"Hello from the terminal\\n"}},{"return":0}],"exit":[{"printk":{"level":"KERN_INFO","text":"Bye\\n"}}]}`;

let problems: string[] = [];

test.use({ viewport: { width: 1440, height: 1000 } });
// A long session typed key by key on a busy 2-core machine.
test.describe.configure({ timeout: 120_000 });

test.beforeEach(async ({ page }) => {
  problems = watchPage(page);
  mkdirSync(SHOTS, { recursive: true });
  await page.goto('/');
  await expect.poll(() => lines(page)).toContain(PROMPT.trimEnd());
});

test.afterEach(() => {
  expect(problems, 'console errors and requests that left localhost').toEqual([]);
});

const terminal = (page: Page): Locator => page.getByRole('region', { name: 'Terminal', exact: true });

/** The rows the terminal shows, as text (xterm's accessibility rows, U+00A0 as spaces). */
async function lines(page: Page): Promise<string[]> {
  const rows = await terminal(page).getByRole('listitem').allTextContents();
  return rows.map((r) => r.replace(/\u00a0/g, ' ').trimEnd());
}

async function screenText(page: Page): Promise<string> {
  return (await lines(page)).join('\n');
}

/** The last non-empty row: the prompt and the line being typed. */
async function currentLine(page: Page): Promise<string> {
  return (await lines(page)).filter((l) => l !== '').at(-1) ?? '';
}

async function focusTerminal(page: Page): Promise<void> {
  await terminal(page).click({ position: { x: 120, y: 80 } });
  await expect(page.getByRole('textbox', { name: 'Terminal input' })).toBeFocused();
}

/** The prompt and the line being typed, over as many rows as it wraps to, without blanks
 * (xterm trims each row's trailing blanks, so a blank at a wrap point cannot be read back). */
async function typedLine(page: Page): Promise<string> {
  const all = (await lines(page)).filter((l) => l !== '');
  const at = all.map((l) => /^\w+@playground:\S*[#$]/.test(l)).lastIndexOf(true);
  return all.slice(at).join('').replace(/\s/g, '');
}

/** Types a line as a person would, checks it was echoed, and presses Enter. */
async function run(page: Page, line: string): Promise<void> {
  await page.keyboard.type(line);
  await expect.poll(() => typedLine(page)).toMatch(new RegExp(`[#$]${escapeRe(line.replace(/\s/g, ''))}$`));
  await page.keyboard.press('Enter');
}

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The rows printed after the last time `command` was entered. */
async function outputOf(page: Page, command: string): Promise<string[]> {
  const all = await lines(page);
  const at = all.map((l) => l.endsWith(`# ${command}`)).lastIndexOf(true);
  if (at < 0) return [];
  const rest = all.slice(at + 1);
  const end = rest.findIndex((l) => /^\w+@playground:.*[#$]/.test(l));
  return end < 0 ? rest : rest.slice(0, end);
}

test('a shell session: commands, Tab completion, history, line editing, make and insmod', async ({ page }) => {
  await focusTerminal(page);

  await run(page, 'uname -r');
  await expect.poll(() => outputOf(page, 'uname -r')).toEqual([RELEASE]);

  await run(page, 'cat /proc/sys/kernel/tainted');
  await expect.poll(() => outputOf(page, 'cat /proc/sys/kernel/tainted')).toEqual(['0']);

  // Tab completes a command name; Enter runs it.
  await page.keyboard.type('lsm');
  await page.keyboard.press('Tab');
  await expect.poll(() => currentLine(page)).toBe(`${PROMPT}lsmod`);
  await page.keyboard.press('Enter');
  await expect.poll(() => outputOf(page, 'lsmod')).toEqual([LSMOD_HEADER]);

  // Build a module from a manifest written with echo, then load it with a completed file name.
  await run(page, 'cd /root');
  await run(page, `echo '${MANIFEST}' > hello.json`);
  await run(page, 'make');
  await expect.poll(() => screenText(page)).toContain('LD [M]  /root/hello.ko');
  await page.keyboard.type('insmod hello.k');
  await page.keyboard.press('Tab');
  await expect.poll(() => currentLine(page)).toBe(`${PROMPT}insmod hello.ko`);
  await page.keyboard.press('Enter');
  await run(page, 'lsmod');
  await expect.poll(() => outputOf(page, 'lsmod')).toEqual([LSMOD_HEADER, 'hello                  16384  0']);

  // Paths complete too, /proc included.
  await page.keyboard.type('cat /proc/mod');
  await page.keyboard.press('Tab');
  await expect.poll(() => currentLine(page)).toBe(`${PROMPT}cat /proc/modules`);
  await page.keyboard.press('Enter');
  await expect.poll(() => outputOf(page, 'cat /proc/modules')).toEqual([expect.stringMatching(/^hello 16384 0 - Live 0x[0-9a-f]+ \(OE\)$/)]);
  await page.screenshot({ path: `${SHOTS}/terminal-session.png` });

  // Several candidates: the first Tab rings, the second lists them under the line.
  await page.keyboard.type('mod');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect.poll(() => screenText(page)).toMatch(/\nmodinfo\s+modprobe\n/);
  await expect.poll(() => currentLine(page)).toBe(`${PROMPT}mod`);
  await terminal(page).screenshot({ path: `${SHOTS}/terminal-completion-list.png` });
  // Ctrl-C drops the line.
  await page.keyboard.press('Control+c');
  await expect.poll(() => screenText(page)).toContain(`${PROMPT}mod^C`);
  await expect.poll(() => currentLine(page)).toBe(PROMPT.trimEnd());

  // Module names complete for rmmod.
  await page.keyboard.type('rmmod hel');
  await page.keyboard.press('Tab');
  await expect.poll(() => currentLine(page)).toBe(`${PROMPT}rmmod hello`);
  await page.keyboard.press('Enter');
  await run(page, 'lsmod');
  await expect.poll(() => outputOf(page, 'lsmod')).toEqual([LSMOD_HEADER]);

  // History: ArrowUp brings back the last commands; Enter runs the one shown.
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => currentLine(page)).toBe(`${PROMPT}lsmod`);
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => currentLine(page)).toBe(`${PROMPT}rmmod hello`);
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => currentLine(page)).toBe(`${PROMPT}lsmod`);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => currentLine(page)).toBe(`${PROMPT}cat /proc/modules`);
  await page.keyboard.press('Enter');
  await expect.poll(() => outputOf(page, 'cat /proc/modules')).toEqual([]);

  // Line editing: Home, arrows, Backspace, End, Ctrl-U.
  await page.keyboard.type('unme -x');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('r');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.type('a');
  await expect.poll(() => currentLine(page)).toBe(`${PROMPT}uname -r`);
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await expect.poll(() => outputOf(page, 'uname -r')).toEqual([RELEASE]);
  await page.keyboard.type('rm -rf /');
  await page.keyboard.press('Control+u');
  await expect.poll(() => currentLine(page)).toBe(PROMPT.trimEnd());

  // clear empties the screen.
  await run(page, 'clear');
  await expect.poll(() => lines(page).then((l) => l.filter((x) => x !== ''))).toEqual([PROMPT.trimEnd()]);
});

test('a pasted block runs line by line; the terminal keeps its text when maximised', async ({ page }) => {
  await focusTerminal(page);
  await page.getByRole('textbox', { name: 'Terminal input' }).evaluate((input) => {
    const data = new DataTransfer();
    data.setData('text/plain', 'cd /proc\nls\nwhoami\nuname -');
    input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect.poll(() => outputOf(page, 'whoami')).toEqual(['root']);
  await expect.poll(() => outputOf(page, 'ls')).toEqual(['cmdline  devices  kallsyms  modules  sys']);
  // The last pasted line waits for Enter, with the new directory in the prompt.
  await expect.poll(() => currentLine(page)).toBe('root@playground:/proc# uname -');
  await page.keyboard.type('r');
  await page.keyboard.press('Enter');
  await expect.poll(() => outputOf(page, 'uname -r')).toEqual([RELEASE]);

  // The xterm (and what it shows) survives maximising and restoring the panel.
  await page.getByRole('button', { name: 'Maximise Terminal' }).click();
  await expect.poll(() => outputOf(page, 'whoami')).toEqual(['root']);
  await focusTerminal(page);
  await page.keyboard.type('cat ../proc/sys/kernel/os');
  await page.keyboard.press('Tab');
  await expect.poll(() => currentLine(page)).toBe('root@playground:/proc# cat ../proc/sys/kernel/osrelease');
  await page.keyboard.press('Enter');
  await expect.poll(() => outputOf(page, 'cat ../proc/sys/kernel/osrelease')).toEqual([RELEASE]);
  await page.screenshot({ path: `${SHOTS}/terminal-maximised.png` });
  await page.getByRole('button', { name: 'Restore Terminal' }).click();
  await expect.poll(() => outputOf(page, 'cat ../proc/sys/kernel/osrelease')).toEqual([RELEASE]);
  // History survived the remount too.
  await focusTerminal(page);
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => currentLine(page)).toBe('root@playground:/proc# cat ../proc/sys/kernel/osrelease');
});

test('output from the buttons appears above the line being typed', async ({ page }) => {
  await focusTerminal(page);
  await page.keyboard.type('lsmo');
  // Reset boots a fresh machine: the screen clears and the half-typed line stays.
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect.poll(() => currentLine(page)).toBe(`${PROMPT}lsmo`);
  const build = page.getByRole('button', { name: 'Build', exact: true });
  if (await build.count() > 0) {
    // The Editor's Build runs make in /root and prints into the terminal.
    await build.click();
    await expect.poll(() => screenText(page)).toContain('LD [M]  /root/hello.ko');
    await expect.poll(() => currentLine(page)).toBe(`${PROMPT}lsmo`);
  }
  await focusTerminal(page);
  await page.keyboard.type('d');
  await page.keyboard.press('Enter');
  await expect.poll(() => outputOf(page, 'lsmod')).toEqual([LSMOD_HEADER]);
  // Errors (stderr) are shown too, in a softer red.
  await run(page, 'rmmod nothere');
  await expect.poll(() => outputOf(page, 'rmmod nothere')).toEqual(['rmmod: ERROR: Module nothere is not currently loaded']);
  await terminal(page).screenshot({ path: `${SHOTS}/terminal-build-output.png` });
});
