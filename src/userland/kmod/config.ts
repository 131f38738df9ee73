// libkmod-config.c as kmod 30 has it: which files are read (conf_files_list: every *.conf or
// *.alias in each configuration directory, or a file given by itself, sorted by basename with the
// first of equal names winning, plus the module directory's modules.softdep), how a file is split
// into lines (getline_wrapped: `\` joins lines and quotes any other character), the six keywords,
// and the options found on the kernel command line.
import { CONFIG_C, LOG, type LogFn, type LogRecord } from './log';
import { underscores, type FsView } from './fs';

export interface Softdep {
  name: string;
  pre: string[];
  post: string[];
  /** What `modprobe -c` prints as the value (softdep_to_char(), with its missing space). */
  plain: string;
}

/** A configuration as modprobe uses it: one object is shared by every modprobe that reads the
 * same files (see loadConfig), so nothing may change it. */
export interface KmodConfig {
  readonly aliases: ReadonlyArray<{ name: string; modname: string }>;
  readonly blacklists: readonly string[];
  readonly options: ReadonlyArray<{ modname: string; options: string }>;
  readonly installCommands: ReadonlyArray<{ modname: string; command: string }>;
  readonly removeCommands: ReadonlyArray<{ modname: string; command: string }>;
  readonly softdeps: readonly Softdep[];
}

/** A configuration being put together: the parse functions add to its lists. */
export type ConfigDraft = { -readonly [K in keyof KmodConfig]: Array<KmodConfig[K][number]> };

/** kmod's default search path (libkmod.c default_config_paths). */
export const DEFAULT_CONFIG_PATHS = ['/etc/modprobe.d', '/run/modprobe.d', '/usr/local/lib/modprobe.d', '/lib/modprobe.d'];

interface ConfFile { dir: string; name: string; single: boolean }

function emptyConfig(): ConfigDraft {
  return { aliases: [], blacklists: [], options: [], installCommands: [], removeCommands: [], softdeps: [] };
}

/** conf_files_insert_sorted(): keeps the list sorted by name; a name already present is ignored. */
function insertSorted(list: ConfFile[], file: ConfFile): void {
  let i = 0;
  while (i < list.length && list[i]!.name < file.name) i++;
  if (i < list.length && list[i]!.name === file.name) return;
  list.splice(i, 0, file);
}

function confFilesList(fs: FsView, path: string, list: ConfFile[], log: LogFn): void {
  const entries = fs.list(path);
  if (!Array.isArray(entries)) {
    if (typeof fs.read(path) === 'string') insertSorted(list, { dir: path, name: path.slice(path.lastIndexOf('/') + 1), single: true });
    return;
  }
  for (const name of entries) {
    if (name.startsWith('.')) continue;
    if (name.length < 6 || (!name.endsWith('.conf') && !name.endsWith('.alias'))) continue;
    if (Array.isArray(fs.list(`${path}/${name}`))) {
      // Line estimated from the v30 layout (see the report); kmod prints it through the default logger.
      log({ priority: LOG.ERR, file: CONFIG_C, line: 772, fn: 'conf_files_filter_out', message: `Directories inside directories are not supported: ${path}/${name}\n` });
      continue;
    }
    insertSorted(list, { dir: path, name, single: false });
  }
}

/** getline_wrapped(): logical lines and the physical line number each one ends on. */
export function wrappedLines(text: string): Array<{ line: string; linenum: number }> {
  const out: Array<{ line: string; linenum: number }> = [];
  let linenum = 0;
  let buf = '';
  let n = 0;
  for (let i = 0; i <= text.length; i++) {
    const ch = i < text.length ? text[i]! : null;
    if (ch === null) {
      if (buf !== '') out.push({ line: buf, linenum: linenum + n + 1 });
      break;
    }
    if (ch === '\n') {
      n++;
      linenum += n;
      out.push({ line: buf, linenum });
      buf = '';
      n = 0;
    } else if (ch === '\\') {
      const next = text[i + 1];
      if (next === '\n') { n++; i++; continue; }
      if (next === undefined) continue; // a trailing backslash: glibc stores EOF's byte; dropped here
      buf += next;
      i++;
    } else buf += ch;
  }
  return out;
}

/** strtok_r(): the next token and the rest; `delims` '' gives the rest of the line unsplit. */
function strtok(s: string, delims: string): [string | null, string] {
  let i = 0;
  while (i < s.length && delims.includes(s[i]!)) i++;
  if (i >= s.length) return [null, ''];
  let j = i;
  while (j < s.length && !delims.includes(s[j]!)) j++;
  return [s.slice(i, j), j < s.length ? s.slice(j + 1) : ''];
}

const SPACE = ' \t\n\v\f\r';

/** kmod_config_add_softdep() and softdep_to_char(). Words before `pre:`/`post:` are dropped. */
export function parseSoftdep(name: string, line: string): Softdep {
  const kept: Array<{ word: string; pre: boolean }> = [];
  let mode: 'none' | 'pre' | 'post' = 'none';
  for (const word of line.split(new RegExp(`[${SPACE}]+`)).filter(Boolean)) {
    if (word === 'pre:') mode = 'pre';
    else if (word === 'post:') mode = 'post';
    else if (mode !== 'none') kept.push({ word, pre: mode === 'pre' });
  }
  // The strings sit one after another in one buffer; -c prints each list as the buffer span from
  // its first to its last string, and writes "post: " over the pre list's final NUL.
  const span = (pre: boolean) => {
    const idx = kept.flatMap((k, i) => (k.pre === pre ? [i] : []));
    return idx.length ? kept.slice(idx[0], idx[idx.length - 1]! + 1).map((k) => k.word).join(' ') : '';
  };
  const pre = span(true);
  const post = span(false);
  return {
    name,
    pre: kept.filter((k) => k.pre).map((k) => k.word),
    post: kept.filter((k) => !k.pre).map((k) => k.word),
    plain: (pre ? `pre: ${pre}` : '') + (post ? `post: ${post}` : ''),
  };
}

/** kmod_config_parse() of one file. */
export function parseConfigText(config: ConfigDraft, text: string, filename: string, log: LogFn): void {
  for (const { line, linenum } of wrappedLines(text)) {
    if (line === '' || line.startsWith('#')) continue;
    const [cmd, rest] = strtok(line, '\t ');
    if (cmd === null) continue;
    const bad = () => log({ priority: LOG.ERR, file: CONFIG_C, line: 712, fn: 'kmod_config_parse', message: `${filename} line ${linenum}: ignoring bad line starting with '${cmd}'\n` });
    const [first, afterFirst] = strtok(rest, '\t ');
    const [second] = strtok(afterFirst, '\t ');
    const [tail] = strtok(afterFirst, '');
    switch (cmd) {
      case 'alias':
        if (first === null || second === null) bad();
        else config.aliases.push({ name: underscores(first), modname: underscores(second) });
        break;
      case 'blacklist':
        if (first === null) bad();
        else config.blacklists.push(underscores(first));
        break;
      case 'options':
        if (first === null || tail === null) bad();
        else config.options.push({ modname: underscores(first), options: tail.replace(/\t/g, ' ') });
        break;
      case 'install':
      case 'remove':
        if (first === null || tail === null) bad();
        else (cmd === 'install' ? config.installCommands : config.removeCommands).push({ modname: underscores(first), command: tail });
        break;
      case 'softdep':
        if (first === null || tail === null) bad();
        else config.softdeps.push(parseSoftdep(underscores(first), tail));
        break;
      case 'include':
      case 'config':
        log({ priority: LOG.ERR, file: CONFIG_C, line: 708, fn: 'kmod_config_parse', message: `${filename}: command ${cmd} is deprecated and not parsed anymore\n` });
        break;
      default:
        bad();
    }
  }
}

/** kmod_config_parse_kcmdline(): `module.param=value` words of /proc/cmdline become options;
 * `modprobe.blacklist=a,b` blacklists. */
export function parseKernelCmdline(config: ConfigDraft, cmdline: string): void {
  const text = cmdline.split('\n')[0]!;
  for (const word of text.split(' ')) {
    let modname = word;
    let param: string | null = null;
    let isModule = true;
    for (let i = 0; i < word.length; i++) {
      if (word[i] === '.' && param === null) { modname = word.slice(0, i); param = word.slice(i + 1); }
      else if (word[i] === '=' && param === null) { isModule = false; break; }
    }
    if (!isModule || param === null) continue;
    if (modname === 'modprobe' && param.startsWith('blacklist=')) {
      for (const t of param.slice(10).split(',')) config.blacklists.push(t);
    } else {
      config.options.push({ modname: underscores(modname), options: param });
    }
  }
}

/** One file's parse and what it logged, by file name and text: every modprobe (one per
 * request_module, one per line of a script) reads modules.softdep and the modprobe.d files
 * again, and they seldom change. */
const parsedFiles = new Map<string, Map<string, { config: KmodConfig; logs: LogRecord[] }>>();

function parsedConfig(text: string, filename: string): { config: KmodConfig; logs: LogRecord[] } {
  let byText = parsedFiles.get(filename);
  if (!byText) {
    if (parsedFiles.size >= 256) parsedFiles.delete(parsedFiles.keys().next().value!);
    parsedFiles.set(filename, (byText = new Map()));
  }
  let hit = byText.get(text);
  if (hit) {
    // Re-keyed by this very string (see cached() in indexes.ts: no character-by-character
    // comparison next time once depmod wrote modules.softdep again).
    byText.delete(text);
    byText.set(text, hit);
  } else {
    const config = emptyConfig();
    const logs: LogRecord[] = [];
    parseConfigText(config, text, filename, (r) => logs.push(r));
    hit = { config, logs };
    if (byText.size >= 4) byText.delete(byText.keys().next().value!);
    byText.set(text, hit);
  }
  return hit;
}

/** What a configuration is made of: each file's parse (one object per file name and text, see
 * parsedConfig), in order, and what reading /proc/cmdline gave (its text or an errno). */
interface ConfigParts {
  files: Array<ReturnType<typeof parsedConfig>>;
  cmdline: string | number;
}

/** The last configuration put together and its parts. Every modprobe reads the same files, and a
 * changed file gives a new parse, so the same parts make the same configuration, which is shared
 * (a KmodConfig is read-only). The kernel command line is a part too: two machines may have the
 * same files and another command line. */
let lastConfig: { parts: ConfigParts; config: KmodConfig } | null = null;

function sameParts(a: ConfigParts, b: ConfigParts): boolean {
  return a.cmdline === b.cmdline && a.files.length === b.files.length && a.files.every((f, i) => f === b.files[i]);
}

/** kmod_config_new(): reads `paths` (or kmod's defaults) and `dirname`/modules.softdep. */
export function loadConfig(fs: FsView, dirname: string, paths: string[] | null, log: LogFn): KmodConfig {
  const list: ConfFile[] = [{ dir: dirname, name: 'modules.softdep', single: false }];
  for (const path of paths ?? DEFAULT_CONFIG_PATHS) confFilesList(fs, path, list, log);
  const parts: ConfigParts = { files: [], cmdline: 0 };
  for (const cf of list) {
    const fn = cf.single ? cf.dir : `${cf.dir}/${cf.name}`;
    const text = fs.read(fn);
    if (typeof text !== 'string') continue;
    const parsed = parsedConfig(text, fn);
    for (const r of parsed.logs) log(r);
    parts.files.push(parsed);
  }
  parts.cmdline = fs.read('/proc/cmdline');
  if (lastConfig !== null && sameParts(lastConfig.parts, parts)) return lastConfig.config;
  const config = emptyConfig();
  for (const parsed of parts.files) {
    for (const key of Object.keys(config) as Array<keyof KmodConfig>) {
      for (const entry of parsed.config[key]) (config[key] as unknown[]).push(entry);
    }
  }
  if (typeof parts.cmdline === 'string') parseKernelCmdline(config, parts.cmdline);
  lastConfig = { parts, config };
  return config;
}

/** The `-c` lines for the configuration part, in show_config()'s order. */
export function configDump(config: KmodConfig): string {
  let out = '';
  for (const b of config.blacklists) out += `blacklist ${b}\n`;
  for (const c of config.installCommands) out += `install ${c.modname} ${c.command}\n`;
  for (const c of config.removeCommands) out += `remove ${c.modname} ${c.command}\n`;
  for (const a of config.aliases) out += `alias ${a.name} ${a.modname}\n`;
  for (const o of config.options) out += `options ${o.modname} ${o.options}\n`;
  for (const s of config.softdeps) out += `softdep ${s.name} ${s.plain}\n`;
  return out;
}
