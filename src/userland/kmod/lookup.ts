// kmod_module_new_from_lookup() for tools that only need a module's file (modinfo): the names the
// lookup finds that have a path, with the default configuration and the running release.
import type { ProcessContext } from '../types';
import { KmodContext } from './context';
import { machineFs } from './fs';

export interface FoundModule { name: string; path: string; deps: string[] }

export function lookupModule(ctx: ProcessContext, wanted: string): FoundModule[] {
  const kctx = new KmodContext({
    fs: machineFs(ctx.state, ctx.cwd),
    dirname: `/lib/modules/${ctx.state().release}`,
    configPaths: null,
    log: () => {},
    cwd: ctx.cwd,
  });
  return kctx.lookup(wanted).list.flatMap((m) => {
    const path = kctx.path(m);
    return path === null ? [] : [{ name: m.name, path, deps: kctx.dependencies(m).flatMap((d) => kctx.path(d) ?? []) }];
  });
}
