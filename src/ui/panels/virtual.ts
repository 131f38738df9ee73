/** The rows of a fixed-row-height list that are in view (plus an overscan above and below). */
export function visibleRange(count: number, scrollTop: number, viewHeight: number, rowHeight: number, overscan = 10): { first: number; last: number } {
  if (count === 0 || rowHeight <= 0) return { first: 0, last: 0 };
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + viewHeight) / rowHeight) + overscan);
  return { first: Math.min(first, last), last };
}
