// A learner, headless: the editor's files, the Build / Load / Step / Run / Unload buttons and the
// Terminal, over a kshell Session set up as the browser's store sets up its own (rebased after
// boot, syscalls stepwise). The lessons' walk-through tests drive it.
import { getNode } from '../kernel/fs';
import { TEMPLATES } from '../store/templates';
import { Session } from '../userland/kshell/session';
import type { Checkpoint, InlineFile, LessonContext, LessonStep } from './types';

export class Learner {
  session = browserSession();
  readonly history: string[] = [];
  output = '';
  /** The editor's open files, by name. */
  readonly files = new Map<string, string>();
  private readonly terminal = {
    out: (text: string) => { this.output += text; },
    err: (text: string) => { this.output += text; },
  };

  /** The checkpoint being watched, and whether it held after some action (as a UI records it). */
  private watched: Checkpoint | null = null;
  reached = false;

  /** Boots again with these kernel parameters, as Kernel log's log_buf_len menu does (the
   * machine starts afresh: /root is empty until the next Build). */
  reboot(cmdline: string): void {
    this.session = browserSession(cmdline);
    this.observe();
  }

  /** Watches a checkpoint: it is checked after every action from now on. */
  watch(checkpoint: Checkpoint | null): void {
    this.watched = checkpoint;
    this.reached = false;
  }

  private observe(): void {
    if (this.watched && !this.reached) this.reached = this.watched.check(this.ctx());
  }

  get kernel() { return this.session.machine.state; }

  ctx(): LessonContext {
    return { kernel: this.kernel, history: [...this.history], output: this.output };
  }

  /** Opens what a lesson step lists (templates and inline files), as the lesson UI would. */
  openStep(step: LessonStep): void {
    for (const name of step.files ?? []) this.open(name);
    for (const file of step.inlineFiles ?? []) this.openInline(file);
  }

  open(name: string): void {
    const template = TEMPLATES.find((f) => f.name === name);
    if (!template) throw new Error(`no template ${name}`);
    if (!this.files.has(name)) this.files.set(name, template.text);
  }

  openInline(file: InlineFile): void {
    if (!this.files.has(file.name)) this.files.set(file.name, file.text);
  }

  close(name: string): void {
    this.files.delete(name);
  }

  /** Edits an open file, checking that the edit changed something. */
  edit(name: string, change: (text: string) => string): void {
    const before = this.files.get(name);
    if (before === undefined) throw new Error(`${name} is not open`);
    const after = change(before);
    if (after === before) throw new Error(`the edit of ${name} changed nothing`);
    this.files.set(name, after);
  }

  /** A line typed in Terminal. */
  type(line: string): number {
    this.history.push(line);
    this.output += `${this.session.shell.prompt()}${line}\n`;
    const status = this.session.run(line, this.terminal);
    this.flushHelpers();
    this.observe();
    return status;
  }

  /** Build: every open file written to /root, then make there. */
  build(): number {
    for (const [name, text] of this.files) this.session.machine.dispatch({ type: 'write_file', path: `/root/${name}`, data: text });
    const cwd = this.session.shell.cwd;
    this.session.shell.cwd = '/root';
    this.output += `${this.session.shell.prompt()}make\n`;
    const status = this.session.run('make', this.terminal);
    this.session.shell.cwd = cwd;
    this.observe();
    return status;
  }

  /** Load: Build, then init_module on /root/NAME.ko, left in flight for Step and Run. */
  load(name: string, args = ''): void {
    if (this.build() !== 0) throw new Error(`build failed:\n${this.output}`);
    const ko = getNode(this.kernel, `/root/${name}.ko`);
    if (ko?.kind !== 'file') throw new Error(`/root/${name}.ko was not built`);
    this.output += `insmod /root/${name}.ko${args ? ' ' + args : ''}   # Load\n`;
    this.session.machine.dispatch({ type: 'init_module', bytes: ko.data, args, comm: 'insmod' });
    this.observe();
  }

  unload(name: string): void {
    this.output += `rmmod ${name}   # Unload\n`;
    this.session.machine.dispatch({ type: 'delete_module', name, comm: 'rmmod' });
    this.observe();
  }

  /** Step: one step of the syscall, or the whole user-mode helper the kernel waits for. */
  step(): void {
    if (this.kernel.inflight.length === 0) throw new Error('nothing to step');
    if (!this.session.machine.serveHelper()) this.session.machine.dispatch({ type: 'step' });
    this.flushHelpers();
    this.observe();
  }

  /** Steps until the predicate holds (at most `limit` steps). */
  stepUntil(done: () => boolean, limit = 200): void {
    for (let i = 0; i < limit; i++) {
      if (done()) return;
      this.step();
    }
    if (!done()) throw new Error('stepUntil: never reached');
  }

  /** Run: the syscall in flight to its end. */
  run(): void {
    const first = this.kernel.inflight[0];
    if (first) this.session.machine.finish(first.id);
    this.flushHelpers();
    this.observe();
  }

  private flushHelpers(): void {
    for (const text of this.session.machine.helperOutput.splice(0)) this.output += text;
  }
}

/** A session as the browser's store makes one: the boot's own actions before the timeline,
 * syscalls stepwise. */
function browserSession(cmdline?: string): Session {
  const session = new Session(cmdline ? { cmdline } : {});
  session.machine.rebase();
  session.machine.stepwise = true;
  return session;
}
