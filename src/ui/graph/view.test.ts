import { describe, expect, it } from 'vitest';
import { parsePasted } from '../../catalog/paste';
import { graphFromPasted, type ModuleGraph } from './model';
import { cheapLayout, depths, layoutKey, MAX_ROW_WIDTH, NODE_HEIGHT, nodeSize, ROW_GAP } from './layout';
import { edgeLabel, neighbourhood, selectView, SMALL_GRAPH } from './view';
import { edgeSentence, graphWords, nodeSentence } from './words';
import { pointOnEdge } from './SymbolEdge';
import { Position } from '@xyflow/react';

/** a chain: top -> mid -> base, plus side -> base, and `n` unrelated modules x0..x(n-1). */
function graph(n = 0, extra = ''): ModuleGraph {
  const lines = ['kernel/base.ko:', 'kernel/mid.ko: kernel/base.ko', 'kernel/top.ko: kernel/mid.ko kernel/base.ko', 'kernel/side.ko: kernel/base.ko'];
  for (let i = 0; i < n; i++) lines.push(`kernel/other/x${i}.ko:`);
  return graphFromPasted(parsePasted(lines.join('\n') + '\n' + extra));
}

const opts = { filter: '', focus: null, depth: 1, cap: 400 };

describe('which part of the graph is shown', () => {
  it('a small graph is shown whole', () => {
    const v = selectView(graph(3), opts);
    expect(v.mode).toBe('all');
    expect(v.ids).toHaveLength(7);
    expect(v.edges.map((e) => e.id).sort()).toEqual(['mid->base', 'side->base', 'top->mid']);
  });

  it('a big graph with nothing loaded shows nothing until a filter or focus', () => {
    const v = selectView(graph(SMALL_GRAPH), opts);
    expect(v).toMatchObject({ mode: 'loaded', ids: [], total: 0 });
  });

  it('loaded view: loaded modules, what they use, and their direct neighbours', () => {
    const g = graph(SMALL_GRAPH);
    g.nodes.get('mid')!.state = 'LIVE';
    g.nodes.get('base')!.state = 'LIVE';
    const v = selectView(g, opts);
    expect(v.mode).toBe('loaded');
    expect(v.ids.sort()).toEqual(['base', 'mid', 'side', 'top']);
    // The selection joins them.
    expect(selectView(g, { ...opts, extra: ['x7'] }).ids).toContain('x7');
  });

  it('filter: matches (exact, prefix, substring) with their dependencies; - and _ alike', () => {
    const g = graph(20);
    expect(selectView(g, { ...opts, filter: 'top' }).ids).toEqual(['top', 'mid', 'base']);
    const v = selectView(g, { ...opts, filter: 'x1' });
    expect(v.mode).toBe('filter');
    expect(v.ids.slice(0, 2)).toEqual(['x1', 'x10']);
    expect(v.ids).toHaveLength(11);
    expect(selectView(graphFromPasted(parsePasted('kernel/snd-hda.ko:\n')), { ...opts, filter: 'SND-h' }).ids).toEqual(['snd_hda']);
    // A path matches too.
    expect(selectView(g, { ...opts, filter: 'other/x19' }).ids).toEqual(['x19']);
  });

  it('caps the view and tells the uncapped total', () => {
    const v = selectView(graph(1000), { ...opts, filter: 'x', cap: 400 });
    expect(v.ids).toHaveLength(400);
    expect(v.total).toBe(1000);
  });

  it('focus: dependencies and dependants N levels out, each direction on its own', () => {
    const g = graph(5);
    expect(selectView(g, { ...opts, focus: 'mid', depth: 1 }).ids).toEqual(['mid', 'base', 'top']);
    // base's other user (side) is not mid's neighbour.
    expect(neighbourhood(g, ['mid'], 3)).not.toContain('side');
    expect(selectView(g, { ...opts, focus: 'base', depth: 2 }).ids).toEqual(['base', 'mid', 'side', 'top']);
    expect(selectView(g, { ...opts, focus: 'base', depth: 0 }).ids).toEqual(['base']);
    // A focus on a module that is not in the graph falls back to the other views.
    expect(selectView(g, { ...opts, focus: 'nope' }).mode).toBe('all');
  });

  it('labels edges with the first symbol and a count', () => {
    expect(edgeLabel([])).toBe('');
    expect(edgeLabel(['moja_funkcja'])).toBe('moja_funkcja');
    expect(edgeLabel(['fat_fill_super', 'a', 'b', 'c'])).toBe('fat_fill_super +3');
    expect(edgeLabel(['a_very_long_symbol_name_that_goes_on'], 12)).toBe('a_very_long…');
    expect(edgeSentence({ id: 'user->exporter', source: 'user', target: 'exporter', symbols: ['moja_funkcja'], kind: 'uses' })).toBe('user uses exporter (moja_funkcja)');
    expect(edgeSentence({ id: 'a->b', source: 'a', target: 'b', symbols: [], kind: 'dep' })).toBe('a depends on b');
    const many = { id: 'a->b', source: 'a', target: 'b', symbols: ['s1', 's2', 's3', 's4'], kind: 'uses' as const };
    expect(edgeSentence(many, undefined, 2)).toBe('a uses b (s1, s2 and 2 more)');
    expect(edgeSentence(many, graphWords('es'), 2)).toBe('a usa b (s1, s2 y 2 más)');
  });

  it('names a node by its name, state, in-flight syscall, refcount and users', () => {
    const n = { id: 'exporter', state: 'LIVE' as const, refs: 1, usedBy: ['user'], file: null, inflight: null };
    expect(nodeSentence(n)).toBe('exporter, LIVE, refs 1, used by user');
    expect(nodeSentence({ ...n, state: 'AVAILABLE', refs: null, usedBy: [], inflight: 'init_module' })).toBe('exporter, available, loading');
    expect(nodeSentence({ ...n, state: 'GOING', inflight: 'delete_module' }, graphWords('pl'))).toBe('exporter, GOING, usuwanie, refs 1, używany przez user');
  });
});

describe('the cheap layout', () => {
  it('puts modules that use nothing at the top and each user below what it uses', () => {
    const g = graph();
    const v = selectView(g, opts);
    const d = depths(v.ids, v.edges);
    expect(Object.fromEntries(d)).toEqual({ base: 0, mid: 1, side: 1, top: 2 });
    const pos = cheapLayout(v.ids, v.edges);
    expect(pos.get('base')!.y).toBe(0);
    expect(pos.get('mid')!.y).toBe(NODE_HEIGHT + ROW_GAP);
    expect(pos.get('top')!.y).toBe(2 * (NODE_HEIGHT + ROW_GAP));
    expect(pos.get('side')!.y).toBe(pos.get('mid')!.y);
    expect(pos.get('side')!.x).not.toBe(pos.get('mid')!.x);
  });

  it('gives every node a place, no two overlapping, and wraps long rows', () => {
    const g = graph(100);
    const v = selectView(g, { ...opts, filter: 'x' });
    const pos = cheapLayout(v.ids, v.edges);
    expect(pos.size).toBe(100);
    const boxes = [...pos].map(([id, p]) => ({ ...p, ...nodeSize(id) }));
    for (const a of boxes) for (const b of boxes) {
      if (a === b) continue;
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      expect(apart).toBe(true);
    }
    const right = Math.max(...boxes.map((b) => b.x + b.width));
    expect(right).toBeLessThanOrEqual(MAX_ROW_WIDTH);
    expect(new Set(boxes.map((b) => b.y)).size).toBeGreaterThan(1);
  });

  it('survives a cycle (a pasted graph can have one)', () => {
    const g = graphFromPasted(parsePasted('Module Size Used by\na 1 1 b\nb 1 1 a\n'));
    const v = selectView(g, opts);
    expect(cheapLayout(v.ids, v.edges).size).toBe(2);
  });

  it('keys the layout on the node and edge sets only', () => {
    const v = selectView(graph(), opts);
    expect(layoutKey(v.ids, v.edges)).toBe(layoutKey([...v.ids].reverse(), [...v.edges].reverse()));
    expect(layoutKey(v.ids, v.edges)).not.toBe(layoutKey(v.ids, v.edges.slice(1)));
  });

  it('sizes a node from its name', () => {
    expect(nodeSize('snd_hda_codec_hdmi').width).toBeGreaterThan(nodeSize('fat').width);
    expect(nodeSize('fat').width).toBe(140);
  });
});

describe('edge labels', () => {
  it('sit on the curve, nearer the user than the used module', () => {
    const at = (t: number) => pointOnEdge(t, 100, 300, Position.Top, 400, 100, Position.Bottom);
    expect(at(0)).toEqual([100, 300]);
    expect(at(1)).toEqual([400, 100]);
    const [x, y] = at(0.3);
    expect(x - 100).toBeLessThan((400 - 100) / 2);
    expect(y).toBeGreaterThan(200);
  });
});
