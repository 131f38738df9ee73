// The Editor panel (PRODUCT.md §6): manifests in tabs, templates from the seeds' examples, the
// validator's messages as markers and as a readable status line, and Build / Load / Unload.
import { lazy, Suspense, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { formatDiagnostic, parseManifest, type Diagnostic } from '../../manifest';
import { usePlayground } from '../../store/playground';
import { TEMPLATES, type EditorFile } from '../../store/templates';
import { useEditorWords } from './words';
import { afterPaint, useDeferred } from '../deferred';
import type { monaco } from './monaco';
import './editor.css';

// Monaco (about 0.9 MB gzip) loads in its own chunk, so the toolbar (Build, Load, Unload) and the
// tabs are usable while it arrives; until then the file shows as plain text.
const ManifestEditor = lazy(() => import('./ManifestEditor').then((m) => ({ default: m.ManifestEditor })));

const DEBOUNCE_MS = 200;
const STATUS_ID = 'editor-status';

/** The validator's diagnostics for a file, recomputed a moment after typing pauses. */
function useDiagnostics(file: EditorFile | undefined): Diagnostic[] {
  const [result, setResult] = useState<{ name: string; text: string; diagnostics: Diagnostic[] } | null>(null);
  const name = file?.name;
  const text = file?.text;
  useEffect(() => {
    if (name === undefined || text === undefined) return;
    const check = () => setResult({ name, text, diagnostics: parseManifest(text).diagnostics });
    // A tab switch shows its markers at once (the very first check, which warms the YAML parser
    // up for about 0.1 s, waits until the page has painted); typing waits for a pause.
    if (result === null) return afterPaint(check);
    if (result.name !== name) { check(); return; }
    if (result.text === text) return;
    const timer = setTimeout(check, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [name, text]); // not `result`: it is what the effect produces
  return result && result.name === name ? result.diagnostics : [];
}

/** A name for a new file not yet open: module1.yaml, module2.yaml, ... */
function newFileName(files: EditorFile[]): string {
  for (let n = 1; ; n++) {
    const name = `module${n}.yaml`;
    if (!files.some((f) => f.name === name)) return name;
  }
}

function starter(name: string): string {
  const mod = name.replace(/\.yaml$/, '');
  return `name: ${mod}\nlicense: GPL\ninit:\n  - printk: { level: KERN_INFO, text: "${mod}: loaded\\n" }\n  - return: 0\nexit:\n  - printk: { level: KERN_INFO, text: "${mod}: unloaded\\n" }\n`;
}

export default function EditorPanel() {
  // Monaco comes after the frame, the buttons and the other panels are up.
  const monacoReady = useDeferred(1200);
  const files = usePlayground((s) => s.files);
  const activeFile = usePlayground((s) => s.activeFile);
  const loadArgs = usePlayground((s) => s.loadArgs);
  const { setFile, openFile, addFile, closeFile, setLoadArgs, build, load, unload } = usePlayground.getState();
  const active = files.find((f) => f.name === activeFile) ?? files[0];
  const diagnostics = useDiagnostics(active);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const w = useEditorWords();

  const pickTemplate = (name: string) => {
    const template = TEMPLATES.find((t) => t.name === name);
    if (!template) return;
    // An open file keeps what was typed into it: close its tab to start again from the template.
    if (files.some((f) => f.name === name)) openFile(name);
    else addFile(template.name, template.text);
  };

  const goTo = (d: Diagnostic) => {
    const e = editorRef.current;
    if (!e) return;
    e.setPosition({ lineNumber: d.line, column: d.column });
    e.revealLineInCenterIfOutsideViewport(d.line);
    e.focus();
  };

  // Parameters and Build / Load / Unload go into the panel's title bar (its tools slot), so the
  // editor keeps every line it can; inline if there is no title bar.
  const root = useRef<HTMLDivElement>(null);
  const [toolSlot, setToolSlot] = useState<Element | null>(null);
  useLayoutEffect(() => {
    setToolSlot(root.current?.closest('.panel')?.querySelector(':scope > .panel-bar > .panel-tools') ?? null);
  }, []);
  const actions = (
    <div className="editor-actions">
      <input
        type="text"
        className="editor-params"
        aria-label={w('params')}
        value={loadArgs}
        placeholder={w('params.placeholder')}
        spellCheck={false}
        onChange={(e) => setLoadArgs(e.target.value)}
        title={w('params.title')}
      />
      <button type="button" onClick={() => build()} title={w('build.title')}>{w('build')}</button>
      <button type="button" onClick={load} disabled={!active} title={w('load.title')}>{w('load')}</button>
      <button type="button" onClick={() => unload()} title={w('unload.title')}>{w('unload')}</button>
    </div>
  );

  return (
    <div className="editor-panel" ref={root}>
      {toolSlot ? createPortal(actions, toolSlot) : actions}
      <div className="editor-files">
        <div className="editor-tabs" role="tablist" aria-label={w('files')}>
          {files.map((f) => {
            const selected = f.name === active?.name;
            return (
              <div key={f.name} className={`editor-tab${selected ? ' editor-tab-active' : ''}`} role="presentation">
                <button type="button" role="tab" id={`editor-tab-${f.name}`} aria-selected={selected} aria-controls="editor-tabpanel" onClick={() => openFile(f.name)}>
                  {f.name}
                </button>
                <button type="button" className="editor-tab-close" aria-label={w('close', { name: f.name })} title={w('close', { name: f.name })} onClick={() => closeFile(f.name)}>
                  ×
                </button>
              </div>
            );
          })}
        </div>
        <select
          aria-label={w('templates')}
          value=""
          onChange={(e) => { pickTemplate(e.target.value); e.target.value = ''; }}
          title={w('templates.title')}
        >
          <option value="" disabled>{w('templates.pick')}</option>
          {TEMPLATES.map((t) => <option key={t.name} value={t.name}>{t.name}</option>)}
        </select>
        <button type="button" className="editor-new" aria-label={w('newFile')} title={w('newFile.title')} onClick={() => addFile(newFileName(files), starter(newFileName(files)))}>
          +
        </button>
      </div>

      <div className="editor-main" id="editor-tabpanel" role="tabpanel" aria-labelledby={active ? `editor-tab-${active.name}` : undefined}>
        {monacoReady ? <Suspense fallback={<pre className="editor-loading" aria-busy="true">{active?.text ?? ''}</pre>}>
          <ManifestEditor
            files={files}
            active={active?.name}
            diagnostics={diagnostics}
            onChange={setFile}
            editorRef={editorRef}
            describedBy={STATUS_ID}
            ariaLabel={w('manifest', { name: active?.name ?? '' }).trim()}
          />
        </Suspense> : <pre className="editor-loading" aria-busy="true">{active?.text ?? ''}</pre>}
        {!active && <p className="panel-empty editor-none">{w('none')}</p>}
      </div>

      <Status id={STATUS_ID} file={active} diagnostics={diagnostics} onGoTo={goTo} />
    </div>
  );
}

function Status({ id, file, diagnostics, onGoTo }: { id: string; file: EditorFile | undefined; diagnostics: Diagnostic[]; onGoTo(d: Diagnostic): void }) {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0] ?? diagnostics[0];
  const more = diagnostics.length - 1;
  const w = useEditorWords();
  return (
    <p id={id} className={`editor-status editor-status-${first ? first.severity : 'ok'}`} aria-live="polite">
      {!file ? '' : !first ? `✓ ${w('ok', { name: file.name })}` : (
        <>
          <span aria-hidden="true">{first.severity === 'error' ? '✖ ' : '⚠ '}</span>
          <button type="button" className="editor-status-text" onClick={() => onGoTo(first)} title={w('goTo')}>
            {formatDiagnostic(file.name, first)}
          </button>
          {more > 0 && <span className="editor-status-more"> {w('more', { n: more })}</span>}
        </>
      )}
    </p>
  );
}
