// `make` in a folder of manifests, as Kbuild would build a folder of module sources with the
// usual out-of-tree Makefile (obj-m += NAME.o; make -C /lib/modules/$(uname -r)/build M=$PWD):
// each manifest becomes NAME.ko beside it. `make modules_install` copies them to
// /lib/modules/RELEASE/extra/ and runs depmod.
import { strerror } from '../../kernel/errno';
import { decodeModuleImage, encodeModuleImage, type ModuleImage } from '../../kernel/image';
import { GPL_COMPATIBLE } from '../../kernel/freeModule';
import { buildKo, formatDiagnostic } from '../../manifest';
import type { CommandFn, Io, Program, ProcessContext } from '../types';
import { listPath, readPath } from './files';

const MANIFEST = /\.(ya?ml|json)$/;

function kbuild(ctx: ProcessContext): { release: string; headers: string } {
  const release = ctx.state().release;
  return { release, headers: `/usr/src/linux-headers-${release}` };
}

export const make: CommandFn = function* (ctx, argv, io) {
  const target = argv.slice(1).find((a) => !a.startsWith('-')) ?? 'all';
  const entries = listPath(ctx.state(), ctx.cwd);
  const manifests = Array.isArray(entries) ? entries.filter((n) => MANIFEST.test(n)) : [];
  if (manifests.length === 0) {
    io.err('make: *** No targets specified and no makefile found.  Stop.\n');
    return 2;
  }
  const { release, headers } = kbuild(ctx);
  // `make NAME.ko` builds that module alone (Kbuild's single-target build).
  const single = /^[\w-]+\.ko$/.test(target) ? manifests.filter((n) => n.replace(MANIFEST, '') === target.slice(0, -3)) : null;
  const goal = target === 'modules_install' ? 'modules_install' : target === 'clean' ? 'clean' : single ? target : 'modules';
  if (single?.length === 0 || (target !== 'all' && target !== 'modules' && goal === 'modules')) {
    io.err(`make: *** No rule to make target '${target}'.  Stop.\n`);
    return 2;
  }
  io.out(`make -C /lib/modules/${release}/build M=${ctx.cwd} ${goal}\n`);
  io.out(`make[1]: Entering directory '${headers}'\n`);
  const status = goal === 'modules_install' ? yield* install(ctx, io)
    : goal === 'clean' ? yield* clean(ctx, manifests, io)
    : yield* build(ctx, single ?? manifests, io);
  io.out(`make[1]: Leaving directory '${headers}'\n`);
  if (status !== 0) io.err(`make: *** [Makefile:4: ${target}] Error 2\n`);
  return status === 0 ? 0 : 2;
};

function* build(ctx: ProcessContext, manifests: string[], io: Io): Program {
  const dir = ctx.cwd === '/' ? '' : ctx.cwd;
  const built: Array<{ file: string; image: ModuleImage }> = [];
  let failed = false;
  for (const file of manifests) {
    const text = readPath(ctx.state(), `${dir}/${file}`);
    if (typeof text === 'number') { io.err(`make[2]: ${dir}/${file}: ${strerror(text)}\n`); failed = true; continue; }
    const base = file.replace(MANIFEST, '');
    io.out(`  CC [M]  ${dir}/${base}.o\n`);
    const result = buildKo(text, { fileName: `${dir}/${file}`, vermagic: ctx.state().vermagic });
    for (const d of result.diagnostics) io.err(formatDiagnostic(`${dir}/${file}`, d) + '\n');
    if (!result.image) {
      io.err(`make[2]: *** [scripts/Makefile.build:250: ${dir}/${base}.o] Error 1\n`);
      failed = true;
      continue;
    }
    built.push({ file: base, image: result.image });
  }
  if (failed) {
    io.err(`make[1]: *** [Makefile:2012: ${dir}] Error 2\n`);
    return 2;
  }
  io.out(`  MODPOST ${dir}/Module.symvers\n`);
  if (!modpost(ctx, dir, built, io)) {
    io.err(`make[2]: *** [scripts/Makefile.modpost:126: ${dir}/Module.symvers] Error 1\n`);
    io.err(`make[1]: *** [Makefile:1985: modpost] Error 2\n`);
    return 2;
  }
  for (const { file, image } of built) {
    io.out(`  CC [M]  ${dir}/${file}.mod.o\n  LD [M]  ${dir}/${file}.ko\n  BTF [M] ${dir}/${file}.ko\n`);
    io.out(`Skipping BTF generation for ${dir}/${file}.ko due to unavailability of vmlinux\n`);
    const ret = yield { type: 'write_file', path: `${dir}/${file}.ko`, data: encodeModuleImage(image) };
    if (ret < 0) { io.err(`ld: cannot open output file ${dir}/${file}.ko: ${strerror(ret)}\n`); return 2; }
  }
  return 0;
}

/**
 * modpost: every import must come from vmlinux's Module.symvers or from a module of this same
 * build (a module built elsewhere is unknown to it: only a warning). A GPL-incompatible module
 * using a GPL-only symbol it knows about is an error (scripts/mod/modpost.c check_exports()).
 */
function modpost(ctx: ProcessContext, dir: string, built: Array<{ file: string; image: ModuleImage }>, io: Io): boolean {
  const exports = new Map<string, { module: string; gpl: boolean }>();
  for (const { image } of built) for (const e of image.exports) exports.set(e.symbol, { module: image.name, gpl: e.gpl });
  let ok = true;
  for (const { file, image } of built) {
    const gplCompatible = GPL_COMPATIBLE.includes(image.license ?? '');
    image.depends = [...new Set(image.imports.map((sym) => exports.get(sym)?.module).filter((m): m is string => m !== undefined))];
    for (const sym of image.imports) {
      const core = ctx.state().vmlinux.exports[sym];
      const known = core !== undefined ? { gpl: core } : exports.get(sym);
      if (!known) io.err(`WARNING: modpost: "${sym}" [${dir}/${file}.ko] undefined!\n`);
      else if (known.gpl && !gplCompatible) {
        io.err(`ERROR: modpost: GPL-incompatible module ${file}.ko uses GPL-only symbol '${sym}'\n`);
        ok = false;
      }
    }
  }
  return ok;
}

function* clean(ctx: ProcessContext, manifests: string[], io: Io): Program {
  const dir = ctx.cwd === '/' ? '' : ctx.cwd;
  for (const file of manifests) {
    const ko = `${dir}/${file.replace(MANIFEST, '')}.ko`;
    if (typeof readPath(ctx.state(), ko) === 'string') {
      io.out(`  CLEAN   ${ko}\n`);
      yield { type: 'unlink', path: ko };
    }
  }
  return 0;
}

function* install(ctx: ProcessContext, io: Io): Program {
  const dir = ctx.cwd === '/' ? '' : ctx.cwd;
  const { release } = kbuild(ctx);
  const entries = listPath(ctx.state(), ctx.cwd);
  const kos = Array.isArray(entries) ? entries.filter((n) => n.endsWith('.ko')) : [];
  for (const ko of kos) {
    const data = readPath(ctx.state(), `${dir}/${ko}`);
    if (typeof data !== 'string' || !decodeModuleImage(data)) continue;
    const dest = `/lib/modules/${release}/extra/${ko}`;
    io.out(`  INSTALL ${dest}\n`);
    const ret = yield { type: 'write_file', path: dest, data };
    if (ret < 0) { io.err(`cp: cannot create regular file '${dest}': ${strerror(ret)}\n`); return 2; }
  }
  io.out(`  DEPMOD  /lib/modules/${release}\n`);
  return yield* ctx.spawn(['depmod', '-a'], io);
}
