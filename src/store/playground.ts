// The playground's store (PRODUCT.md §2): one session (kernel timeline + shell), the terminal's
// output, the editor's files, the shared selection and the view settings. Panels read `kernel`
// (the state at the cursor) and `previous` (the state one action earlier, to highlight what the
// last action changed) and call the actions below; they never touch the session themselves.
import { create } from 'zustand';
import type { Key } from '../i18n/en';
import { getNode } from '../kernel/fs';
import type { Action, KernelState } from '../kernel/types';
import type { BootOptions } from '../kernel/state';
import { formatDiagnostic, parseManifest } from '../manifest';
import { moduleName } from '../manifest/build';
import { insmodFailure, rmmodFailure } from '../userland/commands/kmod';
import { Session } from '../userland/kshell/session';
import { predictNext, type Prediction } from './predict';
import { predictChain, type ChainPrediction } from './predictChain';
import { SESSION_VERSION, type SavedSession } from './sessionFile';
import { TEMPLATES, type EditorFile } from './templates';

/** An interface message by key (the status line translates it), or literal text (tool output). */
export type Notice = { key: Key; vars?: Record<string, string | number> } | { text: string };

export type PanelId = 'modules' | 'graph' | 'refcounts' | 'log' | 'editor' | 'terminal' | 'steps';

export interface TerminalChunk { seq: number; text: string; stream: 'out' | 'err' }

/** Terminal output kept for a terminal that mounts later (xterm keeps its own scrollback). */
const OUTPUT_LIMIT = 2000;

export interface PlaygroundState {
  kernel: KernelState;
  /** The state one action before the cursor (null at the start): what the last action changed. */
  previous: KernelState | null;
  /** The last syscall that returned, up to the cursor (what Steps shows once nothing runs). */
  lastCall: KernelState['ret'];
  cursor: number;
  length: number;
  /** The kernel's action count where the timeline begins (the boot's own actions come before):
   * a log record printed by kernel action n belongs to timeline step n - firstAction + 1. */
  firstAction: number;
  output: TerminalChunk[];
  outputSeq: number;
  prompt: string;
  files: EditorFile[];
  activeFile: string;
  /** Parameters passed by the Load button, as insmod's arguments. */
  loadArgs: string;
  selection: string | null;
  /** A kernel log line (seq) the Steps panel asked the Kernel log to show. */
  logFocus: number | null;
  maximized: PanelId | null;
  /** A message for the person (e.g. why Load did nothing), shown in the status bar. */
  /** A message for the person: an interface string (translated) or a tool's own words. */
  notice: Notice | null;
  catalog: 'none' | 'loading' | 'loaded' | { error: string };
  /** Predict-then-reveal: the question asked before the next step, and the learner's guess once
   * given (the step has then run, so the panels show the answer). */
  prediction: { question: Prediction | ChainPrediction; guess: string | null } | null;
  /** Answers the pending question: the step then runs. */
  guess(choice: string): void;
  closePrediction(): void;

  step(): void;
  stepBack(): void;
  run(): void;
  seek(index: number): void;
  reset(): void;
  /** A fresh kernel, the first template alone in Editor, no history: a clean start. */
  startAfresh(): void;
  /** Boots again with other kernel parameters (kept in the settings), as Reset does. */
  reboot(cmdline: string): void;
  /** Runs a command line in the terminal's shell; returns its exit status. */
  execute(line: string): number;
  dispatch(action: Action): void;
  setFile(name: string, text: string): void;
  openFile(name: string): void;
  addFile(name: string, text: string): void;
  closeFile(name: string): void;
  setLoadArgs(args: string): void;
  build(): boolean;
  load(): void;
  unload(name?: string): void;
  select(name: string | null): void;
  focusLog(seq: number | null): void;
  maximize(panel: PanelId | null): void;
  loadCatalog(): Promise<void>;
  /** Command lines typed in Terminal, oldest first (kept across reloads). */
  history: string[];
  remember(line: string): void;
  settings: SavedSession['settings'];
  setSetting(key: string, value: string | number | boolean): void;
  /** Everything needed to come back to this moment (files, action log, cursor, settings). */
  snapshot(): SavedSession;
  /** Boots a fresh kernel and replays a (checked) saved session's actions up to its cursor. */
  restore(saved: SavedSession): Promise<void>;
}

let session = newSession();

function newSession(options: BootOptions = {}): Session {
  const s = new Session(options);
  s.machine.rebase();
  s.machine.stepwise = true;
  return s;
}

/** The session behind the store (for the terminal's tab completion and for tests). */
export function currentSession(): Session { return session; }

function view() {
  const t = session.machine.timeline;
  return {
    kernel: t.state,
    previous: t.cursor > 0 ? t.stateAt(t.cursor - 1) : null,
    lastCall: t.lastSyscall(),
    cursor: t.cursor,
    length: t.length,
    firstAction: t.initial.actions,
    prompt: session.shell.prompt(),
  };
}

const ROOT = '/root';

/** A syscall started by Load or Unload: when it returns an error, the terminal prints what
 * insmod or rmmod would (the person started it as `insmod FILE` / `rmmod NAME`). */
let started: { id: number; tool: 'insmod' | 'rmmod'; arg: string } | null = null;

export const usePlayground = create<PlaygroundState>()((set, get) => {
  const refresh = (extra: Partial<PlaygroundState> = {}) => {
    const t = session.machine.timeline;
    const call = t.lastSyscall();
    if (started && call?.id === started.id && t.cursor === t.length) {
      if (call.value < 0) print(started.tool === 'insmod' ? insmodFailure(started.arg, call.value) : rmmodFailure(call.name ?? started.arg, started.arg, call.value), 'err');
      started = null;
    }
    set({ ...view(), notice: null, ...extra });
  };
  const print = (text: string, stream: TerminalChunk['stream'] = 'out') => {
    if (text === '') return;
    const seq = get().outputSeq + 1;
    const output = [...get().output, { seq, text, stream }];
    set({ output: output.length > OUTPUT_LIMIT ? output.slice(-OUTPUT_LIMIT) : output, outputSeq: seq });
  };
  const machine = () => session.machine;
  /** Writes every editor file to /root (as the person saved them) and builds the active one
   * there with `make NAME.ko` (only it: another file's error must not stop this build). */
  const saveAndMake = (): boolean => {
    for (const f of get().files) {
      const on = getNode(machine().state, `${ROOT}/${f.name}`);
      if (on?.kind !== 'file' || on.data !== f.text) machine().dispatch({ type: 'write_file', path: `${ROOT}/${f.name}`, data: f.text });
    }
    const file = active();
    if (!file) return false;
    return runLine(`make ${koName(file.name)}`, true) === 0;
  };
  const runLine = (line: string, echo: boolean): number => {
    // A button's command runs in /root, shown as if typed there.
    const saved = session.shell.cwd;
    if (echo) session.shell.cwd = ROOT;
    if (echo) print(`${session.shell.prompt()}${line}\n`);
    const status = session.run(line, { out: (t) => print(t), err: (t) => print(t, 'err') });
    if (echo) session.shell.cwd = saved;
    for (const t of machine().helperOutput.splice(0)) print(t, 'err');
    return status;
  };
  /** Fetches and decodes the real tree once (catalogOptions), without booting it; false, with the
   * reason shown where the tree's button is, when that fails. */
  const fetchCatalog = async (): Promise<boolean> => {
    if (catalogOptions) return true;
    set({ catalog: 'loading' });
    try {
      const [{ decodeCatalog }, { catalogBootOptions }] = await Promise.all([import('../catalog/load'), import('../catalog/boot')]);
      const response = await fetch(`${import.meta.env.BASE_URL}catalog/debian-6.1.json`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      catalogOptions = catalogBootOptions(decodeCatalog(await response.json()));
      return true;
    } catch (e) {
      set({ catalog: { error: (e as Error).message } });
      return false;
    }
  };
  /** One step of the innermost syscall (or the user-mode helper it waits for). */
  const stepKernel = () => {
    if (!machine().serveHelper()) machine().dispatch({ type: 'step' });
    for (const line of machine().helperOutput.splice(0)) print(line, 'err');
  };
  const active = () => get().files.find((f) => f.name === get().activeFile) ?? get().files[0];

  return {
    ...view(),
    output: [],
    outputSeq: 0,
    files: [TEMPLATES[0]!],
    activeFile: TEMPLATES[0]!.name,
    loadArgs: '',
    selection: null,
    logFocus: null,
    maximized: null,
    notice: null,
    catalog: 'none',
    prediction: null,
    history: [],
    settings: {},

    step() {
      const t = machine().timeline;
      if (t.cursor < t.length) { t.seek(t.cursor + 1); refresh({ prediction: null }); return; }
      const s = t.state;
      if (s.inflight.length === 0) { refresh({ notice: { key: 'notice.nothingToStep' } }); return; }
      // Predict first: ask before running the step (pressing Step again just steps).
      const pending = get().prediction;
      if (get().settings.predict === true && (!pending || pending.guess !== null)) {
        const question = predictNext(s) ?? predictChain(s);
        if (question) { set({ prediction: { question, guess: null } }); return; }
      }
      stepKernel();
      refresh({ prediction: null });
    },
    guess(choice) {
      const pending = get().prediction;
      if (!pending || pending.guess !== null) return;
      stepKernel();
      refresh({ prediction: { question: pending.question, guess: choice } });
    },
    closePrediction() {
      set({ prediction: null });
    },
    stepBack() {
      const t = machine().timeline;
      if (t.cursor > 0) t.seek(t.cursor - 1);
      refresh({ prediction: null });
    },
    run() {
      const t = machine().timeline;
      if (t.cursor < t.length) { t.seek(t.length); refresh(); return; }
      const s = t.state;
      if (s.inflight.length > 0) machine().finish(s.inflight[0]!.id);
      for (const line of machine().helperOutput.splice(0)) print(line, 'err');
      refresh();
    },
    seek(index) {
      machine().timeline.seek(index);
      refresh({ prediction: null });
    },
    reset() {
      session = newSession(bootOptions(get().catalog === 'loaded', get().settings));
      started = null;
      refresh({ output: [], outputSeq: get().outputSeq + 1, selection: null });
    },
    reboot(cmdline) {
      set({ settings: { ...get().settings, cmdline } });
      get().reset();
      set({ notice: { key: 'notice.rebooted', vars: { cmdline: session.machine.state.cmdline } } });
    },
    startAfresh() {
      get().reset();
      set({ files: [TEMPLATES[0]!], activeFile: TEMPLATES[0]!.name, loadArgs: '', history: [], notice: { key: 'notice.afresh' } });
    },
    execute(line) {
      const status = runLine(line, false);
      refresh();
      return status;
    },
    dispatch(action) {
      machine().dispatch(action);
      refresh();
    },
    setFile(name, text) {
      set({ files: get().files.map((f) => (f.name === name ? { ...f, text } : f)) });
    },
    openFile(name) {
      set({ activeFile: name });
    },
    addFile(name, text) {
      const files = get().files.filter((f) => f.name !== name);
      set({ files: [...files, { name, text }], activeFile: name });
    },
    closeFile(name) {
      const files = get().files.filter((f) => f.name !== name);
      set({ files, activeFile: get().activeFile === name ? files[0]?.name ?? '' : get().activeFile });
    },
    setLoadArgs(args) {
      set({ loadArgs: args });
    },
    build() {
      const ok = saveAndMake();
      refresh(ok ? {} : { notice: { key: 'notice.buildFailed' } });
      return ok;
    },
    load() {
      const file = active();
      if (!file) return;
      const s = machine().state;
      if (s.inflight.length > 0) { refresh({ notice: { key: 'notice.busy' } }); return; }
      const parsed = parseManifest(file.text);
      if (!parsed.manifest) {
        const first = parsed.diagnostics[0];
        refresh({ notice: { text: first ? formatDiagnostic(file.name, first) : `${file.name}: not a manifest` } });
        return;
      }
      if (!saveAndMake()) { refresh({ notice: { key: 'notice.buildFailed' } }); return; }
      const name = moduleName(parsed.manifest.name);
      const ko = getNode(machine().state, `${ROOT}/${koName(file.name)}`);
      if (!ko || ko.kind !== 'file') { refresh({ notice: { key: 'notice.notBuilt', vars: { file: `${ROOT}/${koName(file.name)}` } } }); return; }
      const args = get().loadArgs.trim();
      print(`${session.shell.prompt()}insmod ${ROOT}/${koName(file.name)}${args ? ' ' + args : ''}   # Load: press Step to run init_module one step at a time\n`);
      machine().dispatch({ type: 'init_module', bytes: ko.data, args, comm: 'insmod' });
      started = { id: machine().state.inflight.at(-1)!.id, tool: 'insmod', arg: `${ROOT}/${koName(file.name)}` };
      refresh({ selection: name });
    },
    unload(name) {
      const target = name ?? get().selection ?? moduleNameOf(active()?.text ?? '');
      if (!target) { refresh({ notice: { key: 'notice.selectToUnload' } }); return; }
      if (machine().state.inflight.length > 0) { refresh({ notice: { key: 'notice.busy' } }); return; }
      print(`${session.shell.prompt()}rmmod ${target}   # Unload: press Step to run delete_module one step at a time\n`);
      machine().dispatch({ type: 'delete_module', name: target, comm: 'rmmod' });
      started = { id: machine().state.inflight.at(-1)!.id, tool: 'rmmod', arg: target };
      refresh({ selection: target });
    },
    select(name) {
      set({ selection: name });
    },
    focusLog(seq) {
      set({ logFocus: seq });
    },
    maximize(panel) {
      set({ maximized: panel });
    },
    remember(line) {
      const history = get().history;
      if (line.trim() === '' || history[history.length - 1] === line) return;
      set({ history: [...history, line].slice(-500) });
    },
    setSetting(key, value) {
      set({ settings: { ...get().settings, [key]: value } });
    },
    snapshot() {
      const t = machine().timeline;
      const { files, activeFile, loadArgs, history, settings, catalog } = get();
      return {
        version: SESSION_VERSION, catalog: catalog === 'loaded' ? 'debian-6.1' : 'none', files, activeFile, loadArgs,
        actions: [...t.actions], cursor: t.cursor, history, settings,
      };
    },
    async restore(saved) {
      const withCatalog = saved.catalog === 'debian-6.1';
      // The tree is fetched, not booted: the machine boots once, below, as the session had it.
      if (withCatalog && !(await fetchCatalog())) return;
      session = newSession(bootOptions(withCatalog, saved.settings));
      started = null;
      for (const action of saved.actions) machine().dispatch(action);
      machine().timeline.seek(saved.cursor);
      const files = saved.files.length > 0 ? saved.files : [TEMPLATES[0]!];
      refresh({
        files, activeFile: files.some((f) => f.name === saved.activeFile) ? saved.activeFile : files[0]!.name,
        loadArgs: saved.loadArgs, history: saved.history, settings: saved.settings, selection: null,
        output: [], outputSeq: get().outputSeq + 1, catalog: withCatalog ? 'loaded' : 'none',
      });
    },
    async loadCatalog() {
      if (get().catalog === 'loading' || get().catalog === 'loaded') return;
      if (!(await fetchCatalog())) return;
      session = newSession(bootOptions(true, get().settings));
      const modules = catalogOptions?.files ? Object.keys(catalogOptions.files).length - 3 : 0;
      print(`# Booted ${session.machine.state.release} with Debian's ${modules} modules in /lib/modules.\n`);
      refresh({ catalog: 'loaded', selection: null });
    },
  };

});

let catalogOptions: BootOptions | null = null;

/** What the machine boots with: the real tree when it is loaded, and the kernel parameters the
 * person chose (the `cmdline` setting, e.g. log_buf_len=8M). */
function bootOptions(withCatalog: boolean, settings: SavedSession['settings']): BootOptions {
  const cmdline = typeof settings.cmdline === 'string' ? settings.cmdline : '';
  return { ...(withCatalog ? catalogOptions ?? {} : {}), ...(cmdline ? { cmdline } : {}) };
}

/** The .ko Kbuild makes from a source file: hello.yaml → hello.ko. */
function koName(file: string): string {
  return file.replace(/\.(ya?ml|json)$/, '') + '.ko';
}

function moduleNameOf(text: string): string | null {
  const m = parseManifest(text).manifest;
  return m ? moduleName(m.name) : null;
}
