// A "uses" edge: React Flow's bezier, with its label (the symbols) a third of the way from the
// user instead of half way. Several users of one module converge on it: at half way their
// labels pile up, near the users they stand apart.
import { memo } from 'react';
import { BaseEdge, getBezierPath, Position, type EdgeProps } from '@xyflow/react';

/** Where along the edge, from the user's end, the label sits. */
export const LABEL_AT = 0.3;

/** React Flow's control offset for a bezier edge (calculateControlOffset, curvature 0.25). */
const offset = (d: number) => (d >= 0 ? 0.5 * d : 0.25 * 25 * Math.sqrt(-d));

function control(pos: Position, x: number, y: number, ox: number, oy: number): [number, number] {
  switch (pos) {
    case Position.Top: return [x, y - offset(y - oy)];
    case Position.Bottom: return [x, y + offset(oy - y)];
    case Position.Left: return [x - offset(x - ox), y];
    case Position.Right: return [x + offset(ox - x), y];
  }
}

/** The point at t on the cubic bezier React Flow draws between the two handles. */
export function pointOnEdge(t: number, sx: number, sy: number, sp: Position, tx: number, ty: number, tp: Position): [number, number] {
  const [c1x, c1y] = control(sp, sx, sy, tx, ty);
  const [c2x, c2y] = control(tp, tx, ty, sx, sy);
  const u = 1 - t;
  const a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
  return [a * sx + b * c1x + c * c2x + d * tx, a * sy + b * c1y + c * c2y + d * ty];
}

function SymbolEdgeView(p: EdgeProps) {
  const [path] = getBezierPath(p);
  const [x, y] = pointOnEdge(LABEL_AT, p.sourceX, p.sourceY, p.sourcePosition, p.targetX, p.targetY, p.targetPosition);
  return (
    <BaseEdge
      id={p.id}
      path={path}
      label={p.label}
      labelX={x}
      labelY={y}
      labelBgPadding={[4, 2]}
      labelBgBorderRadius={3}
      markerEnd={p.markerEnd}
      interactionWidth={0}
      {...(p.style ? { style: p.style } : {})}
    />
  );
}

export const SymbolEdge = memo(SymbolEdgeView);
