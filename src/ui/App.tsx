// The playground's screen (PRODUCT.md §6): controls on top, seven panels below. Monaco, xterm
// and React Flow + ELK are loaded lazily so the first paint stays small.
import { lazy, Suspense, useEffect, type ReactElement } from 'react';
import { usePlayground, type PanelId } from '../store/playground';
import { Controls } from './Controls';
import { useStepKeys } from './keys';
import { Panel } from './layout/Panel';
import { Split } from './layout/Split';
import { KernelLogPanel } from './panels/KernelLogPanel';
import { ModulesPanel } from './panels/ModulesPanel';
import { RefCountsPanel } from './panels/RefCountsPanel';
import StepsPanel from './steps/StepsPanel';

const EditorPanel = lazy(() => import('./editor/EditorPanel'));
const TerminalPanel = lazy(() => import('./terminal/TerminalPanel'));
const GraphPanel = lazy(() => import('./graph/GraphPanel'));

const loading = (what: string) => <p className="panel-empty">Loading the {what}…</p>;

export function App() {
  useStepKeys();
  const maximized = usePlayground((s) => s.maximized);
  const maximize = usePlayground((s) => s.maximize);
  useEffect(() => {
    if (!maximized) return;
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') maximize(null); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [maximized, maximize]);

  const panels: Record<PanelId, ReactElement> = {
    modules: <Panel id="modules" title="Modules"><ModulesPanel /></Panel>,
    refcounts: <Panel id="refcounts" title="Reference counts"><RefCountsPanel /></Panel>,
    graph: <Panel id="graph" title="Dependency graph"><Suspense fallback={loading('graph')}><GraphPanel /></Suspense></Panel>,
    steps: <Panel id="steps" title="Steps"><StepsPanel /></Panel>,
    editor: <Panel id="editor" title="Editor"><Suspense fallback={loading('editor')}><EditorPanel /></Suspense></Panel>,
    terminal: <Panel id="terminal" title="Terminal"><Suspense fallback={loading('terminal')}><TerminalPanel /></Suspense></Panel>,
    log: <Panel id="log" title="Kernel log"><KernelLogPanel /></Panel>,
  };

  return (
    <div className={`app${maximized ? ' app-maximized' : ''}`}>
      <Controls />
      <main className="workspace">
        {maximized ? panels[maximized] : (
          <Split direction="row" initial={[0.24, 0.38, 0.38]} label="columns">
            <Split direction="column" initial={[0.55, 0.45]} label="left column">
              {panels.modules}
              {panels.refcounts}
            </Split>
            <Split direction="column" initial={[0.58, 0.42]} label="middle column">
              {panels.graph}
              {panels.steps}
            </Split>
            <Split direction="column" initial={[0.4, 0.32, 0.28]} label="right column">
              {panels.editor}
              {panels.terminal}
              {panels.log}
            </Split>
          </Split>
        )}
      </main>
    </div>
  );
}
