export function RefCountsPanel() {
  return <p className="panel-empty">…</p>;
}
