// Steps (PRODUCT.md §6): the syscall in flight as a list of the kernel's steps (with the
// lecture's step numbers), done / current / pending, what the current step means, and what the
// last action changed. Once the syscall returned, its whole trace and result stay on view.
import { useEffect, useRef } from 'react';
import { errnoName } from '../../kernel/errno';
import { DELETE_MODULE } from '../../kernel/deleteModule';
import { INIT_MODULE } from '../../kernel/initModule';
import { describe, skipLabels } from '../../kernel/statements';
import { moduleOf } from '../../kernel/syscall';
import type { KernelState, StepTrace, Syscall } from '../../kernel/types';
import { useLang, useT } from '../../i18n';
import { usePlayground } from '../../store/playground';
import { changesBetween } from './changes';
import { explain } from './explain';
import '../panels/panels.css';

interface Row { key: string; status: 'done' | 'failed' | 'unwind' | 'skipped' | 'current' | 'pending'; seed: number[]; fn: string; note?: string; stmt: boolean; id: string }

const SYMBOL: Record<Row['status'], string> = { done: '✓', failed: '✗', unwind: '↩', skipped: '–', current: '▶', pending: '·' };

function table(kind: Syscall['kind']) {
  return kind === 'init_module' ? INIT_MODULE : DELETE_MODULE;
}

function traceRows(trace: StepTrace[]): Row[] {
  return trace.map((t, i) => ({ key: `t${i}`, status: t.status, seed: t.seed, fn: t.fn, note: t.note, stmt: t.pc !== undefined, id: t.id }));
}

/** The step that will run next, and the ones after it. */
function upcoming(s: KernelState, c: Syscall): Row[] {
  const t = table(c.kind);
  if (c.unwind) {
    return c.unwind.map((id, i) => {
      const def = (t.unwinds as Record<string, { fn: string }>)[id];
      return { key: `u${i}`, status: i === 0 ? 'current' : 'pending', seed: [], fn: def?.fn ?? id, stmt: false, id } as Row;
    });
  }
  const rows: Row[] = [];
  t.steps.forEach((def, i) => {
    if (i < c.phase) return;
    let fn = def.fn;
    const m = moduleOf(s, c);
    // Inside init/exit, the next thing to run is one statement of the module's function.
    if (i === c.phase && m && ((def.id === 'do_one_initcall' && m.image.init) || (c.kind === 'delete_module' && def.id === 'exit' && m.image.exit))) {
      const body = (def.id === 'exit' ? m.image.exit : m.image.init) ?? [];
      const pc = skipLabels(body, c.pc);
      if (pc < body.length) fn = `${def.fn} → ${m.name}_${def.id === 'exit' ? 'exit' : 'init'}: ${describe(body[pc]!, m)}`;
    }
    rows.push({ key: `p${i}`, status: i === c.phase ? 'current' : 'pending', seed: def.seed, fn, stmt: false, id: def.id });
  });
  return rows;
}

export default function StepsPanel() {
  const t = useT();
  const lang = useLang();
  const kernel = usePlayground((s) => s.kernel);
  const previous = usePlayground((s) => s.previous);
  const focusLog = usePlayground((s) => s.focusLog);
  const currentRow = useRef<HTMLLIElement>(null);
  useEffect(() => { currentRow.current?.scrollIntoView({ block: 'nearest' }); }, [kernel]);
  const c = kernel.inflight[kernel.inflight.length - 1];
  const ret = usePlayground((s) => s.lastCall);
  const changes = changesBetween(previous, kernel);

  if (!c && !ret) {
    return <p className="panel-empty">{t('steps.empty')}</p>;
  }
  const kind = c ? c.kind : (ret!.kind as Syscall['kind']);
  const name = c ? moduleOf(kernel, c)?.name ?? c.name : ret!.name;
  const rows = c ? [...traceRows(c.trace), ...upcoming(kernel, c)] : traceRows(ret!.trace ?? []);
  const current = rows.find((r) => r.status === 'current') ?? rows[rows.length - 1];
  const outer = kernel.inflight.slice(0, -1);

  return (
    <div className="steps">
      {outer.map((o) => (
        <p key={o.id} className="step-note">{t('steps.waiting', { call: `${o.kind}(${moduleOf(kernel, o)?.name ?? o.name ?? '…'})`, comm: o.comm, pid: o.pid })}</p>
      ))}
      <div className="steps-head">
        <strong>{kind === 'init_module' ? 'init_module' : 'delete_module'}({name ?? '…'})</strong>
        <span className="step-note">{c ? `${c.comm} (pid ${c.pid})` : ''}</span>
        {c ? (
          <span className="steps-result">{c.blocked ? t('steps.blocked') : t('steps.inProgress')}</span>
        ) : (
          <span className={`steps-result ${ret!.value < 0 ? 'err' : 'ok'}`}>
            {t('steps.returned', { value: ret!.value })}{ret!.value < 0 ? ` (-${errnoName(ret!.value) ?? '?'})` : ''}
          </span>
        )}
      </div>
      <div className="steps-body">
        <ol className="steps-list" aria-label={t('steps.list')}>
          {rows.map((r) => (
            <li key={r.key} className={`${r.status}${r.stmt ? ' stmt' : ''}`} aria-current={r.status === 'current' ? 'step' : undefined} ref={r.status === 'current' ? currentRow : undefined}>
              <span aria-label={t(`status.${r.status}`)}>{SYMBOL[r.status]}</span>
              <span className="seed">{r.seed.length ? r.seed.join(',') : ''}</span>
              <span><span className="step-fn">{r.fn}</span>{r.note ? <span className="step-note"> — {r.note}</span> : null}</span>
            </li>
          ))}
        </ol>
        <div className="steps-side">
          {current && explain(kind, current.id, lang) && (
            <p className="steps-explain" aria-label={t('steps.explanation')}><strong>{current.status === 'current' ? t('steps.next') : t('steps.last')}</strong>{explain(kind, current.id, lang)}</p>
          )}
          {changes.length > 0 && (
            <section aria-label={t('steps.changed')}>
              <strong>{t('steps.changedTitle')}</strong>
              <ul className="steps-changes">
                {changes.map((ch, i) => (
                  <li key={i}>
                    {t(ch.key, ch.vars)}
                    {ch.logSeq !== undefined && <> <button type="button" className="log-link" onClick={() => focusLog(ch.logSeq!)}>{t('steps.showInLog')}</button></>}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
      </div>
    </div>
  );
}
