// The store as the panels drive it: Load, Step, Step back, Run, Unload, the terminal, a device
// held open on CPU 2, Reset.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { getNode } from '../kernel/fs';
import { getMod } from '../kernel/shards';
import { usePlayground } from './playground';
import { TEMPLATES } from './templates';
import { logRecords } from '../kernel/log';

const store = () => usePlayground.getState();
const text = () => store().output.map((c) => c.text).join('');
const template = (name: string) => TEMPLATES.find((t) => t.name === name)!;

function stepToEnd(): number {
  let n = 0;
  while (store().kernel.inflight.length > 0 && n < 500) { store().step(); n++; }
  return n;
}

beforeEach(() => {
  usePlayground.setState({ settings: {} });
  store().reset();
  usePlayground.setState({ files: [template('hello.yaml')], activeFile: 'hello.yaml', loadArgs: '' });
});

describe('playground store', () => {
  it('starts with an empty timeline after boot (depmod included in the initial state)', () => {
    expect(store().cursor).toBe(0);
    expect(store().length).toBe(0);
  });

  it('loads hello step by step, steps back into the syscall and forward again', () => {
    store().load();
    expect(store().kernel.inflight).toHaveLength(1);
    expect(text()).toContain('make');
    const steps = stepToEnd();
    expect(steps).toBeGreaterThan(14);
    expect(getMod(store().kernel, 'hello')?.state).toBe('LIVE');
    expect(logRecords(store().kernel.log).map((r) => r.text)).toContain('Hello, world');
    const end = store().cursor;
    store().stepBack();
    expect(store().cursor).toBe(end - 1);
    expect(store().kernel.inflight).toHaveLength(1);
    store().step();
    expect(store().cursor).toBe(end);
    expect(store().kernel.inflight).toHaveLength(0);
  });

  it('unloads, and stepping back across the unload shows hello LIVE again', () => {
    store().load();
    store().run();
    const loaded = store().cursor;
    store().unload('hello');
    store().run();
    expect(getMod(store().kernel, 'hello')).toBeUndefined();
    store().seek(loaded);
    expect(getMod(store().kernel, 'hello')?.state).toBe('LIVE');
    // A new action from the past drops the future.
    store().execute('lsmod');
    expect(text()).toMatch(/^hello\s+\d+\s+0$/m);
    store().execute('echo x > /tmp/note');
    expect(store().length).toBe(loaded + 1);
  });

  it('a device opened on CPU 2 shows in ref[2] and makes rmmod refuse', () => {
    usePlayground.setState({ files: [template('chardev.yaml')], activeFile: 'chardev.yaml' });
    store().load();
    store().run();
    const major = Number(Object.keys(store().kernel.chrdevs)[0]);
    store().dispatch({ type: 'open_device', major, cpu: 2, label: 'bash (pid 1000) has /dev/chardev open' });
    expect(getMod(store().kernel, 'chardev')?.refs).toEqual([0, 0, 1, 0]);
    expect(store().execute('rmmod chardev')).toBe(1);
    expect(text()).toContain('rmmod: ERROR: Module chardev is in use\n');
  });

  it('a broken manifest does not load and says where', () => {
    usePlayground.setState({ files: [{ name: 'bad.yaml', text: 'name: bad\nlicense: [oops\n' }], activeFile: 'bad.yaml' });
    store().load();
    expect(store().kernel.inflight).toHaveLength(0);
    expect(store().notice).toEqual({ text: expect.stringMatching(/^bad\.yaml:\d+:\d+: /) });
  });

  it('snapshot and restore come back to the same step with the same files', async () => {
    store().load();
    for (let i = 0; i < 7; i++) store().step();
    store().remember('lsmod');
    store().setSetting('lang', 'es');
    const saved = JSON.parse(JSON.stringify(store().snapshot()));
    const kernel = store().kernel;
    store().startAfresh();
    expect(store().length).toBe(0);
    await store().restore(saved);
    expect(store().cursor).toBe(saved.cursor);
    expect(store().kernel).toEqual(kernel);
    expect(store().history).toEqual(['lsmod']);
    expect(store().settings).toEqual({ lang: 'es' });
    expect(store().files).toEqual(saved.files);
  });

  it('restores a session with the real tree as it was saved, fetching the tree once', async () => {
    const catalog = readFileSync(join(process.cwd(), 'public/catalog/debian-6.1.json'));
    const fetched = vi.fn(async () => new Response(catalog));
    vi.stubGlobal('fetch', fetched);
    try {
      await store().loadCatalog();
      expect(store().catalog).toBe('loaded');
      store().execute('modprobe vfat');
      const saved = JSON.parse(JSON.stringify(store().snapshot()));
      expect(saved.catalog).toBe('debian-6.1');
      const kernel = store().kernel;
      store().startAfresh();
      await store().restore(saved);
      expect(store().catalog).toBe('loaded');
      expect(store().kernel).toEqual(kernel);
      expect(getMod(store().kernel, 'fat')?.usedBy).toEqual(['vfat']);
      const vfat = `/lib/modules/${store().kernel.release}/kernel/fs/fat/vfat.ko`;
      expect(getNode(store().kernel, vfat)).toBeDefined();
      // A session saved without the tree comes back without it, and says so.
      await store().restore({ ...saved, catalog: 'none', actions: [], cursor: 0 });
      expect(store().catalog).toBe('none');
      expect(getNode(store().kernel, vfat)).toBeUndefined();
      expect(fetched).toHaveBeenCalledTimes(1);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('predict first', () => {
  it('asks before the step, runs it on the guess, and reveals the answer', () => {
    store().reset();
    usePlayground.setState({ files: [template('hello.yaml')], activeFile: 'hello.yaml' });
    store().setSetting('predict', true);
    store().load();
    const at = store().cursor;
    store().step();
    expect(store().cursor).toBe(at);
    const question = store().prediction!.question;
    expect(question.kind).toBe('result');
    store().guess('EPERM');
    expect(store().cursor).toBe(at + 1);
    expect(store().prediction).toEqual({ question, guess: 'EPERM' });
    expect(question.answer).toBe('succeeds');
    store().setSetting('predict', false);
    store().closePrediction();
  });
});

describe('Load and Unload speak as insmod and rmmod', () => {
  it('prints the tool error when the stepped syscall fails', () => {
    store().reset();
    usePlayground.setState({ files: [template('hello.yaml')], activeFile: 'hello.yaml' });
    store().load();
    store().run();
    store().load();
    store().run();
    expect(text()).toContain('insmod: ERROR: could not insert module /root/hello.ko: File exists\n');
    store().unload('nothere');
    store().run();
    expect(text()).toContain('rmmod: ERROR: could not remove module nothere: No such file or directory\n');
  });

  it('reboots with log_buf_len, and a saved session restores onto the same boot', async () => {
    store().reboot('log_buf_len=8M');
    expect(store().kernel.log.size).toBe(8 << 20);
    expect(store().kernel.cmdline).toMatch(/ log_buf_len=8M$/);
    expect(store().cursor).toBe(0);
    store().load();
    stepToEnd();
    const saved = store().snapshot();
    store().reboot('');
    expect(store().kernel.log.size).toBe(128 << 10);
    await store().restore(saved);
    expect(store().kernel.log.size).toBe(8 << 20);
    expect(getMod(store().kernel, 'hello')?.state).toBe('LIVE');
  });

  it('links a log line to its timeline step, past the boot actions', () => {
    store().load();
    stepToEnd();
    const hello = logRecords(store().kernel.log).find((r) => r.text === 'Hello, world')!;
    const step = hello.action - store().firstAction + 1;
    store().seek(step);
    expect(logRecords(store().kernel.log).at(-1)?.text).toBe('Hello, world');
    store().seek(step - 1);
    expect(logRecords(store().kernel.log).map((r) => r.text)).not.toContain('Hello, world');
  });
});
