import { describe, expect, it } from 'vitest';
import { Session } from '../../userland/kshell/session';
import { completeLine, wordsBeforeCursor, type CompletionSource } from './complete';
import { LineEditor } from './lineEditor';
import { BUILTINS, listEntries, modulesDepNames, sessionSource } from './sessionSource';

const TREE: Record<string, Array<{ name: string; dir: boolean }>> = {
  '/': [{ name: 'lib', dir: true }, { name: 'proc', dir: true }, { name: 'root', dir: true }],
  '/proc': [{ name: 'devices', dir: false }, { name: 'kallsyms', dir: false }, { name: 'modules', dir: false }, { name: 'sys', dir: true }],
  '/root': [{ name: '.bashrc', dir: false }, { name: 'hello.ko', dir: false }, { name: 'hello.yaml', dir: false }, { name: 'my dir', dir: true }, { name: 'src', dir: true }],
  '/root/src': [{ name: 'a.c', dir: false }],
};

const fake: CompletionSource = {
  commands: () => ['cd', 'cat', 'insmod', 'lsmod', 'modinfo', 'modprobe', 'rmmod', 'ls'],
  cwd: '/root',
  home: '/root',
  list: (dir) => TREE[dir] ?? null,
  loadedModules: () => ['hello', 'helper', 'dummy'],
  availableModules: () => ['dummy', 'snd-hda-intel', 'snd-pcm', 'hello'],
};

/** The candidates' insert texts for the line with the cursor at the end. */
const inserts = (line: string, source = fake) => completeLine(line, line.length, source).items.map((i) => i.insert);

describe('words before the cursor', () => {
  it('splits on blanks, resets at ; | && and marks redirection targets', () => {
    expect(wordsBeforeCursor('cat /proc/mo', 12).words.map((w) => w.value)).toEqual(['cat']);
    expect(wordsBeforeCursor('lsmod | gr', 10).words).toEqual([]);
    expect(wordsBeforeCursor('ls && ', 6)).toMatchObject({ words: [], current: { value: '', start: 6 } });
    expect(wordsBeforeCursor('echo hi > /tm', 13)).toMatchObject({ redirect: true, current: { value: '/tm' } });
    expect(wordsBeforeCursor('dmesg 2>/de', 11)).toMatchObject({ redirect: true, words: [{ value: 'dmesg' }], current: { value: '/de' } });
  });
  it('reads quotes and backslashes', () => {
    expect(wordsBeforeCursor('cat "my d', 9).current).toEqual({ start: 4, value: 'my d', quote: '"' });
    expect(wordsBeforeCursor('cat my\\ d', 9).current).toEqual({ start: 4, value: 'my d', quote: '' });
  });
});

describe('completion', () => {
  it('completes command names in the first word', () => {
    expect(inserts('lsm')).toEqual(['lsmod']);
    expect(inserts('mod')).toEqual(['modinfo', 'modprobe']);
    expect(inserts('ls | ca')).toEqual(['cat']);
    expect(inserts('')).toHaveLength(8);
  });
  it('completes paths relative to the cwd, directories with a slash', () => {
    expect(inserts('cat /proc/mod')).toEqual(['/proc/modules']);
    expect(inserts('cat /proc/')).toEqual(['/proc/devices', '/proc/kallsyms', '/proc/modules', '/proc/sys/']);
    expect(inserts('cat /pr')).toEqual(['/proc/']);
    expect(inserts('insmod hel')).toEqual(['hello.ko', 'hello.yaml']);
    expect(inserts('cat src/')).toEqual(['src/a.c']);
    expect(inserts('cat ~/s')).toEqual(['~/src/']);
    expect(inserts('cd ../pr')).toEqual(['../proc/']);
    expect(inserts('echo x > hello.y')).toEqual(['hello.yaml']);
  });
  it('shows hidden files only when asked for them', () => {
    expect(inserts('ls ')).not.toContain('.bashrc');
    expect(inserts('ls .b')).toEqual(['.bashrc']);
  });
  it('escapes what the shell would split, and keeps an open quote', () => {
    expect(inserts('cd my')).toEqual(['my\\ dir/']);
    expect(inserts('cd "my')).toEqual(['"my dir/']);
    expect(inserts("cat 'hello.k")).toEqual(["'hello.ko'"]);
  });
  it('lists final path components, as bash does', () => {
    expect(completeLine('cat /proc/', 10, fake).items.map((i) => i.label)).toEqual(['devices', 'kallsyms', 'modules', 'sys/']);
  });
  it('completes loaded modules for rmmod and modprobe -r, modules.dep names for modprobe, both for modinfo', () => {
    expect(inserts('rmmod hel')).toEqual(['hello', 'helper']);
    expect(inserts('rmmod -f d')).toEqual(['dummy']);
    expect(inserts('modprobe -r he')).toEqual(['hello', 'helper']);
    expect(inserts('modprobe -rv he')).toEqual(['hello', 'helper']);
    expect(inserts('/sbin/modprobe snd')).toEqual(['snd-hda-intel', 'snd-pcm']);
    expect(inserts('modprobe he')).toEqual(['hello']);
    expect(inserts('modinfo ')).toEqual(['dummy', 'hello', 'helper', 'snd-hda-intel', 'snd-pcm']);
    expect(inserts('modinfo ./hel')).toEqual(['./hello.ko', './hello.yaml']);
    expect(inserts('rmmod -')).toEqual([]);
  });
  it('replaces the word up to the cursor only', () => {
    const c = completeLine('cat /proc/mo | wc -l', 12, fake);
    expect(c).toMatchObject({ start: 4, end: 12, items: [{ insert: '/proc/modules' }] });
  });
});

describe('completion on a booted session', () => {
  it('knows the registry, the builtins, /proc, loaded modules and modules.dep', () => {
    const session = new Session({ files: { '/lib/modules/6.1.0-56-amd64/kernel/drivers/net/dummy.ko': 'x' } });
    const source = sessionSource(session);
    expect(source.commands()).toEqual(expect.arrayContaining(['lsmod', 'insmod', 'make', 'clear', ...BUILTINS]));
    expect(inserts('lsm', source)).toEqual(['lsmod']);
    expect(inserts('ta', source)).toEqual(['tail', 'taskset']);
    expect(inserts('cat /proc/mod', source)).toEqual(['/proc/modules']);
    expect(inserts('cat /proc/sys/kernel/ta', source)).toEqual(['/proc/sys/kernel/tainted']);
    expect(inserts('ls /pr', source)).toEqual(['/proc/']);
    expect(inserts('cat /etc/pa', source)).toEqual(['/etc/passwd']);
    expect(inserts('cd /lib/modules/', source)).toEqual(['/lib/modules/6.1.0-56-amd64/']);
    expect(inserts('rmmod ', source)).toEqual([]);
  });
  it('reads modules.dep for modprobe and modinfo', () => {
    const s = new Session().machine.state;
    expect(modulesDepNames(s)).toEqual([]);
    const text = 'kernel/drivers/net/dummy.ko:\nkernel/sound/snd-pcm.ko.xz: kernel/sound/snd.ko.xz\nkernel/sound/snd.ko.xz:\n';
    const state = { ...s, fs: { ...s.fs, [`/lib/modules/${s.release}`]: { ...s.fs[`/lib/modules/${s.release}`], 'modules.dep': { kind: 'file' as const, mode: 0o644, uid: 0, data: text } } } };
    expect(modulesDepNames(state)).toEqual(['dummy', 'snd-pcm', 'snd']);
  });
  it('follows the shell user’s permissions', () => {
    const session = new Session();
    session.script(['su student']);
    expect(listEntries(session.machine.state, '/root')).toBeNull();
    expect(listEntries(session.machine.state, '/home')).toEqual([{ name: 'student', dir: true }]);
  });
  it('drives the line editor: lsm<Tab> and cat /proc/mod<Tab>', () => {
    const session = new Session();
    const ed = new LineEditor((line, cursor) => completeLine(line, cursor, sessionSource(session)));
    ed.prompt = '# ';
    ed.showPrompt();
    ed.input('lsm\t');
    ed.process();
    expect(ed.line).toBe('lsmod ');
    ed.input('\x15cat /proc/mod\t');
    ed.process();
    expect(ed.line).toBe('cat /proc/modules ');
  });
});
