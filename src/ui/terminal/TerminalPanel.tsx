// Placeholder: replaced by the terminal panel's real implementation.
export default function TerminalPanel() {
  return <p className="panel-empty">The terminal arrives shortly.</p>;
}
