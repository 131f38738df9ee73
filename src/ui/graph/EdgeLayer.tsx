// The edges of a big view, all in one SVG. React Flow draws each edge as an <svg> of its own,
// positioned, with its own stacking context: with the real tree's 400-node views (500 edges)
// the browser's style, layout and paint of those SVGs were most of every frame that changed the
// graph (measured with bench/graph-browser.mjs: with them a batch of 40 nodes took 100–400 ms,
// without them under 50). Here the same edges — same classes (graph.css styles both), same
// bezier, same label place, same accessible names — are paths in a single SVG inside the
// viewport, below the nodes. Small views keep React Flow's edges (SymbolEdge).
import { memo, useId, useMemo } from 'react';
import { EdgeLabelRenderer, getBezierPath, Position, type Edge, type EdgeMarker } from '@xyflow/react';
import { nodeSize } from './layout';
import type { ModuleFlowNode } from './ModuleNode';
import { LABEL_AT, pointOnEdge } from './SymbolEdge';

/** Module names and labels are drawn in an 11 px monospace font: about 6.7 px a character. */
const LABEL_CHAR = 6.7;
const LABEL_PAD_X = 4;
const LABEL_HEIGHT = 15;

export function EdgeLayer({ nodes, edges }: { nodes: ModuleFlowNode[]; edges: Edge[] }) {
  const uid = useId();
  const at = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes]);
  // Highlighted edges (zIndex) last, so that they are drawn over the others, as React Flow does.
  const ordered = useMemo(() => [...edges].sort((a, b) => (a.zIndex ?? 0) - (b.zIndex ?? 0)), [edges]);
  const colours = useMemo(() => [...new Set(edges.map(colourOf))], [edges]);
  const marker = (e: Edge) => `url(#${CSS.escape(`${uid}-m${colours.indexOf(colourOf(e))}`)})`;
  return (
    <EdgeLabelRenderer>
      <svg className="graph-edges">
        <defs>
          {colours.map((c, i) => (
            <marker key={c} id={`${uid}-m${i}`} className="react-flow__arrowhead" markerWidth="16" markerHeight="16" viewBox="-10 -10 20 20" markerUnits="strokeWidth" orient="auto-start-reverse" refX="0" refY="0">
              <polyline className="arrowclosed" style={{ stroke: c, fill: c, strokeWidth: 1 }} strokeLinecap="round" strokeLinejoin="round" points="-5,-4 0,0 -5,4 -5,-4" />
            </marker>
          ))}
        </defs>
        {ordered.map((e) => {
          const s = at.get(e.source);
          const t = at.get(e.target);
          if (!s || !t) return null;
          // The handles ModuleNode draws: the user's top middle, the used module's bottom middle.
          const ss = nodeSize(s.id);
          const ts = nodeSize(t.id);
          return (
            <EdgeShape
              key={e.id}
              sx={s.position.x + ss.width / 2}
              sy={s.position.y}
              tx={t.position.x + ts.width / 2}
              ty={t.position.y + ts.height}
              className={`react-flow__edge react-flow__edge-symbols ${e.className ?? ''}${e.animated ? ' animated' : ''}`}
              label={typeof e.label === 'string' ? e.label : ''}
              ariaLabel={e.ariaLabel ?? ''}
              marker={marker(e)}
            />
          );
        })}
      </svg>
    </EdgeLabelRenderer>
  );
}

const colourOf = (e: Edge) => (typeof e.markerEnd === 'object' ? (e.markerEnd as EdgeMarker).color : null) ?? 'var(--edge)';

const EdgeShape = memo(function EdgeShape({ sx, sy, tx, ty, className, label, ariaLabel, marker }: {
  sx: number; sy: number; tx: number; ty: number; className: string; label: string; ariaLabel: string; marker: string;
}) {
  const [d] = getBezierPath({ sourceX: sx, sourceY: sy, sourcePosition: Position.Top, targetX: tx, targetY: ty, targetPosition: Position.Bottom });
  let text = null;
  if (label) {
    const [x, y] = pointOnEdge(LABEL_AT, sx, sy, Position.Top, tx, ty, Position.Bottom);
    const width = label.length * LABEL_CHAR + 2 * LABEL_PAD_X;
    text = (
      <g className="react-flow__edge-textwrapper" transform={`translate(${x} ${y})`}>
        <rect className="react-flow__edge-textbg" x={-width / 2} y={-LABEL_HEIGHT / 2} width={width} height={LABEL_HEIGHT} rx="3" ry="3" />
        <text className="react-flow__edge-text" textAnchor="middle" dy="0.35em">{label}</text>
      </g>
    );
  }
  return (
    <g className={className} role="img" aria-roledescription="edge" aria-label={ariaLabel}>
      <path className="react-flow__edge-path" d={d} markerEnd={marker} />
      {text}
    </g>
  );
});
