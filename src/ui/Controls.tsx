// The top bar: Step back / Step / Run / Reset, the Timeline slider with its markers, the real
// Debian tree, and a status line that says why a control did nothing.
import { useMemo } from 'react';
import { forgetSaved } from '../store/persist';
import { currentSession, usePlayground } from '../store/playground';

export function Controls() {
  const { cursor, length, kernel, notice, catalog } = usePlayground();
  const { step, stepBack, run, reset, seek, loadCatalog } = usePlayground.getState();
  const inflight = kernel.inflight.length > 0;
  const canStep = cursor < length || inflight;
  return (
    <header className="controls">
      <h1 className="brand">Kernel Module Playground</h1>
      <div className="control-buttons" role="group" aria-label="Step controls">
        <button type="button" onClick={stepBack} disabled={cursor === 0} title="Step back (←, PageUp)"><span aria-hidden="true">◀ </span>Step back</button>
        <button type="button" onClick={step} disabled={!canStep} title="Step (Space, →, PageDown)">Step<span aria-hidden="true"> ▶</span></button>
        <button type="button" onClick={run} disabled={!canStep} title="Run to the end (End)">Run<span aria-hidden="true"> ▶▶</span></button>
        <button type="button" onClick={reset} title="Boot a fresh kernel (your files stay)">Reset</button>
        <button
          type="button"
          onClick={() => { if (window.confirm('Start afresh? Your files, commands and steps here will be forgotten.')) { forgetSaved(); usePlayground.getState().startAfresh(); } }}
          title="Forget the saved session: fresh kernel, the hello template, no history"
        >
          Start afresh
        </button>
      </div>
      <TimelineSlider cursor={cursor} length={length} onSeek={seek} />
      <div className="control-extra">
        {catalog === 'loaded' ? <span className="badge">Debian 6.1 tree</span> : (
          <button type="button" onClick={() => void loadCatalog()} disabled={catalog === 'loading'} title="Boot with Debian's 4,023 real modules in /lib/modules (about 1 MB)">
            {catalog === 'loading' ? 'Loading Debian 6.1…' : 'Real tree: Debian 6.1'}
          </button>
        )}
      </div>
      <p className="status" role="status" aria-live="polite">
        {typeof catalog === 'object' ? catalog.error : notice ?? ''}
      </p>
    </header>
  );
}

function TimelineSlider({ cursor, length, onSeek }: { cursor: number; length: number; onSeek: (n: number) => void }) {
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
        aria-label="Timeline"
        min={0}
        max={length}
        value={cursor}
        aria-valuetext={`action ${cursor} of ${length}`}
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
