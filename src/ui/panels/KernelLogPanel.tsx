export function KernelLogPanel() {
  return <p className="panel-empty">…</p>;
}
