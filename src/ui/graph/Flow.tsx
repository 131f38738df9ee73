// The canvas of the Dependency graph: React Flow with what keeps a view of hundreds of real
// modules responsive (bench/graph-browser.mjs measures it): a big view's nodes are handed over a
// batch per frame, its edges drawn as one SVG layer (EdgeLayer), the picture moved as a layer of
// its own while panning or zooming, and labels and dashes dropped when zoomed far out.
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import {
  Background, Controls, ReactFlow, useStore,
  type AriaLabelConfig, type Edge, type EdgeTypes, type NodeMouseHandler, type NodeTypes,
} from '@xyflow/react';
import { EdgeLayer } from './EdgeLayer';
import { ModuleNode, type ModuleFlowNode } from './ModuleNode';
import { SymbolEdge } from './SymbolEdge';

const nodeTypes: NodeTypes = { module: ModuleNode };
const edgeTypes: EdgeTypes = { symbols: SymbolEdge };
/** Label every edge up to this many; beyond, only those at the selection or just added (and
 * beyond, the edges are drawn by EdgeLayer). */
export const LABEL_ALL = 120;
const NO_EDGES: Edge[] = [];

/** The canvas. A component of its own so that drawing a view batch by batch (useProgressive)
 * renders only React Flow again, not the toolbar, the info line and the text list. */
export const Flow = memo(function Flow({ nodes, edges, onNodeClick, onNodeDoubleClick, onKeyDown, aria, label, children }: {
  nodes: ModuleFlowNode[];
  edges: Edge[];
  onNodeClick: NodeMouseHandler;
  onNodeDoubleClick: NodeMouseHandler;
  onKeyDown: (e: KeyboardEvent) => void;
  aria: Partial<AriaLabelConfig>;
  label: string;
  children: ReactNode;
}) {
  const mounted = useProgressive(nodes, edges);
  const moving = useMoving();
  // Many edges: one SVG for all of them (EdgeLayer) instead of React Flow's SVG per edge.
  const layer = edges.length > LABEL_ALL;
  return (
    <div className="graph-canvas" ref={moving.ref}>
      <ReactFlow
        nodes={mounted.nodes}
        edges={layer ? NO_EDGES : mounted.edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        colorMode="dark"
        onNodeClick={onNodeClick}
        onNodeDoubleClick={onNodeDoubleClick}
        onKeyDown={onKeyDown}
        onMoveStart={moving.start}
        onMoveEnd={moving.end}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        edgesFocusable={false}
        panActivationKeyCode={null}
        deleteKeyCode={null}
        selectionKeyCode={null}
        multiSelectionKeyCode={null}
        zoomOnDoubleClick={false}
        // All of a view's nodes are drawn (in batches, useProgressive), off screen too: drawing
        // only the visible ones made every pan and zoom mount and unmount nodes, at up to a
        // quarter of a second a frame; the viewport is a layer moved as a whole (graph.css).
        onlyRenderVisibleElements={false}
        minZoom={0.05}
        maxZoom={2}
        ariaLabelConfig={aria}
        aria-label={label}
      >
        <Background gap={24} size={1} />
        <Controls showInteractive={false} />
        <ZoomDetail canvas={moving.ref} />
        {layer && <EdgeLayer nodes={mounted.nodes} edges={mounted.edges} />}
      </ReactFlow>
      {children}
    </div>
  );
});

/** Below this zoom, text on the canvas is a few pixels high: edge labels are not drawn and the
 * dashed edges (modules.dep's) are drawn solid (graph.css, class "graph-far"). Software raster
 * spent seconds on the thousands of dashes of a 400-node view zoomed out; both come back on
 * zooming in, and the text list and the edges' accessible names always have the symbols. */
const FAR_ZOOM = 0.45;

function ZoomDetail({ canvas }: { canvas: RefObject<HTMLDivElement | null> }) {
  const far = useStore((s) => s.transform[2] < FAR_ZOOM);
  useLayoutEffect(() => { canvas.current?.classList.toggle('graph-far', far); }, [far, canvas]);
  return null;
}

/** While the view pans or zooms, the canvas has class "graph-moving" (graph.css): the browser
 * then moves the picture it has (a layer of its own) instead of painting every node and edge
 * again at each frame; when the move ends it paints them once, sharp at the new zoom. Set on the
 * element directly: a React render per move would redraw the graph it means to spare. */
function useMoving() {
  const ref = useRef<HTMLDivElement>(null);
  const timer = useRef(0);
  const start = useCallback(() => {
    clearTimeout(timer.current);
    ref.current?.classList.add('graph-moving');
  }, []);
  // A wheel zoom ends and starts again between notches: keep the layer across the gaps.
  const end = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = window.setTimeout(() => ref.current?.classList.remove('graph-moving'), 250);
  }, []);
  useEffect(() => () => clearTimeout(timer.current), []);
  return { ref, start, end };
}

/** A view's new nodes go to React Flow a batch at a time, one batch per frame: drawing 400 at
 * once (React, then the browser's style, layout, paint, and React Flow measuring each node) held
 * the page for up to a second and a half. Likewise when ELK's layout arrives and every node
 * moves. Nodes already on the canvas stay; the most important (the view's order) come first, and
 * fitting the view needs only the first of them. An edge waits for both its ends. A node that
 * changes in place (a step changed its state, the selection moved) changes at once. */
const NEW_BATCH = 40;
const MOVE_BATCH = 120;

function useProgressive<E extends Edge>(nodes: ModuleFlowNode[], edges: E[]): { nodes: ModuleFlowNode[]; edges: E[] } {
  const drawn = useRef<Map<string, ModuleFlowNode>>(new Map());
  const [round, setRound] = useState(0);
  const out = useMemo(() => {
    let fresh = NEW_BATCH;
    let moves = MOVE_BATCH;
    let all = true;
    const now = new Map<string, ModuleFlowNode>();
    const some: ModuleFlowNode[] = [];
    for (const n of nodes) {
      const old = drawn.current.get(n.id);
      let take: ModuleFlowNode | null = n;
      if (!old) {
        if (fresh > 0) fresh--; else take = null;
      } else if (old !== n && (old.position.x !== n.position.x || old.position.y !== n.position.y)) {
        if (moves > 0) moves--; else take = old;
      }
      if (take !== n) all = false;
      if (!take) continue;
      now.set(n.id, take);
      some.push(take);
    }
    drawn.current = now;
    return { nodes: all ? nodes : some, edges: all || some.length === nodes.length ? edges : edges.filter((e) => now.has(e.source) && now.has(e.target)), all };
  // `round` asks for the next batch.
  }, [nodes, edges, round]);
  useEffect(() => {
    if (out.all) return;
    // After the batch is painted: a frame, then a task of its own.
    let timer = 0;
    const frame = requestAnimationFrame(() => { timer = window.setTimeout(() => setRound((r) => r + 1), 0); });
    return () => { cancelAnimationFrame(frame); clearTimeout(timer); };
  }, [out]);
  return out;
}
