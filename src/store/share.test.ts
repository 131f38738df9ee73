import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare, MAX_FRAGMENT } from './share';
import { SESSION_VERSION, type SavedSession } from './sessionFile';

const session: SavedSession = {
  version: SESSION_VERSION, catalog: 'none', files: [{ name: 'hello.yaml', text: 'name: hello\nlicense: GPL\n' }],
  activeFile: 'hello.yaml', loadArgs: '', actions: [{ type: 'clock', usec: 5 }], cursor: 1, history: [], settings: {},
};

describe('share links', () => {
  it('round-trips a session through the fragment', async () => {
    const fragment = await encodeShare(session);
    expect(fragment).toMatch(/^s=[A-Za-z0-9_-]+$/);
    expect(await decodeShare('#' + fragment)).toEqual({ session });
  });

  it('ignores a fragment that is not a share link', async () => {
    expect(await decodeShare('')).toBeNull();
    expect(await decodeShare('#section-2')).toBeNull();
  });

  it('says what is wrong with a damaged, oversized or hostile link', async () => {
    const fragment = (await encodeShare(session))!;
    expect(await decodeShare('#s=%%%')).toEqual({ error: 'the link is damaged: its data is not base64url text (was it cut short or edited?)' });
    expect(await decodeShare('#' + fragment.slice(0, fragment.length - 8))).toEqual({ error: 'the link is damaged: its data does not decompress (was it cut short?)' });
    expect((await decodeShare('#s=' + 'A'.repeat(MAX_FRAGMENT + 1)))!).toEqual({ error: expect.stringMatching(/too long/) });
    const bomb = (await encodeShare({ ...session, files: [{ name: 'a.yaml', text: 'x'.repeat(60_000) }], loadArgs: '' }))!;
    expect(bomb.length).toBeLessThan(2000);
    const notSession = (await encodeShare({ ...session, version: 2 as 1 }))!;
    expect(await decodeShare(notSession)).toEqual({ error: "the link's session is not valid: unsupported session version 2 (this app reads version 1)" });
  });

  it('never throws on arbitrary fragments', async () => {
    await fc.assert(fc.asyncProperty(fc.string(), async (s) => {
      const r = await decodeShare('#s=' + s);
      expect(r === null || 'error' in r || 'session' in r).toBe(true);
    }), { numRuns: 200 });
  });
});
