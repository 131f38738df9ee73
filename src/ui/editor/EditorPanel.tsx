// Placeholder: replaced by the editor panel's real implementation.
export default function EditorPanel() {
  return <p className="panel-empty">The editor arrives shortly.</p>;
}
