// Modules (PRODUCT.md §6): name, state (colour and word), size, refcount sum, used by, taint.
import { moduleSize } from '../../kernel/procfs';
import { refcount } from '../../kernel/refcount';
import { useT, type Key } from '../../i18n';
import { usePlayground } from '../../store/playground';
import { before, visibleModules } from './loaded';
import './panels.css';

export function ModulesPanel() {
  const t = useT();
  const kernel = usePlayground((s) => s.kernel);
  const previous = usePlayground((s) => s.previous);
  const selection = usePlayground((s) => s.selection);
  const select = usePlayground((s) => s.select);
  const mods = visibleModules(kernel);
  if (mods.length === 0) {
    return <p className="panel-empty">{t('modules.empty')}</p>;
  }
  return (
    <table className="modules-table">
      <thead>
        <tr><th scope="col">{t('modules.name')}</th><th scope="col">{t('modules.state')}</th><th scope="col" className="num">{t('modules.size')}</th><th scope="col" className="num">{t('modules.refs')}</th><th scope="col">{t('modules.usedBy')}</th><th scope="col">{t('modules.taint')}</th></tr>
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
              <td className="mono" title={m.taints ? [...m.taints].map((l) => `${l}: ${TAINT_KEYS[l] ? t(TAINT_KEYS[l]) : '?'}`).join(', ') : t('modules.notTainting')}>{m.taints || '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const TAINT_KEYS: Record<string, Key> = {
  P: 'taint.P', O: 'taint.O', E: 'taint.E', F: 'taint.F', C: 'taint.C', R: 'taint.R',
};
