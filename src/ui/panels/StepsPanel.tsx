export function StepsPanel() {
  return <p className="panel-empty">…</p>;
}
