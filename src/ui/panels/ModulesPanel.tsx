export function ModulesPanel() {
  return <p className="panel-empty">…</p>;
}
