// Property tests: random sequences of actions over a small pool of modules, checking after every
// action the invariants the kernel must keep, that every state is frozen through and through (so
// no later action can change it: cow.ts), and that replaying the action log reproduces the state
// exactly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { E } from './errno';
import { reduce } from './reducer';
import {
  allocatedBytes, boot, bytes, DELETE_STEP_IDS, image, INIT_STEP_IDS, param, sectionBytes, st,
} from './testing';
import type { Action, KernelState, ModuleImage } from './types';
import { modsOf } from './shards';
import { moduleNames } from './modlist';

const POOL: ModuleImage[] = [
  image({
    name: 'lib',
    exports: [{ symbol: 'lib_fn', gpl: false }, { symbol: 'lib_gpl', gpl: true }],
    init: [st.kmalloc('buf', 512), st.ifError('out'), st.ret(0), st.label('out'), st.ret(-E.ENOMEM)],
    exit: [st.kfree('buf')],
  }),
  image({ name: 'user1', imports: ['lib_fn'], params: [param('irq', 'int')], init: [st.printk('irq=%d', ['irq']), st.ret(0)], exit: [st.requestModule('user1-cleanup')] }),
  image({ name: 'user2', imports: ['lib_fn', 'lib_gpl'], init: [st.requestModule('helper', 'rc'), st.ret(0)], exit: [st.printk('bye')] }),
  image({
    name: 'dev',
    imports: ['lib_fn'],
    init: [st.registerChrdev('dev', 0, 'major'), st.ifError('out'), st.ret(0), st.label('out'), st.ret(-E.EBUSY)],
    exit: [st.unregisterChrdev('dev')],
  }),
  image({
    name: 'failer',
    imports: ['lib_fn'],
    init: [st.registerChrdev('failer'), st.kmalloc('buf', 64), st.requestModule('helper'), st.kfree('buf'), st.ret(-E.ENODEV)],
  }),
  image({ name: 'perm', init: [st.registerChrdev('perm'), st.ret(0)], exit: null }),
  image({ name: 'blob', license: 'Proprietary', imports: ['lib_gpl'] }),
  image({ name: 'blob2', license: 'Proprietary', imports: ['lib_fn'], exports: [{ symbol: 'blob_fn', gpl: false }] }),
  image({ name: 'dup', exports: [{ symbol: 'lib_fn', gpl: false }] }),
  image({ name: 'helper', imports: ['blob_fn'], exit: [st.requestModule('cleanup')] }),
  image({ name: 'leaky', init: [st.kmalloc('buf', 100), st.cacheCreate('c', 'leaky_cache', 32), st.cacheAlloc('o', 'c'), st.ret(1)], exit: [st.cacheDestroy('c')] }),
  image({ name: 'other', vermagic: '6.1.0-55-amd64 SMP preempt mod_unload modversions ' }),
];
const NAMES = [...POOL.map((m) => m.name), 'nosuch'];
const ARGS = ['', 'irq=5', 'irq=abc', 'irq=99999999999', 'foo=1', 'irq=1 -- x'];
// Faults after try_stop_module would hit steps that cannot fail in the real kernel; module_memfree
// in particular would drop a module without freeing it (see the report), so it is left out.
const FAULT_STEPS = [...INIT_STEP_IDS, ...DELETE_STEP_IDS.filter((id) => id !== 'module_memfree'), 'stmt:kmalloc', 'stmt:register_chrdev', 'stmt:kmem_cache_create'];
const ENCODED = new Map(POOL.map((m) => [m.name, bytes(m)]));

const nameArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant('lib') },
  { weight: 7, arbitrary: fc.constantFrom(...POOL.map((m) => m.name)) },
);
const initArb = fc.record({ name: nameArb, args: fc.constantFrom(...ARGS), force: fc.boolean() })
  .map(({ name, args, force }): Action => ({ type: 'init_module', bytes: ENCODED.get(name)!, args, force }));
const deleteArb = fc.record({ name: fc.constantFrom(...NAMES), force: fc.boolean() })
  .map(({ name, force }): Action => ({ type: 'delete_module', name, force }));
const RUN: Action = { type: 'run' };

/** Removes the module at `index` of the modules list as the command runs (rmmod of a loaded one). */
interface RmmodLoaded { index: number; force: boolean; steps: number; run: boolean }
type Command = Action[] | RmmodLoaded;

function resolve(s: KernelState, cmd: Command): Action[] {
  if (Array.isArray(cmd)) return cmd;
  const listed = moduleNames(s.modules);
  const name = listed.length ? listed[cmd.index % listed.length]! : 'nosuch';
  const del: Action = { type: 'delete_module', name, force: cmd.force };
  return [del, ...Array.from({ length: cmd.steps }, (): Action => ({ type: 'step' })), ...(cmd.run ? [RUN] : [])];
}

/** One command: a single action, or a short burst (insmod = init_module + run). */
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ index: fc.nat(20), force: fc.boolean(), steps: fc.nat(10), run: fc.boolean() }) },
  { weight: 8, arbitrary: initArb.map((a) => [a, RUN]) },
  { weight: 2, arbitrary: initArb.map((a) => [a]) },
  { weight: 1, arbitrary: deleteArb.map((a) => [a, RUN]) },
  { weight: 1, arbitrary: deleteArb.map((a) => [a]) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 6 }).map((n) => Array.from({ length: n }, (): Action => ({ type: 'step' }))) },
  { weight: 3, arbitrary: fc.constant<Action[]>([RUN]) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 2 }).map((code): Action[] => [{ type: 'umh_exit', code }, RUN]) },
  { weight: 6, arbitrary: fc.record({ major: fc.constantFrom(254, 253, 252), cpu: fc.integer({ min: 0, max: 3 }) })
    .map(({ major, cpu }): Action[] => [{ type: 'open_device', major, cpu, label: 'cat' }]) },
  { weight: 3, arbitrary: fc.record({ holder: fc.integer({ min: 1, max: 6 }), cpu: fc.integer({ min: 0, max: 3 }) })
    .map(({ holder, cpu }): Action[] => [{ type: 'close_device', holder, cpu }]) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }).map((cpu): Action[] => [{ type: 'set_cpu', cpu }]) },
  { weight: 2, arbitrary: fc.record({ step: fc.constantFrom(...FAULT_STEPS), errno: fc.constantFrom(E.EIO, E.ENOMEM, E.EBUSY) })
    .map((fault): Action[] => [{ type: 'inject_fault', fault }]) },
  { weight: 1, arbitrary: fc.constant<Action[]>([{ type: 'set_cred', uid: 1000, user: 'student' }]) },
  { weight: 3, arbitrary: fc.constant<Action[]>([{ type: 'set_cred', uid: 0, user: 'root' }]) },
  { weight: 1, arbitrary: fc.constantFrom<Action>({ type: 'set_refcount_model', model: 'atomic' }, { type: 'set_refcount_model', model: 'percpu' }).map((a) => [a]) },
  { weight: 1, arbitrary: fc.record({ name: fc.constantFrom('user1', 'lib'), value: fc.constantFrom('7\n', 'x') })
    .map(({ name, value }): Action[] => [{ type: 'write_param', module: name, param: 'irq', value }]) },
);
const commandsArb = (min: number, max: number) => fc.array(commandArb, { minLength: min, maxLength: max });

/** Runs the commands, checking the invariants after every action; returns the actions applied. */
function execute(commands: Command[]): { actions: Action[]; state: KernelState } {
  let s = boot();
  const tracker: Tracker = { dangling: false };
  const actions: Action[] = [];
  for (const cmd of commands) {
    for (const action of resolve(s, cmd)) {
      const before = s.actions;
      s = reduce(s, action);
      actions.push(action);
      expect(s.actions).toBe(before + 1);
      expectFrozen(s, 'state');
      checkInvariants(s, tracker);
    }
  }
  return { actions, state: s };
}

interface Tracker { dangling: boolean }

/** Objects already found frozen through and through (states share most of their objects). */
const FROZEN = new WeakSet<object>();

function expectFrozen(value: unknown, path: string): void {
  if (typeof value !== 'object' || value === null || FROZEN.has(value)) return;
  expect(Object.isFrozen(value), `${path} is frozen`).toBe(true);
  for (const [key, child] of Object.entries(value)) expectFrozen(child, `${path}.${key}`);
  FROZEN.add(value);
}

function checkInvariants(s: KernelState, t: Tracker): void {
  const names = Object.keys(modsOf(s));
  // s.modules lists exactly the keys of modsOf(s), once each.
  const listed = moduleNames(s.modules);
  expect([...listed].sort()).toEqual([...names].sort());
  expect(new Set(listed).size).toBe(listed.length);

  // A holder that outlived its module (rmmod -f, or an init that failed with its device open)
  // may later put a reference on a new module of the same name.
  if (s.holders.some((h) => !modsOf(s)[h.module])) t.dangling = true;

  for (const [name, m] of Object.entries(modsOf(s))) {
    expect(m.name).toBe(name);
    const sum = m.refs.reduce((a, b) => a + b, 0);
    if (!t.dangling) expect(sum, `refcount of ${name}`).toBeGreaterThanOrEqual(0);
    expect(m.refs).toHaveLength(s.refcountModel === 'atomic' ? 1 : s.ncpus);
    if (m.state === 'LIVE') expect(m.init).toBeNull();
    // usedBy and uses are symmetric, and nothing uses a module that is gone.
    for (const target of m.uses) {
      expect(modsOf(s)[target], `${name} uses ${target}, which is gone`).toBeDefined();
      expect(modsOf(s)[target]!.usedBy).toContain(name);
    }
    for (const source of m.usedBy) {
      expect(modsOf(s)[source], `${source} uses ${name} but is gone`).toBeDefined();
      expect(modsOf(s)[source]!.uses).toContain(name);
    }
    expect(new Set(m.usedBy).size).toBe(m.usedBy.length);
    // Each user holds one reference.
    if (!t.dangling) expect(sum).toBeGreaterThanOrEqual(m.usedBy.length);
  }

  // Memory: every byte in use is a live allocation or a module section.
  expect(s.memory.usedBytes).toBe(allocatedBytes(s) + sectionBytes(s));
  for (const cache of Object.values(s.caches)) expect(s.memory.allocations[cache.alloc]).toBeDefined();

  // Syscalls: a helper always has a blocked waiter, and every blocked syscall has a helper.
  if (s.umh) expect(s.inflight.find((c) => c.id === s.umh!.waiter)?.blocked).toBe(true);
  for (const c of s.inflight) if (c.blocked) expect(helperChain(s)).toContain(c.id);
  if (s.cpusStopped) expect(s.inflight.at(-1)?.kind).toBe('delete_module');
}

/** The waiters of the current helper and of every helper it interrupted. */
function helperChain(s: KernelState): number[] {
  const out: number[] = [];
  for (let h = s.umh ?? undefined; h; h = h.outer) out.push(h.waiter);
  return out;
}

function replay(actions: Action[]): KernelState {
  return actions.reduce(reduce, boot());
}

describe('kernel invariants under random actions', () => {
  it('hold after every action, and replay reproduces the state', () => {
    fc.assert(
      fc.property(commandsArb(10, 40), (commands) => {
        const { actions, state } = execute(commands);
        expect(replay(actions)).toEqual(state);
      }),
      { numRuns: 200, seed: 20261116 },
    );
  }, 60_000);

  it('hold with random seeds too', () => {
    fc.assert(
      fc.property(commandsArb(5, 30), (commands) => {
        const { actions, state } = execute(commands);
        expect(replay(actions)).toEqual(state);
      }),
      { numRuns: 80 },
    );
  }, 60_000);

  it('a full load/unload cycle of the whole pool leaves nothing behind but the leaks', () => {
    let s = boot();
    const tracker: Tracker = { dangling: false };
    const load = (name: string, args = '') => {
      s = reduce(s, { type: 'init_module', bytes: ENCODED.get(name)!, args });
      s = reduce(s, { type: 'run' });
      while (s.umh) s = reduce(reduce(s, { type: 'umh_exit', code: 0 }), { type: 'run' });
      checkInvariants(s, tracker);
    };
    for (const name of ['lib', 'user1', 'user2', 'dev', 'blob2', 'helper', 'perm', 'leaky']) load(name, 'irq=3');
    expect(Object.keys(modsOf(s)).sort()).toEqual(['blob2', 'dev', 'helper', 'leaky', 'lib', 'perm', 'user1', 'user2']);
    for (const name of ['helper', 'blob2', 'user1', 'user2', 'dev', 'leaky', 'lib', 'perm']) {
      s = reduce(s, { type: 'delete_module', name, force: name === 'perm' });
      s = reduce(s, { type: 'run' });
      while (s.umh) s = reduce(reduce(s, { type: 'umh_exit', code: 0 }), { type: 'run' });
      expect(s.ret?.value, name).toBe(0);
      checkInvariants(s, tracker);
    }
    expect(modsOf(s)).toEqual({});
    // leaky's kmalloc (never freed) and its cache with one object (destroy refused) remain.
    expect(Object.values(s.memory.allocations).map((a) => a.kind).sort()).toEqual(['cache_obj', 'kmalloc', 'kmem_cache']);
  });
});
