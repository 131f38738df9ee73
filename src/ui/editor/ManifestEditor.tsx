// The Monaco editor itself: one model per open file (kept while the panel is re-mounted, e.g. when
// it is maximised, so undo history and the cursor survive), the active file shown, every edit
// handed to the store, and the validator's diagnostics as markers.
import { useEffect, useRef, type MutableRefObject } from 'react';
import type { Diagnostic } from '../../manifest';
import type { EditorFile } from '../../store/templates';
import { monaco, THEME } from './monaco';

type Editor = monaco.editor.IStandaloneCodeEditor;

const models = new Map<string, monaco.editor.ITextModel>();
const viewStates = new Map<string, monaco.editor.ICodeEditorViewState | null>();
const MARKER_OWNER = 'manifest';

function fontSize(): number {
  const scale = Number.parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--scale'));
  return Math.round(14 * (Number.isFinite(scale) && scale > 0 ? scale : 1));
}

export interface ManifestEditorProps {
  files: EditorFile[];
  active: string | undefined;
  diagnostics: Diagnostic[];
  onChange(name: string, text: string): void;
  /** Set to the editor while it is mounted (for "go to the error"). */
  editorRef: MutableRefObject<Editor | null>;
  describedBy: string;
  /** The editing area's accessible name, e.g. "Manifest hello.yaml". */
  ariaLabel: string;
}

export function ManifestEditor({ files, active, diagnostics, onChange, editorRef, describedBy, ariaLabel }: ManifestEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<Editor | null>(null);
  const shown = useRef<string | undefined>(undefined);
  /** True while the store's text is copied into a model: that is not an edit to report back. */
  const syncing = useRef(false);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const lineMarks = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);

  useEffect(() => {
    const e = monaco.editor.create(host.current!, {
      model: null,
      theme: THEME,
      automaticLayout: true,
      fontSize: fontSize(),
      fontFamily: getComputedStyle(document.documentElement).getPropertyValue('--mono').trim() || undefined,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      tabSize: 2,
      insertSpaces: true,
      renderWhitespace: 'none',
      wordBasedSuggestions: 'off',
      quickSuggestions: { other: true, strings: true, comments: false },
      fixedOverflowWidgets: true,
      glyphMargin: false,
      lineNumbersMinChars: 3,
      ariaLabel,
    });
    editor.current = e;
    editorRef.current = e;
    lineMarks.current = e.createDecorationsCollection();
    const changes = e.onDidChangeModelContent(() => {
      const model = e.getModel();
      const name = shown.current;
      if (!model || !name || syncing.current) return;
      onChangeRef.current(name, model.getValue());
    });
    // Projector mode changes --scale and may ask for high contrast: follow both.
    const follow = () => {
      e.updateOptions({ fontSize: fontSize() });
      monaco.editor.setTheme(document.documentElement.classList.contains('high-contrast') ? 'hc-black' : THEME);
    };
    follow();
    const observer = new MutationObserver(follow);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
    return () => {
      if (shown.current) viewStates.set(shown.current, e.saveViewState());
      observer.disconnect();
      changes.dispose();
      e.dispose();
      editor.current = null;
      editorRef.current = null;
      shown.current = undefined;
    };
  }, [editorRef]);

  // Models follow the store's files; text that changed outside the editor is copied in.
  useEffect(() => {
    for (const f of files) {
      const model = models.get(f.name);
      if (!model) {
        models.set(f.name, monaco.editor.createModel(f.text, 'yaml', monaco.Uri.file(`/root/${f.name}`)));
      } else if (model.getValue() !== f.text) {
        syncing.current = true;
        try { model.setValue(f.text); } finally { syncing.current = false; }
      }
    }
    for (const [name, model] of models) {
      if (files.some((f) => f.name === name)) continue;
      if (shown.current === name) { editor.current?.setModel(null); shown.current = undefined; }
      model.dispose();
      models.delete(name);
      viewStates.delete(name);
    }
  }, [files]);

  useEffect(() => {
    const e = editor.current;
    if (!e || shown.current === active) return;
    if (shown.current) viewStates.set(shown.current, e.saveViewState());
    const model = active ? models.get(active) ?? null : null;
    e.setModel(model);
    shown.current = model ? active : undefined;
    const state = active ? viewStates.get(active) : undefined;
    if (state) e.restoreViewState(state);
  }, [active, files]);

  useEffect(() => { editor.current?.updateOptions({ ariaLabel }); }, [ariaLabel]);

  useEffect(() => {
    const model = active ? models.get(active) : undefined;
    if (!model) return;
    monaco.editor.setModelMarkers(model, MARKER_OWNER, diagnostics.map((d) => ({
      startLineNumber: d.line,
      startColumn: d.column,
      endLineNumber: d.endLine,
      endColumn: d.endColumn,
      message: d.message,
      severity: d.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
      source: 'make',
    })));
    // A squiggle can be a single character wide (or nothing, on an empty line): mark the whole
    // line too, so a projector shows where the problem is.
    lineMarks.current?.set(diagnostics.map((d) => ({
      range: new monaco.Range(d.line, 1, d.line, 1),
      options: {
        isWholeLine: true,
        className: d.severity === 'error' ? 'editor-line-error' : 'editor-line-warning',
        linesDecorationsClassName: d.severity === 'error' ? 'editor-gutter-error' : 'editor-gutter-warning',
      },
    })));
  }, [active, diagnostics]);

  return <div ref={host} className="editor-host nokey" aria-describedby={describedBy} />;
}
