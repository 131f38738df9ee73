// Modules (PRODUCT.md §6): name, state (colour and word), size, refcount sum, used by, taint.
import { moduleSize } from '../../kernel/procfs';
import { refcount } from '../../kernel/refcount';
import { usePlayground } from '../../store/playground';
import { before, visibleModules } from './loaded';
import './panels.css';

export function ModulesPanel() {
  const kernel = usePlayground((s) => s.kernel);
  const previous = usePlayground((s) => s.previous);
  const selection = usePlayground((s) => s.selection);
  const select = usePlayground((s) => s.select);
  const mods = visibleModules(kernel);
  if (mods.length === 0) {
    return <p className="panel-empty">No modules loaded. Pick a template in Editor and press Load, or type <code>insmod</code> or <code>modprobe</code> in Terminal.</p>;
  }
  return (
    <table className="modules-table">
      <thead>
        <tr><th scope="col">Module</th><th scope="col">State</th><th scope="col" className="num">Size</th><th scope="col" className="num">Refs</th><th scope="col">Used by</th><th scope="col">Taint</th></tr>
      </thead>
      <tbody>
        {mods.map((m) => {
          const old = before(previous, m.name);
          const changed = !old || old.state !== m.state || refcount(old) !== refcount(m) || old.usedBy !== m.usedBy;
          return (
            <tr
              key={m.name}
              className={`${selection === m.name ? 'selected' : ''}${changed && previous ? ' changed' : ''}`}
              aria-selected={selection === m.name}
              tabIndex={0}
              onClick={() => select(selection === m.name ? null : m.name)}
              onKeyDown={(e) => { if (e.key === 'Enter') select(selection === m.name ? null : m.name); }}
            >
              <th scope="row" className="mono">{m.name}</th>
              <td>
                {old && old.state !== m.state && <><span className={`state state-${old.state}`}>{old.state}</span> → </>}
                <span className={`state state-${m.state}`}>{m.state}</span>
              </td>
              <td className="num mono">{moduleSize(m)}</td>
              <td className="num mono">{old && refcount(old) !== refcount(m) ? `${refcount(old)}→${refcount(m)}` : refcount(m)}</td>
              <td className="mono">{m.usedBy.join(', ') || '—'}</td>
              <td className="mono" title={m.taints ? taintTitle(m.taints) : 'not tainting'}>{m.taints || '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const TAINT_WORDS: Record<string, string> = {
  P: 'proprietary licence', O: 'out-of-tree', E: 'unsigned', F: 'force-loaded', C: 'staging', R: 'force-removed',
};

function taintTitle(letters: string): string {
  return [...letters].map((l) => `${l}: ${TAINT_WORDS[l] ?? 'taint'}`).join(', ');
}
