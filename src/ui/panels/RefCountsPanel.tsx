// Reference counts (PRODUCT.md §3, §6): one bar per CPU per module and their sum (a CPU's counter
// may go negative in the seed's per-CPU scheme: a reference taken on CPU 0 and dropped on CPU 2
// leaves +1 and -1), the named holders, and open/close of a module's device on a chosen CPU.
import { useState } from 'react';
import { refcount } from '../../kernel/refcount';
import type { KernelState, KModule, RefcountModel } from '../../kernel/types';
import { useT, type Key } from '../../i18n';
import { usePlayground } from '../../store/playground';
import { SHELL_PID } from '../../userland/shell/shell';
import { before, visibleModules } from './loaded';
import './panels.css';

// module_ref (one counter per CPU) was replaced by a single atomic_t refcnt, and stop_machine()
// left module unloading, in Linux 3.19 (commits "module: Replace module_ref with atomic_t refcnt"
// and "module: Remove stop_machine from module unloading", Masami Hiramatsu).
const MODELS: Array<{ model: RefcountModel; label: Key }> = [
  { model: 'percpu', label: 'refs.percpu' },
  { model: 'atomic', label: 'refs.atomic' },
];

export function RefCountsPanel() {
  const t = useT();
  const kernel = usePlayground((s) => s.kernel);
  const previous = usePlayground((s) => s.previous);
  const selection = usePlayground((s) => s.selection);
  const dispatch = usePlayground((s) => s.dispatch);
  const busy = kernel.inflight.length > 0;
  const mods = visibleModules(kernel);
  return (
    <div className="refs">
      <fieldset className="refs-model">
        <legend className="sr-only">{t('refs.model')}</legend>
        {MODELS.map(({ model, label }) => (
          <label key={model}>
            <input
              type="radio"
              name="refcount-model"
              checked={kernel.refcountModel === model}
              disabled={busy}
              onChange={() => dispatch({ type: 'set_refcount_model', model })}
            />
            {t(label)}
          </label>
        ))}
      </fieldset>
      {mods.length === 0 && <p className="panel-empty">{t('refs.empty')}</p>}
      {mods.map((m) => <ModuleRefs key={m.name} kernel={kernel} mod={m} old={before(previous, m.name)} selected={selection === m.name} />)}
    </div>
  );
}

function ModuleRefs({ kernel, mod, old, selected }: { kernel: KernelState; mod: KModule; old: KModule | undefined; selected: boolean }) {
  const t = useT();
  const dispatch = usePlayground((s) => s.dispatch);
  const [cpu, setCpu] = useState(kernel.cpu);
  const holders = kernel.holders.filter((h) => h.module === mod.name);
  const devices = Object.entries(kernel.chrdevs).filter(([, d]) => d.module === mod.name);
  const scale = Math.max(2, ...mod.refs.map((n) => Math.abs(n)));
  const percpu = kernel.refcountModel === 'percpu';
  const sum = refcount(mod);
  return (
    <section className={`refs-module${selected ? ' selected' : ''}`} aria-label={t('refs.of', { name: mod.name })}>
      <h3>
        <span className="mono">{mod.name}</span>
        <span className={`state state-${mod.state}`}>{mod.state}</span>
        <span className={`refs-sum${old && refcount(old) !== sum ? ' changed' : ''}`}>{t('refs.sum', { sum })}</span>
      </h3>
      {mod.refs.map((n, i) => {
        const changed = old !== undefined && old.refs[i] !== n;
        const label = percpu ? `CPU ${i}` : 'refcnt';
        return (
          <div key={i} className={`refs-row${percpu && i === kernel.cpu ? ' current-cpu' : ''}${changed ? ' changed' : ''}`}>
            <span>{label}</span>
            <div className="refs-bar" role="meter" aria-label={`${mod.name} ${label}`} aria-valuenow={n} aria-valuemin={-scale} aria-valuemax={scale}>
              <div
                className={`refs-fill${n < 0 ? ' negative' : ''}`}
                style={n >= 0 ? { left: '50%', width: `${(n / scale) * 50}%` } : { right: '50%', width: `${(-n / scale) * 50}%` }}
              />
            </div>
            <span style={{ textAlign: 'right' }}>{changed && old ? `${old.refs[i]}→${n}` : n}</span>
          </div>
        );
      })}
      {(holders.length > 0 || mod.usedBy.length > 0) && (
        <ul className="refs-holders" aria-label={t('refs.holders', { name: mod.name })}>
          {mod.usedBy.map((u) => <li key={`m-${u}`}>{t('refs.usedByModule', { user: u })}</li>)}
          {holders.map((h) => (
            <li key={h.id}>
              {h.label} {t('refs.takenOn', { cpu: h.cpu })}{' '}
              <button type="button" onClick={() => dispatch({ type: 'close_device', holder: h.id, cpu })}>
                {t('refs.closeOn', { cpu })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {devices.length > 0 && (
        <div className="refs-open">
          <label>
            CPU{' '}
            <select aria-label={t('refs.cpuFor', { name: mod.name })} value={cpu} onChange={(e) => setCpu(Number(e.target.value))}>
              {Array.from({ length: kernel.ncpus }, (_, i) => <option key={i} value={i}>{i}</option>)}
            </select>
          </label>
          {devices.map(([major, d]) => (
            <button
              key={major}
              type="button"
              onClick={() => dispatch({ type: 'open_device', major: Number(major), cpu, label: `bash (pid ${SHELL_PID}) has /dev/${d.name} open` })}
            >
              {t('refs.open', { dev: d.name })}
            </button>
          ))}
          <span className="step-note">{t('refs.openHelp', { major: devices.map(([major]) => major).join(', ') })}</span>
        </div>
      )}
    </section>
  );
}
