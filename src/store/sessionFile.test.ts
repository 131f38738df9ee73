import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reduce } from '../kernel/reducer';
import { bootState } from '../kernel/state';
import { bytes } from '../kernel/testing';
import { checkAction, parseSession, readSession, SESSION_VERSION, type SavedSession } from './sessionFile';

const good: SavedSession = {
  version: SESSION_VERSION, catalog: 'none',
  files: [{ name: 'hello.yaml', text: 'name: hello\n' }], activeFile: 'hello.yaml', loadArgs: 'x=1',
  actions: [{ type: 'init_module', bytes: bytes({ name: 'hello' }), args: '' }, { type: 'step' }, { type: 'run' }],
  cursor: 2, history: ['lsmod'], settings: { lang: 'es', scale: 150 },
};

describe('readSession', () => {
  it('reads back what was saved', () => {
    expect(parseSession(JSON.stringify(good))).toEqual({ session: good });
  });

  it.each([
    ['[]', 'not a session: expected a JSON object'],
    ['{"version": 9}', 'unsupported session version 9 (this app reads version 1)'],
    ['{', 'not valid JSON'],
  ])('rejects %s', (text, message) => {
    expect((parseSession(text) as { error: string }).error).toContain(message);
  });

  it('says which action is wrong and why', () => {
    const bad = (action: unknown) => (readSession({ ...good, actions: [good.actions[0], action] }) as { error: string }).error;
    expect(bad({ type: 'rm -rf' })).toBe('actions[1]: unknown action type "rm -rf"');
    expect(bad({ type: 'step', extra: 1 })).toBe('actions[1]: step: unknown field "extra"');
    expect(bad({ type: 'set_cpus', ncpus: 1e9 })).toBe('actions[1]: set_cpus: bad or missing "ncpus"');
    expect(bad({ type: '__proto__' })).toMatch(/unknown action type/);
    expect(bad({ type: 'toString' })).toMatch(/unknown action type/);
  });

  it('bounds sizes and the cursor', () => {
    expect(readSession({ ...good, cursor: 4 })).toEqual({ error: 'cursor: expected a whole number from 0 to 3' });
    expect(readSession({ ...good, files: [{ name: '../../etc/passwd', text: '' }] })).toEqual({ error: 'files[0]: a name like hello.yaml is required' });
    expect((readSession({ ...good, files: [{ name: 'a.yaml', text: 'x'.repeat(70_000) }] }) as { error: string }).error).toMatch(/larger than 64 KiB/);
    expect((parseSession('x'.repeat(100), 50) as { error: string }).error).toMatch(/too large/);
  });

  it('never throws, and whatever it accepts replays through the reducer without throwing', () => {
    const anyAction = fc.record({ type: fc.constantFrom('init_module', 'delete_module', 'step', 'run', 'umh_exit', 'open_device', 'close_device', 'set_cpus', 'write_file', 'inject_fault', 'clock', 'set_cred'), name: fc.string(), ncpus: fc.integer(), code: fc.integer(), major: fc.integer(), holder: fc.integer(), path: fc.string(), data: fc.string(), usec: fc.integer(), uid: fc.integer(), user: fc.string(), label: fc.string(), fault: fc.anything(), bytes: fc.string(), args: fc.string() }, { requiredKeys: ['type'] });
    fc.assert(fc.property(fc.oneof(fc.anything(), fc.record({ version: fc.constant(1), catalog: fc.constant('none'), files: fc.constant([]), activeFile: fc.constant(''), loadArgs: fc.constant(''), actions: fc.array(anyAction, { maxLength: 20 }), cursor: fc.nat(3), history: fc.constant([]), settings: fc.constant({}) })), (data) => {
      const result = readSession(data);
      if ('session' in result) result.session.actions.reduce(reduce, bootState());
    }), { numRuns: 300 });
  });

  it('checkAction accepts every action the shell and panels make', () => {
    for (const a of good.actions) expect(checkAction(a)).toBeNull();
    expect(checkAction({ type: 'open_device', major: 254, cpu: 2, label: 'bash (pid 1000) has /dev/chardev open' })).toBeNull();
  });
});
