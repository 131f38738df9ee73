// Monaco from node_modules (TOOLCHAIN.md "Monaco without a CDN"): the editor core, the features
// the playground uses, YAML only, the editor worker from our own origin, and the manifest schema's
// completion and hovers. Only EditorPanel imports this module, so all of it loads lazily.
import * as monaco from 'monaco-editor/editor';
// The features a manifest editor needs (register.all would add ~1 MB more, the diff editor,
// inline completions, GPU rendering...).
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/suggest/register';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/features/snippet/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/caretOperations/register';
import 'monaco-editor/features/smartSelect/register';
import 'monaco-editor/languages/definitions/yaml/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { manifestSchema } from '../../manifest';
import { hoverAt, suggestAt, type JsonSchema, type Suggestion } from './schemaAssist';

(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
  // YAML needs no language worker: every label gets the editor worker (diffs, word ranges).
  getWorker: () => new EditorWorker(),
};

export { monaco };

export const THEME = 'playground-dark';

monaco.editor.defineTheme(THEME, {
  base: 'vs-dark',
  inherit: true,
  rules: [],
  colors: {
    // app.css --panel, so the editor sits in its panel without a seam.
    'editor.background': '#161d2c',
    'editorGutter.background': '#161d2c',
    'editor.lineHighlightBackground': '#1c2536',
  },
});

const schema = manifestSchema as unknown as JsonSchema;

const KIND: Record<Suggestion['kind'], monaco.languages.CompletionItemKind> = {
  property: monaco.languages.CompletionItemKind.Property,
  statement: monaco.languages.CompletionItemKind.Function,
  value: monaco.languages.CompletionItemKind.EnumMember,
};

monaco.languages.registerCompletionItemProvider('yaml', {
  triggerCharacters: [' ', ':', '-', '{', ','],
  provideCompletionItems(model, position) {
    const { items, prefixColumn } = suggestAt(schema, model.getValue(), position.lineNumber, position.column);
    const range = new monaco.Range(position.lineNumber, Math.min(prefixColumn, position.column), position.lineNumber, position.column);
    return {
      suggestions: items.map((s, i) => ({
        label: s.label,
        kind: KIND[s.kind],
        detail: s.detail,
        documentation: { value: s.documentation },
        insertText: s.insertText,
        // Keep the schema's order (KERN_EMERG..KERN_DEBUG) rather than the alphabet.
        sortText: String(i).padStart(4, '0'),
        range,
        ...(s.retrigger ? { command: { id: 'editor.action.triggerSuggest', title: 'Suggest values' } } : {}),
      })),
    };
  },
});

monaco.languages.registerHoverProvider('yaml', {
  provideHover(model, position) {
    const h = hoverAt(schema, model.getValue(), position.lineNumber, position.column);
    if (!h) return null;
    return { range: new monaco.Range(h.line, h.startColumn, h.line, h.endColumn), contents: [{ value: h.contents }] };
  },
});
