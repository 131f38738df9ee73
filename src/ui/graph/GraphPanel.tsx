// Placeholder: replaced by the graph panel's real implementation.
export default function GraphPanel() {
  return <p className="panel-empty">The graph arrives shortly.</p>;
}
