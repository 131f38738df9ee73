// kshell: the simulated kernel and userland in Node (PRODUCT.md §8).
//   npm run --silent kshell -- [--mount DIR] [--catalog NAME] [--cpus N] [-c 'cmd; cmd']
// Commands come from -c or standard input, one per line; output is what the Terminal panel
// shows (stdout to stdout, stderr to stderr); the exit status is the last command's.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogBootOptions } from '../../catalog/boot';
import { decodeCatalog } from '../../catalog/load';
import type { BootOptions } from '../../kernel/state';
import { Session } from './session';

function usage(message: string): never {
  process.stderr.write(`kshell: ${message}\nUsage: kshell [--mount DIR] [--cpus N] [-c 'cmd; cmd']\n`);
  process.exit(2);
}

/** Host files under `dir` as simulated paths under /root. */
function mountFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (host: string, sim: string) => {
    for (const name of readdirSync(host)) {
      const full = join(host, name);
      if (statSync(full).isDirectory()) walk(full, `${sim}/${name}`);
      else files[`${sim}/${name}`] = readFileSync(full, 'utf8');
    }
  };
  try {
    walk(dir, '/root');
  } catch (e) {
    usage(`cannot mount ${dir}: ${(e as Error).message}`);
  }
  return files;
}

const args = process.argv.slice(2);
let files: Record<string, string> = {};
let command: string | null = null;
let ncpus: number | undefined;
let catalog: string | null = null;
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--mount') files = { ...files, ...mountFiles(args[++i] ?? usage('--mount needs a folder')) };
  else if (a === '-c') command = args[++i] ?? usage('-c needs commands');
  else if (a === '--cpus') ncpus = Number(args[++i]);
  else if (a === '--catalog') catalog = args[++i] ?? usage('--catalog needs a name, e.g. debian-6.1');
  else usage(`unknown argument '${a}'`);
}

/** The shipped catalogues live in public/catalog/NAME.json (the browser fetches the same file). */
function catalogOptions(name: string): BootOptions {
  if (!/^[a-z0-9.-]+$/.test(name)) usage(`no catalog named '${name}'`);
  const path = join(dirname(fileURLToPath(import.meta.url)), '../../../public/catalog', `${name}.json`);
  try {
    return catalogBootOptions(decodeCatalog(JSON.parse(readFileSync(path, 'utf8'))));
  } catch (e) {
    return usage(`cannot load catalog '${name}': ${(e as Error).message}`);
  }
}

const base: BootOptions = catalog ? catalogOptions(catalog) : {};
const session = new Session({ ...base, files: { ...base.files, ...files }, ...(ncpus ? { ncpus } : {}) });
const terminal = { out: (t: string) => process.stdout.write(t), err: (t: string) => process.stderr.write(t) };
const input = command ?? readFileSync(0, 'utf8');
let status = 0;
for (const line of input.split('\n')) {
  if (session.shell.exited) break;
  if (line.trim() === '') continue;
  status = session.run(line, terminal);
}
process.exitCode = status;
