import { describe, expect, it } from 'vitest';
import { st, bytes } from '../kernel/testing';
import { Session } from '../userland/kshell/session';
import { NONE, predictChain } from './predictChain';

const R = '/lib/modules/6.1.0-56-amd64/kernel';

function waiting(brokenChain: boolean): Session {
  const s = new Session({
    files: {
      [`${R}/fs/fat/fat.ko`]: bytes({ name: 'fat', exports: [{ symbol: 'fat_fill_super', gpl: true }], ...(brokenChain ? { init: [st.ret(-12)] } : {}) }),
      [`${R}/fs/fat/vfat.ko`]: bytes({ name: 'vfat', imports: ['fat_fill_super'], alias: ['fs-vfat'] }),
      '/root/wants.ko': bytes({ name: 'wants', init: [st.requestModule('fs-vfat', 'ret'), st.ret(0)] }),
    },
  });
  s.machine.stepwise = true;
  s.machine.dispatch({ type: 'init_module', bytes: bytes({ name: 'wants', init: [st.requestModule('fs-vfat', 'ret'), st.ret(0)] }), args: '' });
  for (let i = 0; i < 100 && !s.machine.state.umh; i++) s.machine.dispatch({ type: 'step' });
  return s;
}

describe('predictChain', () => {
  it('names the module of the chain whose load fails, without touching the real timeline', () => {
    const s = waiting(true);
    const length = s.machine.timeline.length;
    expect(predictChain(s.machine.state)).toEqual({ kind: 'chain', request: 'fs-vfat', options: ['fat', 'vfat', NONE], answer: 'fat' });
    expect(s.machine.timeline.length).toBe(length);
  });

  it('answers "none" when the whole chain loads', () => {
    expect(predictChain(waiting(false).machine.state)).toEqual({ kind: 'chain', request: 'fs-vfat', options: ['fat', 'vfat', NONE], answer: NONE });
  });
});
