// depmod: reads every .ko under /lib/modules/RELEASE and writes modules.dep (each module with
// every module it needs, directly or not), modules.alias, modules.symbols and modules.softdep.
// The order within a modules.dep line is: a module before the modules it depends on, so
// modprobe loads the line from right to left.
import { strerror } from '../../kernel/errno';
import { decodeModuleImage, type ModuleImage } from '../../kernel/image';
import type { CommandFn, Io, Program, ProcessContext } from '../types';
import { listPath, readPath } from './files';

export interface TreeModule { path: string; image: ModuleImage }

/** Every .ko below `root`, with its path relative to it. */
export function scanTree(ctx: ProcessContext, root: string): TreeModule[] {
  const found: TreeModule[] = [];
  const walk = (dir: string) => {
    const entries = listPath(ctx.state(), dir);
    if (!Array.isArray(entries)) return;
    for (const name of entries) {
      const full = `${dir}/${name}`;
      if (name.endsWith('.ko')) {
        const data = readPath(ctx.state(), full);
        const image = typeof data === 'string' ? decodeModuleImage(data) : null;
        if (image) found.push({ path: full.slice(root.length + 1), image });
      } else if (Array.isArray(listPath(ctx.state(), full))) walk(full);
    }
  };
  walk(root);
  return found.sort((a, b) => a.path.localeCompare(b.path));
}

export function computeDeps(tree: TreeModule[]): Map<string, string[]> {
  const provider = new Map<string, TreeModule>();
  for (const m of tree) for (const e of m.image.exports) if (!provider.has(e.symbol)) provider.set(e.symbol, m);
  const direct = new Map<string, TreeModule[]>();
  for (const m of tree) {
    const deps = [...new Set(m.image.imports.map((sym) => provider.get(sym)).filter((p): p is TreeModule => !!p && p !== m))];
    direct.set(m.path, deps);
  }
  const all = new Map<string, string[]>();
  for (const m of tree) {
    const order: string[] = [];
    const visit = (x: TreeModule, stack: Set<string>) => {
      for (const d of direct.get(x.path) ?? []) {
        if (stack.has(d.path) || d.path === m.path) continue;
        if (!order.includes(d.path)) order.push(d.path);
        visit(d, new Set([...stack, d.path]));
      }
    };
    visit(m, new Set([m.path]));
    all.set(m.path, order);
  }
  return all;
}

export function depmodFiles(tree: TreeModule[]): Record<string, string> {
  const deps = computeDeps(tree);
  const dep = tree.map((m) => `${m.path}:${(deps.get(m.path) ?? []).map((d) => ' ' + d).join('')}\n`).join('');
  const alias = '# Aliases extracted from modules themselves.\n' +
    tree.flatMap((m) => m.image.alias.map((a) => `alias ${a} ${m.image.name}\n`)).join('');
  const symbols = '# Aliases for symbols, used by symbol_request().\n' +
    tree.flatMap((m) => m.image.exports.map((e) => `alias symbol:${e.symbol} ${m.image.name}\n`)).join('');
  const softdep = '# Soft dependencies extracted from modules themselves.\n' +
    tree.filter((m) => m.image.softdep.pre.length || m.image.softdep.post.length)
      .map((m) => `softdep ${m.image.name}${m.image.softdep.pre.length ? ' pre: ' + m.image.softdep.pre.join(' ') : ''}${m.image.softdep.post.length ? ' post: ' + m.image.softdep.post.join(' ') : ''}\n`).join('');
  return { 'modules.dep': dep, 'modules.alias': alias, 'modules.symbols': symbols, 'modules.softdep': softdep };
}

export const depmod: CommandFn = function* (ctx, argv, io) {
  const dryRun = argv.includes('-n') || argv.includes('--dry-run');
  const release = argv.slice(1).find((a) => !a.startsWith('-')) ?? ctx.state().release;
  const root = `/lib/modules/${release}`;
  if (!Array.isArray(listPath(ctx.state(), root))) {
    io.err(`depmod: ERROR: could not open directory ${root}: No such file or directory\n`);
    return 1;
  }
  const files = depmodFiles(scanTree(ctx, root));
  return yield* writeAll(files, root, dryRun, io);
};

function* writeAll(files: Record<string, string>, root: string, dryRun: boolean, io: Io): Program {
  for (const [name, text] of Object.entries(files)) {
    if (dryRun) { io.out(text); continue; }
    const ret = yield { type: 'write_file', path: `${root}/${name}`, data: text };
    if (ret < 0) {
      io.err(`depmod: ERROR: could not open ${root}/${name}.tmp for writing: ${strerror(ret)}\n`);
      return 1;
    }
  }
  return 0;
}
