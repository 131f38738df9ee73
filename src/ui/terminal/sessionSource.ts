// What Tab completion reads from the running session: the shell's commands and cwd, the file
// system (stored files, and /proc and /sys as procfs renders them) with the shell user's
// permissions, the modules on the kernel's list and the names in modules.dep.
import { lookup, listDir, readFile } from '../../kernel/fs';
import { listVirtual } from '../../kernel/procfs';
import type { KernelState } from '../../kernel/types';
import { COMMANDS } from '../../userland/commands';
import type { Session } from '../../userland/kshell/session';
import type { CompletionSource } from './complete';
import { moduleNames } from '../../kernel/modlist';

/** The shell's builtins (shell.ts dispatchCommand), which are not in the command registry. */
export const BUILTINS = ['cd', 'exec', 'exit', 'export', 'false', 'help', 'logout', 'pwd', 'su', 'taskset', 'true'];

export function sessionSource(session: Session): CompletionSource {
  const state = () => session.machine.state;
  return {
    commands: () => [...BUILTINS, ...Object.keys(COMMANDS)],
    cwd: session.shell.cwd,
    home: session.shell.env.HOME ?? '/root',
    list: (dir) => listEntries(state(), dir),
    loadedModules: () => [...moduleNames(state().modules)],
    availableModules: () => modulesDepNames(state()),
  };
}

export function listEntries(s: KernelState, dir: string): Array<{ name: string; dir: boolean }> | null {
  const join = (name: string) => (dir === '/' ? `/${name}` : `${dir}/${name}`);
  const virtual = listVirtual(s, dir);
  if (virtual !== null) {
    if (typeof virtual === 'number') return null;
    return virtual.map((name) => ({ name, dir: Array.isArray(listVirtual(s, join(name))) }));
  }
  const names = listDir(s, dir);
  if (typeof names === 'number') return null;
  const entries = names.map((name) => {
    const node = lookup(s, join(name));
    return { name, dir: typeof node !== 'number' && node.kind === 'dir' };
  });
  // /proc and /sys are rendered, not stored: the root lists them as procfs and sysfs mount points.
  if (dir === '/') for (const name of ['proc', 'sys']) if (!names.includes(name)) entries.push({ name, dir: true });
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

let cached: { text: string; names: string[] } | null = null;

/** Module names from modules.dep (the basenames of its .ko files), as modprobe can load them. */
export function modulesDepNames(s: KernelState): string[] {
  const text = readFile(s, `/lib/modules/${s.release}/modules.dep`);
  if (typeof text !== 'string') return [];
  if (cached?.text === text) return cached.names;
  const names: string[] = [];
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const path = line.slice(0, colon);
    names.push(path.slice(path.lastIndexOf('/') + 1).replace(/\.ko(\.(xz|gz|zst))?$/, ''));
  }
  cached = { text, names };
  return names;
}
