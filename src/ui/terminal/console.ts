// The Terminal's console: one xterm, the line editor and the store's shell, wired together. It
// lives as long as the page (not as long as the panel): maximising a panel remounts the panel,
// and the scrollback, the line being typed and the history must survive that. The panel only
// lends it an element to live in.
import { currentLang, translate } from '../../i18n';
import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type ITheme } from '@xterm/xterm';
import { currentSession, usePlayground, type PlaygroundState, type TerminalChunk } from '../../store/playground';
import { completeLine } from './complete';
import { LineEditor } from './lineEditor';
import { sessionSource } from './sessionSource';
import { colourPrompt, runsClear, terminalText } from './shellText';

const CLEAR = '\x1b[H\x1b[2J\x1b[3J';
const NOTE = '\x1b[90m';
const PLAIN = '\x1b[0m';

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

function theme(): ITheme {
  const text = cssVar('--text', '#e6ebf5');
  const green = cssVar('--ok', '#3fbf7f');
  const blue = cssVar('--accent', '#5aa9ff');
  const yellow = cssVar('--warn', '#f2b134');
  const red = '#ff8f8f';
  const grey = cssVar('--muted', '#9aa7bf');
  return {
    background: cssVar('--panel', '#161d2c'),
    foreground: text,
    cursor: cssVar('--focus', '#ffd166'),
    cursorAccent: cssVar('--panel', '#161d2c'),
    selectionBackground: 'rgba(90, 169, 255, 0.35)',
    black: '#2c3850', red, green, yellow, blue, magenta: '#d49cff', cyan: '#6fd6e8', white: text,
    brightBlack: grey, brightRed: red, brightGreen: green, brightYellow: yellow, brightBlue: blue,
    brightMagenta: '#e2b8ff', brightCyan: '#9be7f3', brightWhite: '#ffffff',
  };
}

export class Console {
  private readonly term: Terminal;
  private readonly fit = new FitAddon();
  private readonly editor: LineEditor;
  /** The element xterm opened in; it moves between the panel's mounts. */
  private readonly host: HTMLDivElement;
  private opened = false;
  private lastSeq = 0;
  private outputSeq = 0;
  /** Whether the last character written ended a line (the prompt starts at column 0). */
  private atLineStart = true;
  private running = false;
  private observer: ResizeObserver | null = null;
  private frame = 0;

  constructor() {
    Terminal.strings.promptLabel = translate(currentLang(), 'terminal.input');
    this.term = new Terminal({
      screenReaderMode: true,
      cursorBlink: !matchMedia('(prefers-reduced-motion: reduce)').matches,
      scrollback: 5000,
      convertEol: false,
      allowProposedApi: false,
      fontFamily: cssVar('--mono', 'monospace'),
      theme: theme(),
    });
    this.term.loadAddon(this.fit);
    // Ctrl+C with text selected copies it (the browser's copy); without a selection it is ^C.
    this.term.attachCustomKeyEventHandler((e) => !(e.type === 'keydown' && e.ctrlKey && !e.shiftKey && e.key === 'c' && this.term.hasSelection()));
    this.editor = new LineEditor((line, cursor) => completeLine(line, cursor, sessionSource(currentSession())));
    this.host = document.createElement('div');
    this.host.className = 'terminal-host';
    this.term.onData((data) => { this.editor.input(data); this.pump(); });
    this.term.onResize(({ cols }) => this.editor.resize(cols));
    usePlayground.subscribe((s) => this.sync(s));
    // The history lives in the store (saved with the session); the editor walks a copy of it.
    const seed = (history: string[]) => this.editor.setHistory(history);
    seed(usePlayground.getState().history);
    usePlayground.subscribe((s, before) => {
      if (s.history !== before.history) seed(s.history);
      if (s.settings.lang !== before.settings.lang) this.term.textarea?.setAttribute('aria-label', translate(currentLang(), 'terminal.input'));
    });
  }

  /** Puts the terminal in `container` and keeps it fitted to it. */
  attach(container: HTMLElement): void {
    container.appendChild(this.host);
    const scale = Number(cssVar('--scale', '1')) || 1;
    this.term.options.fontSize = Math.round(14 * scale);
    this.term.options.theme = theme();
    if (!this.opened) {
      this.opened = true;
      this.term.open(this.host);
      this.term.textarea?.setAttribute('aria-label', translate(currentLang(), 'terminal.input'));
      // Bracketed paste: a pasted block arrives as one unit (its Tabs do not complete).
      this.term.write('\x1b[?2004h');
      this.refit();
      this.editor.resize(this.term.cols);
      const s = usePlayground.getState();
      this.outputSeq = s.outputSeq;
      this.writeChunks(s.output);
      this.newPrompt();
    } else {
      this.refit();
      this.term.refresh(0, this.term.rows - 1);
    }
    this.observer = new ResizeObserver(() => {
      cancelAnimationFrame(this.frame);
      this.frame = requestAnimationFrame(() => this.refit());
    });
    this.observer.observe(container);
  }

  detach(): void {
    this.observer?.disconnect();
    this.observer = null;
    cancelAnimationFrame(this.frame);
    this.host.remove();
  }

  private refit(): void {
    if (!this.host.isConnected || this.host.clientWidth === 0 || this.host.clientHeight === 0) return;
    this.fit.fit();
  }

  private write(text: string): void {
    if (text !== '') this.term.write(text);
  }

  /** Writes output chunks not yet written, stderr in a softer red. */
  private writeChunks(chunks: TerminalChunk[]): void {
    let text = '';
    for (const c of chunks) {
      if (c.seq <= this.lastSeq) continue;
      this.lastSeq = c.seq;
      text += terminalText(c.text, c.stream);
      this.atLineStart = c.text.endsWith('\n');
    }
    if (text) this.term.write(text);
  }

  /** Starts the prompt on a line of its own even after output without a final newline. */
  private newPrompt(): void {
    const s = usePlayground.getState();
    this.editor.prompt = colourPrompt(s.prompt);
    this.write((this.atLineStart ? '' : '\r\n') + this.editor.showPrompt());
    this.atLineStart = false;
  }

  /** Runs the editor until the typed (or pasted) input is used up, running each entered line. */
  private pump(): void {
    for (;;) {
      const out = this.editor.process();
      this.write(out.write);
      if (out.run === undefined) {
        if (out.write) this.atLineStart = false;
        return;
      }
      this.atLineStart = true;
      this.run(out.run);
    }
  }

  private run(line: string): void {
    if (line.trim() !== '') {
      const store = usePlayground.getState();
      const wasExited = currentSession().shell.exited;
      this.running = true;
      store.remember(line);
      try {
        store.execute(line);
      } catch (e) {
        // A bug in a command must not take the terminal with it: say so where the person looks.
        this.writeChunks(usePlayground.getState().output);
        this.writeNote(`-bash: internal error: ${(e as Error).message}\r\n`);
      } finally {
        this.running = false;
      }
      const s = usePlayground.getState();
      this.outputSeq = s.outputSeq;
      this.writeChunks(s.output);
      if (runsClear(line)) { this.term.write(CLEAR); this.atLineStart = true; }
      if (currentSession().shell.exited) {
        this.writeNote(`${wasExited ? '' : 'exit\r\n'}(${translate(currentLang(), 'terminal.exited')})\r\n`);
      }
    }
    this.newPrompt();
  }

  private writeNote(text: string): void {
    if (!this.atLineStart) this.term.write('\r\n');
    this.term.write(`${NOTE}${text}${PLAIN}`);
    this.atLineStart = true;
  }

  /** Output printed by the buttons (Build, Load, Unload, the catalogue) or a Reset, while the
   * person may be typing: it goes above the prompt, which is redrawn with the partial line. */
  private sync(s: PlaygroundState): void {
    if (this.running || !this.opened) return;
    const reset = s.outputSeq > this.outputSeq && !s.output.some((c) => c.seq === s.outputSeq) && s.output.every((c) => c.seq > this.lastSeq);
    const fresh = s.output.some((c) => c.seq > this.lastSeq);
    const prompt = colourPrompt(s.prompt);
    this.outputSeq = s.outputSeq;
    if (!reset && !fresh && prompt === this.editor.prompt) return;
    const shown = this.editor.visible;
    this.write(this.editor.hide());
    if (shown) this.atLineStart = true;
    if (reset) {
      this.term.write(CLEAR);
      this.atLineStart = true;
      this.lastSeq = s.outputSeq;
    }
    // Output from elsewhere starts on a line of its own (e.g. after a `(y or n)` question).
    if (fresh && !this.atLineStart) { this.term.write('\r\n'); this.atLineStart = true; }
    this.writeChunks(s.output);
    if (shown || reset || fresh) this.newPrompt();
    else this.editor.prompt = prompt;
  }
}

let instance: Console | null = null;

/** The page's one console, made on first use. */
export function getConsole(): Console {
  instance ??= new Console();
  return instance;
}
