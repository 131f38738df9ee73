import { describe, expect, it } from 'vitest';
import { EMPTY_MODULE_LIST, moduleNames, withModule, withoutModule, type ModuleList } from './modlist';

const names = (n: number) => Array.from({ length: n }, (_, i) => `m${i}`);

describe('the modules list', () => {
  it('lists the newest first, across chunks, and copies only the newest chunk when one is added', () => {
    let list: ModuleList = EMPTY_MODULE_LIST;
    for (const name of names(600)) list = withModule(list, name);
    expect(moduleNames(list)).toEqual(names(600).reverse());
    const next = withModule(list, 'new');
    expect(next[0]).toBe(list[0]);
    expect(moduleNames(next)[0]).toBe('new');
    expect(moduleNames(list)).toHaveLength(600);
  });

  it('removes a name from whichever chunk holds it, drops an emptied chunk, and keeps the order', () => {
    let list: ModuleList = EMPTY_MODULE_LIST;
    for (const name of names(300)) list = withModule(list, name);
    const without = withoutModule(list, 'm5');
    expect(moduleNames(without)).toEqual(names(300).filter((n) => n !== 'm5').reverse());
    expect(without[1]).toBe(list[1]);
    let small = withModule(EMPTY_MODULE_LIST, 'a');
    small = withoutModule(small, 'a');
    expect(small).toEqual([]);
    expect(withoutModule(list, 'nosuch')).toBe(list);
  });

  it('is frozen through, and moduleNames() gives the same frozen array for the same list', () => {
    const list = withModule(withModule(EMPTY_MODULE_LIST, 'a'), 'b');
    expect(Object.isFrozen(list) && Object.isFrozen(list[0])).toBe(true);
    expect(moduleNames(list)).toBe(moduleNames(list));
    expect(Object.isFrozen(moduleNames(list))).toBe(true);
  });
});
