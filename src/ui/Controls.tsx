// The top bar: Step back / Step / Run / Reset, the Timeline slider with its markers, the real
// Debian tree, Share, Projector mode, Language, and a status line that says why a control did
// nothing. In projector mode the chrome (everything but stepping) hides behind the projector bar.
import { useMemo, useState } from 'react';
import { useT } from '../i18n';
import { forgetSaved } from '../store/persist';
import { currentSession, usePlayground } from '../store/playground';
import { ShareDialog } from './ShareDialog';
import { LanguagePicker, ProjectorBar, ProjectorToggle, useViewSettings } from './ViewSettings';

export function Controls({ embed = false }: { embed?: boolean }) {
  const t = useT();
  const { cursor, length, kernel, notice, catalog, settings } = usePlayground();
  const { step, stepBack, run, reset, seek, loadCatalog, setSetting } = usePlayground.getState();
  const { projector } = useViewSettings();
  const [sharing, setSharing] = useState(false);
  const inflight = kernel.inflight.length > 0;
  const canStep = cursor < length || inflight;
  const predicting = settings.predict === true;
  return (
    <header className="controls">
      <h1 className="brand">{t('app.title')}</h1>
      <div className="control-buttons" role="group" aria-label={t('controls.group')}>
        <button type="button" onClick={stepBack} disabled={cursor === 0} title={t('controls.stepBack.title')}><span aria-hidden="true">◀ </span>{t('controls.stepBack')}</button>
        <button type="button" onClick={step} disabled={!canStep} title={t('controls.step.title')}>{t('controls.step')}<span aria-hidden="true"> ▶</span></button>
        <button type="button" onClick={run} disabled={!canStep} title={t('controls.run.title')}>{t('controls.run')}<span aria-hidden="true"> ▶▶</span></button>
        {!embed && <button type="button" onClick={reset} title={t('controls.reset.title')}>{t('controls.reset')}</button>}
      </div>
      <TimelineSlider cursor={cursor} length={length} onSeek={seek} />
      {!embed && (
        <div className="control-extra">
          <label className="chrome toggle" title={t('controls.predict.title')}>
            <input type="checkbox" checked={predicting} onChange={(e) => setSetting('predict', e.target.checked)} /> {t('controls.predict')}
          </label>
          <span className="chrome">
            {catalog === 'loaded' ? <span className="badge">{t('controls.catalog.loaded')}</span> : (
              <button type="button" onClick={() => void loadCatalog()} disabled={catalog === 'loading'} title={t('controls.catalog.title')}>
                {catalog === 'loading' ? t('controls.catalog.loading') : t('controls.catalog')}
              </button>
            )}
          </span>
          <button type="button" className="chrome" aria-pressed={settings.lessonsOpen === true} onClick={() => setSetting('lessonsOpen', settings.lessonsOpen !== true)}>{t('controls.lessons')}</button>
          <button type="button" className="chrome" onClick={() => setSharing(true)}>{t('controls.share')}</button>
          <button
            type="button"
            className="chrome"
            onClick={() => { if (window.confirm(t('controls.afresh.confirm'))) { forgetSaved(); usePlayground.getState().startAfresh(); } }}
            title={t('controls.afresh.title')}
          >
            {t('controls.afresh')}
          </button>
          <ProjectorToggle />
          <LanguagePicker />
        </div>
      )}
      {projector && !embed && <ProjectorBar />}
      <p className="status" role="status" aria-live="polite">
        {typeof catalog === 'object' ? t('notice.catalogFailed', { error: catalog.error }) : notice ? ('key' in notice ? t(notice.key, notice.vars) : notice.text) : ''}
      </p>
      {sharing && <ShareDialog onClose={() => setSharing(false)} />}
    </header>
  );
}

function TimelineSlider({ cursor, length, onSeek }: { cursor: number; length: number; onSeek: (n: number) => void }) {
  const t = useT();
  // Marks are appended as actions are applied; recompute the strip when the log changes.
  const marks = useMemo(() => {
    const all = currentSession().machine.timeline.marks;
    const out: Array<{ at: number; kind: 'error' | 'change' }> = [];
    for (let i = 0; i < all.length && i < length; i++) if (all[i]) out.push({ at: i + 1, kind: all[i]! });
    return out.length > 400 ? out.filter((_, i) => i % Math.ceil(out.length / 400) === 0) : out;
  }, [length]);
  return (
    <div className="timeline">
      <input
        type="range"
        aria-label={t('controls.timeline')}
        min={0}
        max={length}
        value={cursor}
        aria-valuetext={t('controls.timeline.value', { cursor, length })}
        onChange={(e) => onSeek(Number(e.target.value))}
      />
      <div className="timeline-marks" aria-hidden="true">
        {length > 0 && marks.map((m) => (
          <span key={m.at} className={`mark mark-${m.kind}`} style={{ left: `${(m.at / length) * 100}%` }} />
        ))}
      </div>
      <span className="timeline-count">{cursor} / {length}</span>
    </div>
  );
}
