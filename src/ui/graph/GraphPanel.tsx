// The Dependency graph panel (PRODUCT.md §6): modules as nodes coloured by state, "uses" edges
// labelled with the symbols they resolve, redrawn as each step runs. React Flow draws it; ELK
// lays it out in a worker, after a cheap layout shown at once. The real tree's 4,000 modules
// are reached through the filter and the focus (view.ts), never drawn all at once.
import '@xyflow/react/dist/style.css';
import './graph.css';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { MarkerType, Position, ReactFlowProvider, useReactFlow, type Edge, type NodeMouseHandler } from '@xyflow/react';
import { usePlayground } from '../../store/playground';
import { cachedLayout, elkLayout, warmUp } from './elk';
import { useGraphUi } from './graphStore';
import { cheapLayout, layoutKey, nodeSize, type Point } from './layout';
import { buildGraph, changesSince, labelFromFiles, type GEdge, type GNode, type ModuleGraph } from './model';
import { Flow, LABEL_ALL } from './Flow';
import type { ModuleFlowNode } from './ModuleNode';
import { rich } from './rich';
import { useGraphWords } from './useWords';
import { edgeSentence, nodeSentence, type Words } from './words';
import { GraphText } from './GraphText';
import { GraphToolbar } from './GraphToolbar';
import { DEFAULT_CAP, edgeLabel, selectView, type GraphView } from './view';
import { YourMachineDialog } from './YourMachine';

const FILTER_PAUSE_MS = 160;
/** Above this many nodes, fitting the view jumps instead of animating: each animation frame
 * would redraw the nodes coming into view. */
const ANIMATE_FIT_UP_TO = 60;
/** The view opens fitted to this many of its first nodes. */
const FIT_FIRST = 24;
/** A bigger view opens centred on its first node (the best match, the focus, a loaded module),
 * at a zoom where names can be read from the back of a classroom, its neighbours around it: its
 * first 24 are spread over a layout thousands of pixels wide, and fitted they were specks. */
const READABLE_ZOOM = 1;

export default function GraphPanel() {
  useEffect(() => warmUp(), []);
  return (
    <div className="graph-panel">
      <ReactFlowProvider>
        <GraphBody />
      </ReactFlowProvider>
      <YourMachineDialog />
    </div>
  );
}

/** The graph on show: the pasted one, or the simulated kernel's at the cursor. */
function useShownGraph() {
  const kernel = usePlayground((s) => s.kernel);
  const previous = usePlayground((s) => s.previous);
  const selection = usePlayground((s) => s.selection);
  const shown = useGraphUi((s) => s.shown);
  const pastedSelection = useGraphUi((s) => s.pastedSelection);
  const graph: ModuleGraph = shown ? shown.graph : buildGraph(kernel);
  const before = shown || !previous ? null : buildGraph(previous);
  const changes = useMemo(() => changesSince(graph, before), [graph, before]);
  return { kernel, graph, changes, selected: shown ? pastedSelection : selection, pasted: shown };
}

function GraphBody() {
  const { kernel, graph, changes, selected, pasted } = useShownGraph();
  const cursor = usePlayground((s) => s.cursor);
  // The box shows each keystroke at once; the graph follows when typing pauses (a keystroke that
  // matches hundreds of modules would otherwise redraw them all, once per key).
  const filter = useDebounced(useGraphUi((s) => s.filter), FILTER_PAUSE_MS);
  const focus = useGraphUi((s) => s.focus);
  const depth = useGraphUi((s) => s.depth);
  const showList = useGraphUi((s) => s.showList);
  const w = useGraphWords();
  const aria = useMemo(() => ({
    'node.a11yDescription.default': w('select.hint'),
    'node.a11yDescription.keyboardDisabled': w('select.hint'),
    'edge.a11yDescription.default': '',
    'controls.ariaLabel': w('zoom'),
    'controls.zoomIn.ariaLabel': w('zoom.in'),
    'controls.zoomOut.ariaLabel': w('zoom.out'),
    'controls.fitView.ariaLabel': w('zoom.fit'),
  }), [w]);

  const view: GraphView = useMemo(() => {
    const o = { filter, focus: focus ? selected : null, depth, cap: DEFAULT_CAP };
    const v = selectView(graph, o);
    // A module selected elsewhere (the Modules panel) joins the loaded view if it is not there.
    return selected && v.mode === 'loaded' && !v.ids.includes(selected) ? selectView(graph, { ...o, extra: [selected] }) : v;
  }, [graph, filter, focus, selected, depth]);
  const edges = useMemo(() => (pasted ? view.edges : labelFromFiles(kernel, graph, view.edges)), [pasted, view, kernel, graph]);

  const key = useMemo(() => layoutKey(view.ids, edges), [view, edges]);
  const positions = useLayout(key, view.ids, edges);
  const big = view.mode !== 'all' && view.ids.length > FIT_FIRST;
  useFitOnLayout(key, positions.by, view.mode === 'all' ? view.ids : view.ids.slice(0, big ? 1 : FIT_FIRST), view.ids.length, big ? READABLE_ZOOM : undefined);

  const select = useCallback((id: string | null) => {
    if (pasted) useGraphUi.getState().selectPasted(id);
    else usePlayground.getState().select(id);
  }, [pasted]);
  const onNodeClick: NodeMouseHandler = useCallback((_, n) => select(n.id), [select]);
  const onNodeDoubleClick: NodeMouseHandler = useCallback((_, n) => { select(n.id); useGraphUi.getState().setFocus(true); }, [select]);
  const onKeyDown = useCallback((e: KeyboardEvent) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    const el = e.target instanceof Element ? e.target.closest<HTMLElement>('.react-flow__node') : null;
    if (!el?.dataset.id) return;
    e.preventDefault();
    select(el.dataset.id);
  }, [select]);

  const selectedNode = selected ? graph.nodes.get(selected) ?? null : null;
  const reason = selectedNode && selectedNode.usedBy.length > 0 ? selectedNode : null;

  const rfNodes = useStable(useMemo(() => view.ids.map((id): [ModuleFlowNode, string] => {
    const n = graph.nodes.get(id)!;
    const { width, height } = nodeSize(id);
    const isSelected = id === selected;
    // Two alternating animations, so that a node changed by two actions in a row flashes twice.
    const changed = changes.nodes.has(id) ? (cursor % 2 === 0 ? 'a' : 'b') : null;
    const position = positions.map.get(id) ?? { x: 0, y: 0 };
    const ariaLabel = nodeSentence(n, w);
    return [{
      id,
      type: 'module',
      position,
      width,
      height,
      // The size is fixed and known: React Flow need not wait for a measurement (fitView does).
      measured: { width, height },
      // Known handle places: edges to a node not yet drawn (off screen) still have their ends.
      handles: [
        { type: 'source', position: Position.Top, x: width / 2 - 0.5, y: 0, width: 1, height: 1 },
        { type: 'target', position: Position.Bottom, x: width / 2 - 0.5, y: height - 1, width: 1, height: 1 },
      ],
      data: { node: n, selected: isSelected, changed, showUsers: isSelected && n.usedBy.length > 0, w },
      ariaLabel,
      zIndex: isSelected ? 10 : 0,
    }, `${position.x},${position.y}|${ariaLabel}|${isSelected}|${changed}`];
  }), [view, graph, positions, selected, changes, w, cursor]), w);

  const rfEdges = useStable(useMemo(() => edges.map((e): [Edge, string] => {
    const isNew = changes.edges.has(e.id);
    const atSelection = e.source === selected || e.target === selected;
    const isReason = reason !== null && e.target === reason.id && e.kind !== 'dep';
    const classes = ['gedge', `gedge-${e.kind}`];
    if (isNew) classes.push('gedge-new');
    if (isReason) classes.push('gedge-reason');
    else if (atSelection) classes.push('gedge-selected');
    const colour = isReason ? 'var(--going)' : isNew ? 'var(--focus)' : atSelection ? 'var(--accent)' : 'var(--edge)';
    const label = edges.length <= LABEL_ALL || atSelection || isNew ? edgeLabel(e.symbols) : '';
    const ariaLabel = edgeSentence(e, w);
    const className = classes.join(' ');
    return [{
      id: e.id,
      type: 'symbols',
      source: e.source,
      target: e.target,
      className,
      animated: isNew,
      ariaLabel,
      markerEnd: { type: MarkerType.ArrowClosed, color: colour, width: 16, height: 16 },
      zIndex: isReason || atSelection || isNew ? 5 : 0,
      ...(label ? { label } : {}),
    }, `${className}|${ariaLabel}|${label}|${colour}`];
  }), [edges, changes, selected, reason, w]), w);

  return (
    <>
      <GraphToolbar selected={selected} w={w} />
      <GraphInfo view={view} graph={graph} laidOut={positions.by} reason={reason} filter={filter} depth={depth} w={w} />
      <Flow nodes={rfNodes} edges={rfEdges} onNodeClick={onNodeClick} onNodeDoubleClick={onNodeDoubleClick} onKeyDown={onKeyDown} aria={aria} label={w('canvas')}>
        {view.ids.length === 0 && <EmptyHint graph={graph} pasted={pasted !== null} w={w} />}
        <GraphText view={view} edges={edges} graph={graph} visible={showList} w={w} />
      </Flow>
    </>
  );
}

/** Cheap layout at once; ELK's when the worker answers (after a short pause, so that typing
 * in the filter does not queue a layout per keystroke). Only a new node/edge set re-lays out. */
function useLayout(key: string, ids: string[], edges: GEdge[]): { map: Map<string, Point>; by: 'cheap' | 'elk' } {
  // Keyed on the node/edge set alone: a state change that keeps it keeps the layout.
  const cheap = useMemo(() => cheapLayout(ids, edges), [key]);
  const [elk, setElk] = useState<{ key: string; map: Map<string, Point> } | null>(null);
  useEffect(() => {
    if (cachedLayout(key) || ids.length < 2) return;
    let live = true;
    const timer = setTimeout(() => {
      // No ELK (the worker could not start): the cheap layout is the layout.
      void elkLayout(key, ids, edges, nodeSize).then((map) => { if (live) setElk({ key, map: map ?? cheap }); });
    }, 200);
    return () => { live = false; clearTimeout(timer); };
  }, [key]);
  const done = elk?.key === key ? elk.map : cachedLayout(key);
  return done ? { map: done, by: 'elk' } : { map: cheap, by: 'cheap' };
}

/** Fits the view to `ids`: a small graph whole; of a big one, its first nodes (the loaded ones,
 * the best matches, the focus and its nearest neighbours), since all of it would fit only at a
 * zoom nobody can read (at `zoom` if given). The rest is a zoom-out away. */
function useFitOnLayout(key: string, by: 'cheap' | 'elk', ids: string[], shown: number, zoom?: number) {
  const rf = useReactFlow();
  useEffect(() => {
    const reduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    // `shown`, not the few fitted: the animation's every frame moves all the nodes on show.
    const duration = reduced || shown > ANIMATE_FIT_UP_TO ? 0 : 250;
    const nodes = ids.map((id) => ({ id }));
    const frame = requestAnimationFrame(() => { void rf.fitView({ padding: 0.12, ...(zoom ? { minZoom: zoom, maxZoom: zoom } : { maxZoom: 1.5 }), duration, nodes }); });
    return () => cancelAnimationFrame(frame);
  // ids change only with the key.
  }, [rf, key, by]);
}

/** The objects of the last render where nothing about them changed (by their signature), so that
 * React Flow redraws only the nodes and edges a step changed, not all 400 of them. */
function useStable<T extends { id: string }>(list: Array<[T, string]>, context: unknown): T[] {
  const last = useRef<{ context: unknown; items: Map<string, [T, string]> }>({ context: null, items: new Map() });
  return useMemo(() => {
    const before = last.current.context === context ? last.current.items : new Map<string, [T, string]>();
    const items = new Map<string, [T, string]>();
    const out = list.map(([item, sig]) => {
      const old = before.get(item.id);
      const keep = old && old[1] === sig ? old : [item, sig] as [T, string];
      items.set(item.id, keep);
      return keep[0];
    });
    last.current = { context, items };
    return out;
  }, [list, context]);
}

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    if (Object.is(value, settled)) return;
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, settled, ms]);
  return settled;
}

function EmptyHint({ graph, pasted, w }: { graph: ModuleGraph; pasted: boolean; w: Words }) {
  const n = graph.nodes.size;
  return <p className="graph-empty">{n === 0 ? w('empty.none') : w(pasted ? 'empty.pasted' : 'empty.unloaded', { n })}</p>;
}

function GraphInfo({ view, graph, laidOut, reason, filter, depth, w }: {
  view: GraphView; graph: ModuleGraph; laidOut: 'cheap' | 'elk'; reason: GNode | null; filter: string; depth: number; w: Words;
}) {
  const shown = useGraphUi((s) => s.shown);
  const { showSimulated } = useGraphUi.getState();
  const capped = view.total > view.ids.length;
  const n = view.ids.length;
  const what = {
    all: () => w('what.all', { n }),
    loaded: () => w('what.loaded', { n, total: graph.nodes.size }),
    filter: () => w('what.filter', { n, q: filter.trim() }),
    focus: () => w(depth === 1 ? 'what.focus.one' : 'what.focus.many', { name: view.ids[0] ?? '', depth }),
  }[view.mode]();
  return (
    <div className="graph-info">
      {shown && (
        <span className="graph-pasted">
          <strong>{w('pasted', { n: shown.graph.nodes.size })}</strong> ({shown.parsed.format === 'proc-modules' ? '/proc/modules' : shown.parsed.format})
          <button type="button" onClick={showSimulated}>{w('back')}</button>
        </span>
      )}
      <span className="graph-what">{what}</span>
      {capped && (
        <span className="graph-cap" role="status">
          {w(view.mode === 'focus' ? 'cap.focus' : 'cap.filter', { n, total: view.total })}
        </span>
      )}
      {laidOut === 'cheap' && n > 1 && <span className="graph-layout" aria-hidden="true">{w('layout')}</span>}
      {reason && (
        <span className="graph-reason">
          {rich(w('reason'), { name: <strong>{reason.id}</strong>, users: <strong>{reason.usedBy.join(', ')}</strong> })}
          {shown ? '' : w(reason.usedBy.length === 1 ? 'reason.rmmod.one' : 'reason.rmmod.many', { name: reason.id })}
        </span>
      )}
    </div>
  );
}
