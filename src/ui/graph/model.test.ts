import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePasted } from '../../catalog/paste';
import { Session } from '../../userland/kshell/session';
import { buildGraph, changesSince, graphFromPasted, labelFromFiles } from './model';

const example = (name: string) => readFileSync(new URL(`../../../examples/${name}.yaml`, import.meta.url), 'utf8');

/** A machine with exporter and user built in /root (nothing loaded yet). */
function machine(extra: Record<string, string> = {}) {
  const session = new Session({ files: { '/root/exporter.yaml': example('exporter'), '/root/user.yaml': example('user'), ...extra } });
  const r = session.script(['cd /root', 'make']);
  expect(r.status).toBe(0);
  return session;
}

const DEP = `kernel/fs/fat/fat.ko:
kernel/fs/fat/vfat.ko: kernel/fs/fat/fat.ko
kernel/fs/fat/msdos.ko: kernel/fs/fat/fat.ko
kernel/lib/a-b.ko: kernel/fs/fat/vfat.ko kernel/fs/fat/fat.ko
`;

describe('the graph of a kernel state', () => {
  it('shows modules built in /root as available, with the symbols they would resolve', () => {
    const g = buildGraph(machine().machine.state);
    expect(g.nodes.get('exporter')).toMatchObject({ state: 'AVAILABLE', refs: null, file: '/root/exporter.ko' });
    expect(g.nodes.get('user')).toMatchObject({ state: 'AVAILABLE' });
    expect(g.edges.get('user->exporter')).toMatchObject({ source: 'user', target: 'exporter', symbols: ['moja_funkcja'], kind: 'dep' });
  });

  it('shows loaded modules with their state, refcount, users and the symbols of each use', () => {
    const session = machine();
    expect(session.script(['insmod exporter.ko', 'insmod user.ko']).status).toBe(0);
    const g = buildGraph(session.machine.state);
    expect(g.nodes.get('exporter')).toMatchObject({ state: 'LIVE', refs: 1, usedBy: ['user'], inflight: null });
    expect(g.nodes.get('user')).toMatchObject({ state: 'LIVE', refs: 0, usedBy: [] });
    expect(g.edges.get('user->exporter')).toMatchObject({ kind: 'uses', symbols: ['moja_funkcja'] });
    expect(g.out.get('user')).toEqual(['exporter']);
    expect(g.in.get('exporter')).toEqual(['user']);
  });

  it('follows init_module step by step: the in-flight module, then the edge simplify_symbols adds', () => {
    const session = machine();
    session.script(['insmod exporter.ko']);
    const m = session.machine;
    m.stepwise = true;
    const ko = m.state.fs['/root']!['user.ko']!;
    m.dispatch({ type: 'init_module', bytes: (ko as { data: string }).data, args: '', comm: 'insmod' });
    // Before any step the kernel has not read the image: the file's node is shown in flight.
    expect(buildGraph(m.state).nodes.get('user')).toMatchObject({ state: 'AVAILABLE', inflight: 'init_module' });
    const seen: Array<{ step: string; state: string | undefined; inflight: string | null | undefined; edge: string | undefined; isNew: boolean }> = [];
    let before = buildGraph(m.state);
    while (m.state.inflight.length) {
      m.dispatch({ type: 'step' });
      const g = buildGraph(m.state);
      const c = m.state.inflight[0];
      const changes = changesSince(g, before);
      seen.push({
        step: c?.trace.at(-1)?.id ?? 'returned',
        state: g.nodes.get('user')?.state,
        inflight: g.nodes.get('user')?.inflight,
        edge: g.edges.get('user->exporter')?.kind,
        isNew: changes.edges.has('user->exporter'),
      });
      before = g;
    }
    const at = (step: string) => seen.find((s) => s.step === step)!;
    // Staged before add_unformed_module, still drawn (as UNFORMED, in flight) with its expected edge.
    expect(at('layout_and_allocate')).toMatchObject({ state: 'UNFORMED', inflight: 'init_module', edge: 'dep' });
    expect(at('module_unload_init')).toMatchObject({ state: 'UNFORMED', edge: 'dep' });
    // simplify_symbols takes the reference: the edge becomes a kernel "uses" edge, flagged new.
    expect(at('simplify_symbols')).toMatchObject({ state: 'UNFORMED', edge: 'uses', isNew: true });
    expect(at('complete_formation')).toMatchObject({ state: 'COMING', edge: 'uses', isNew: false });
    expect(seen.at(-1)).toMatchObject({ state: 'LIVE', inflight: null, edge: 'uses' });
  });

  it('reads modules.dep (direct dependencies only) and labels its edges from the .ko files', () => {
    const session = machine();
    session.script(['make modules_install']);
    const s = session.machine.state;
    const g = buildGraph(s);
    expect(g.nodes.get('exporter')?.file).toBe(`/lib/modules/${s.release}/extra/exporter.ko`);
    const edge = g.edges.get('user->exporter')!;
    expect(edge.kind).toBe('dep');
    const [labelled] = labelFromFiles(s, g, [edge]);
    expect(labelled!.symbols).toEqual(['moja_funkcja']);
  });

  it('uses the same graph object for the same state (states are immutable)', () => {
    const s = machine().machine.state;
    expect(buildGraph(s)).toBe(buildGraph(s));
  });

  it('flags changed nodes and new edges against the previous state', () => {
    const session = machine();
    const s0 = session.machine.state;
    session.script(['insmod exporter.ko']);
    const s1 = session.machine.state;
    session.script(['insmod user.ko']);
    const s2 = session.machine.state;
    const c1 = changesSince(buildGraph(s1), buildGraph(s0));
    expect([...c1.nodes]).toEqual(['exporter']);
    const c2 = changesSince(buildGraph(s2), buildGraph(s1));
    expect([...c2.nodes].sort()).toEqual(['exporter', 'user']);
    expect([...c2.edges]).toEqual(['user->exporter']);
    expect(changesSince(buildGraph(s2), null).nodes.size).toBe(0);
  });
});

describe('the graph of a pasted listing', () => {
  it('lsmod: loaded modules with counts and used-by edges', () => {
    const g = graphFromPasted(parsePasted('Module Size Used by\nvfat 24576 1\nfat 90112 1 vfat\n'));
    expect(g.nodes.get('fat')).toMatchObject({ state: 'LIVE', refs: 1, usedBy: ['vfat'] });
    expect(g.edges.get('vfat->fat')).toMatchObject({ kind: 'pasted', symbols: [] });
  });

  it('/proc/modules: Loading and Unloading become COMING and GOING', () => {
    const g = graphFromPasted(parsePasted('a 16384 0 - Loading 0x0000000000000000\nb 16384 0 - Unloading 0x0000000000000000\n'));
    expect(g.nodes.get('a')?.state).toBe('COMING');
    expect(g.nodes.get('b')?.state).toBe('GOING');
  });

  it('modules.dep: available modules, dash names read with underscores, direct edges only', () => {
    const g = graphFromPasted(parsePasted(DEP));
    expect([...g.nodes.keys()]).toEqual(['fat', 'vfat', 'msdos', 'a_b']);
    expect(g.nodes.get('a_b')).toMatchObject({ state: 'AVAILABLE', file: 'kernel/lib/a-b.ko' });
    expect([...g.edges.keys()]).toEqual(['vfat->fat', 'msdos->fat', 'a_b->vfat']);
  });

  it('a used-by name the paste does not list still gets a node', () => {
    const g = graphFromPasted(parsePasted('Module Size Used by\nfat 90112 1 vfat\n'));
    expect(g.nodes.get('vfat')?.state).toBe('AVAILABLE');
    expect(g.edges.has('vfat->fat')).toBe(true);
  });
});
