// modinfo, as kmod 30's tools/modinfo.c prints a module: `filename:` (absolute path), then the
// .modinfo keys in the order the build stored them (GCC emits a file's MODULE_* entries in
// reverse source order, then modpost's: srcversion, depends, retpoline, [intree,] name,
// vermagic), then one `parm:` line per parameter.
import { decodeModuleImage, type ModuleImage } from '../../kernel/image';
import { normalize } from '../../kernel/fs';
import type { CommandFn } from '../types';
import { readPath } from './files';
import { lookupModule } from '../kmod/lookup';

export function modinfoFields(image: ModuleImage): Array<[string, string]> {
  const source: Array<[string, string]> = [];
  if (image.license !== undefined) source.push(['license', image.license]);
  if (image.author !== undefined) source.push(['author', image.author]);
  if (image.description !== undefined) source.push(['description', image.description]);
  if (image.version !== undefined) source.push(['version', image.version]);
  for (const a of image.alias) source.push(['alias', a]);
  const { pre, post } = image.softdep;
  if (pre.length || post.length) source.push(['softdep', `${pre.length ? 'pre: ' + pre.join(' ') : ''}${pre.length && post.length ? ' ' : ''}${post.length ? 'post: ' + post.join(' ') : ''}`]);
  const fields = source.reverse();
  fields.push(['srcversion', image.srcversion], ['depends', (image.depends ?? []).join(',')], ['retpoline', 'Y']);
  if (image.intree) fields.push(['intree', 'Y']);
  fields.push(['name', image.name], ['vermagic', image.vermagic]);
  return fields;
}

export function parmLines(image: ModuleImage): string[] {
  return image.params.map((p) => {
    const type = p.array !== undefined ? `array of ${p.type}` : p.type;
    return p.description ? `${p.name}:${p.description} (${type})` : `${p.name}:${type}`;
  });
}

const key = (k: string) => `${k}:`.padEnd(16);

export const modinfo: CommandFn = function* (ctx, argv, io) {
  let field: string | null = null;
  const names: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-F' || a === '--field') field = argv[++i] ?? '';
    else if (a.startsWith('--field=')) field = a.slice(8);
    else if (a === '-n' || a === '--filename') field = 'filename';
    else if (a === '-p' || a === '--parameters') field = 'parm';
    else if (a === '-d' || a === '--description') field = 'description';
    else if (a === '-a' || a === '--author') field = 'author';
    else if (a === '-l' || a === '--license') field = 'license';
    else names.push(a);
  }
  if (names.length === 0) { io.err('modinfo: ERROR: missing module or filename.\n'); return 1; }
  let status = 0;
  for (const name of names) {
    let path = normalize(name, ctx.cwd);
    let data = name.includes('/') || name.endsWith('.ko') ? readPath(ctx.state(), path) : -2;
    if (typeof data === 'number') {
      const found = lookupModule(ctx, name)[0];
      if (!found) { io.err(`modinfo: ERROR: Module ${name} not found.\n`); status = 1; continue; }
      path = found.path;
      data = readPath(ctx.state(), path);
    }
    const image = typeof data === 'string' ? decodeModuleImage(data) : null;
    if (!image) {
      if (field === null) io.out(`${key('filename')}${path}\n`);
      io.err(`modinfo: ERROR: could not get modinfo from '${path.slice(path.lastIndexOf('/') + 1).replace(/\.ko$/, '')}': Exec format error\n`);
      status = 1;
      continue;
    }
    const fields = modinfoFields(image);
    const parms = parmLines(image);
    if (field !== null) {
      const values = field === 'filename' ? [path] : field === 'parm' ? parms : fields.filter(([k]) => k === field).map(([, v]) => v);
      io.out(values.map((v) => v + '\n').join(''));
      continue;
    }
    io.out(`${key('filename')}${path}\n`);
    io.out(fields.map(([k, v]) => `${key(k)}${v}\n`).join(''));
    io.out(parms.map((p) => `${key('parm')}${p}\n`).join(''));
  }
  return status;
};
