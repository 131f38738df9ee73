// The playground's screen (PRODUCT.md §6): controls on top, seven panels below. Monaco, xterm
// and React Flow + ELK are loaded lazily so the first paint stays small. With ?embed=1 (slides,
// course pages) it is read-only: no editor or terminal, but every step control.
import { lazy, Suspense, useEffect, type ReactElement } from 'react';
import { useT } from '../i18n';
import { usePlayground, type PanelId } from '../store/playground';
import { Controls } from './Controls';
// The Editor's frame (tabs, Build, Load, Unload) is small and comes with the page; Monaco itself
// loads later, inside it.
import EditorPanel from './editor/EditorPanel';
import { PredictCard } from './PredictCard';
import { useStepKeys } from './keys';
import { Panel } from './layout/Panel';
import { Split } from './layout/Split';
import { KernelLogPanel } from './panels/KernelLogPanel';
import { ModulesPanel } from './panels/ModulesPanel';
import { RefCountsPanel } from './panels/RefCountsPanel';
import StepsPanel from './steps/StepsPanel';
import { useApplyViewSettings } from './ViewSettings';
import { useDeferred } from './deferred';

const TerminalPanel = lazy(() => import('./terminal/TerminalPanel'));
const GraphPanel = lazy(() => import('./graph/GraphPanel'));
const LessonsPanel = lazy(() => import('./lessons/LessonsPanel'));

export const isEmbed = () => new URLSearchParams(location.search).get('embed') === '1';

export function App() {
  const t = useT();
  useStepKeys();
  useApplyViewSettings();
  const embed = isEmbed();
  const maximized = usePlayground((s) => s.maximized);
  const maximize = usePlayground((s) => s.maximize);
  const lessonsOpen = usePlayground((s) => s.settings.lessonsOpen === true);
  useEffect(() => {
    if (!maximized) return;
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') maximize(null); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [maximized, maximize]);

  const loading = <p className="panel-empty">{t('panel.loading')}</p>;
  // The terminal and the graph (xterm, React Flow) come once the page is interactive and a
  // module can be loaded: a press on Load right after the first paint is not held up by them.
  const heavy = useDeferred(800);
  const panels: Record<PanelId, ReactElement> = {
    modules: <Panel id="modules" title={t('panel.modules')}><ModulesPanel /></Panel>,
    refcounts: <Panel id="refcounts" title={t('panel.refcounts')}><RefCountsPanel /></Panel>,
    graph: <Panel id="graph" title={t('panel.graph')}>{heavy ? <Suspense fallback={loading}><GraphPanel /></Suspense> : loading}</Panel>,
    steps: <Panel id="steps" title={t('panel.steps')}><StepsPanel /></Panel>,
    editor: <Panel id="editor" title={t('panel.editor')}><EditorPanel /></Panel>,
    terminal: <Panel id="terminal" title={t('panel.terminal')}>{heavy ? <Suspense fallback={loading}><TerminalPanel /></Suspense> : loading}</Panel>,
    log: <Panel id="log" title={t('panel.log')}><KernelLogPanel /></Panel>,
  };

  return (
    <div className={`app${maximized ? ' app-maximized' : ''}${embed ? ' app-embed' : ''}`}>
      <Controls embed={embed} />
      {embed && <a className="embed-open" href={location.href.replace(/[?&]embed=1/, '')} target="_blank" rel="noopener">{t('embed.open')}</a>}
      <main className="workspace">
        {lessonsOpen && !embed && (
          <Suspense fallback={loading}>
            <LessonsPanel onClose={() => usePlayground.getState().setSetting('lessonsOpen', false)} />
          </Suspense>
        )}
        {maximized && !(embed && (maximized === 'editor' || maximized === 'terminal')) ? panels[maximized] : (
          <Split direction="row" initial={embed ? [0.3, 0.4, 0.3] : [0.24, 0.38, 0.38]} label="columns">
            <Split direction="column" initial={[0.55, 0.45]} label="left column">
              {panels.modules}
              {panels.refcounts}
            </Split>
            <Split direction="column" initial={[0.58, 0.42]} label="middle column">
              {panels.graph}
              {panels.steps}
            </Split>
            {embed ? panels.log : (
              <Split direction="column" initial={[0.4, 0.32, 0.28]} label="right column">
                {panels.editor}
                {panels.terminal}
                {panels.log}
              </Split>
            )}
          </Split>
        )}
      </main>
      <PredictCard />
    </div>
  );
}
