// A headless session: a machine, a shell and the text a terminal would show.
import { getNode } from '../../kernel/fs';
import type { BootOptions } from '../../kernel/state';
import { COMMANDS } from '../commands';
import { Machine } from '../machine';
import { Shell, type Terminal } from '../shell/shell';

export class Session {
  readonly machine: Machine;
  readonly shell: Shell;

  constructor(options: BootOptions = {}) {
    this.machine = new Machine(options);
    this.shell = new Shell(this.machine, COMMANDS);
    // The seed: depmod runs while the system boots, so modules.dep is there from the start (a
    // modules.dep the machine was given, e.g. recorded from a real system, is kept).
    const s = this.machine.state;
    if (!getNode(s, `/lib/modules/${s.release}/modules.dep`)) {
      this.machine.drive(this.shell.runArgv(['depmod', '-a'], { stdin: '', out: () => {}, err: () => {} }));
    }
  }

  /** Runs one line; returns its exit status. */
  run(line: string, terminal: Terminal): number {
    return this.shell.execute(line, terminal);
  }

  /** Runs lines and returns everything printed (stdout and stderr, interleaved). */
  script(lines: string[]): { output: string; status: number } {
    let output = '';
    const terminal = { out: (t: string) => { output += t; }, err: (t: string) => { output += t; } };
    let status = 0;
    for (const line of lines) {
      if (this.shell.exited) break;
      status = this.run(line, terminal);
    }
    return { output, status };
  }
}
