// A saved session: the editor's files, the kernel's action log and the cursor, the shell's
// history and the settings. It is what survives a reload (localStorage), what a share link's
// fragment carries, and what Export/Import write and read. Everything read back is untrusted:
// `readSession` checks every field and size and returns a message saying what is wrong and where,
// never a half-valid session. Restoring replays the actions through the reducer (never executes
// anything else), so a saved session cannot do more than a person clicking could.
import type { Action } from '../kernel/types';
import type { EditorFile } from './templates';

export const SESSION_VERSION = 1;

export const LIMITS = {
  files: 32,
  fileBytes: 64 * 1024,
  fileName: 64,
  actions: 200_000,
  history: 500,
  line: 4096,
  /** A .ko in an init_module action (the bytes of a built manifest). */
  actionBytes: 256 * 1024,
};

export interface SavedSession {
  version: typeof SESSION_VERSION;
  catalog: 'none' | 'debian-6.1';
  files: EditorFile[];
  activeFile: string;
  loadArgs: string;
  actions: Action[];
  cursor: number;
  history: string[];
  settings: Record<string, string | number | boolean>;
}

export type ReadResult = { session: SavedSession } | { error: string };

type Check = (v: unknown) => boolean;
const str = (max = LIMITS.line): Check => (v) => typeof v === 'string' && v.length <= max;
const int = (min: number, max: number): Check => (v) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const bool: Check = (v) => typeof v === 'boolean';
const opt = (c: Check): Check => (v) => v === undefined || c(v);
const PATH = str(1024);
const SMALL = int(-1_000_000, 1_000_000);

/** Every action type with the check of each of its fields (an unknown field is an error). */
const ACTION_FIELDS: Record<Action['type'], Record<string, Check>> = {
  init_module: { bytes: str(LIMITS.actionBytes), args: str(), force: opt(bool), comm: opt(str(16)) },
  delete_module: { name: str(64), force: opt(bool), comm: opt(str(16)) },
  step: {},
  run: {},
  umh_exit: { code: int(-255, 255) },
  open_device: { major: int(0, 4095), cpu: opt(int(0, 63)), label: str(200) },
  close_device: { holder: int(0, 1_000_000), cpu: opt(int(0, 63)) },
  set_cpu: { cpu: int(0, 63) },
  set_cpus: { ncpus: int(1, 64) },
  set_refcount_model: { model: (v) => v === 'percpu' || v === 'atomic' },
  set_cred: { uid: int(0, 65535), user: str(32) },
  set_console_loglevel: { level: int(1, 8) },
  set_modules_disabled: {},
  clear_log: {},
  write_file: { path: PATH, data: str(LIMITS.fileBytes * 4), append: opt(bool), mode: opt(int(0, 0o7777)) },
  mkdir: { path: PATH, mode: opt(int(0, 0o7777)) },
  mknod: { path: PATH, major: int(0, 4095), minor: int(0, 1_048_575) },
  unlink: { path: PATH },
  write_param: { module: str(64), param: str(64), value: str() },
  inject_fault: {
    fault: (v) => isRecord(v) && str(64)(v.step) && SMALL(v.errno) && opt(str(64))(v.module)
      && Object.keys(v).every((k) => ['step', 'errno', 'module'].includes(k)),
  },
  clock: { usec: int(0, 1e12) },
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function checkAction(v: unknown): string | null {
  if (!isRecord(v)) return 'not an object';
  const fields = ACTION_FIELDS[v.type as Action['type']];
  if (typeof v.type !== 'string' || !fields || !Object.hasOwn(ACTION_FIELDS, v.type)) return `unknown action type ${JSON.stringify(String(v.type)).slice(0, 40)}`;
  for (const key of Object.keys(v)) {
    if (key === 'type') continue;
    if (!Object.hasOwn(fields, key)) return `${v.type}: unknown field "${key.slice(0, 40)}"`;
  }
  for (const [key, check] of Object.entries(fields)) {
    if (!check(v[key])) return `${v.type}: bad or missing "${key}"`;
  }
  return null;
}

/** Checks untrusted JSON (already parsed) and returns a session or what is wrong with it. */
export function readSession(data: unknown): ReadResult {
  if (!isRecord(data)) return { error: 'not a session: expected a JSON object' };
  if (data.version !== SESSION_VERSION) return { error: `unsupported session version ${JSON.stringify(data.version)?.slice(0, 20)} (this app reads version ${SESSION_VERSION})` };
  if (data.catalog !== 'none' && data.catalog !== 'debian-6.1') return { error: 'catalog: must be "none" or "debian-6.1"' };
  if (!Array.isArray(data.files) || data.files.length > LIMITS.files) return { error: `files: expected a list of at most ${LIMITS.files} files` };
  const files: EditorFile[] = [];
  for (const [i, f] of data.files.entries()) {
    if (!isRecord(f) || !str(LIMITS.fileName)(f.name) || !/^[\w.+-]+\.(ya?ml|json)$/.test(f.name as string)) return { error: `files[${i}]: a name like hello.yaml is required` };
    if (!str(LIMITS.fileBytes)(f.text)) return { error: `files[${i}] (${f.name as string}): text missing or larger than ${LIMITS.fileBytes / 1024} KiB` };
    files.push({ name: f.name as string, text: f.text as string });
  }
  if (!str(LIMITS.fileName)(data.activeFile)) return { error: 'activeFile: expected a file name' };
  if (!str()(data.loadArgs)) return { error: 'loadArgs: expected a string' };
  if (!Array.isArray(data.actions) || data.actions.length > LIMITS.actions) return { error: `actions: expected a list of at most ${LIMITS.actions} actions` };
  for (const [i, a] of data.actions.entries()) {
    const problem = checkAction(a);
    if (problem) return { error: `actions[${i}]: ${problem}` };
  }
  if (!int(0, data.actions.length)(data.cursor)) return { error: `cursor: expected a whole number from 0 to ${data.actions.length}` };
  if (!Array.isArray(data.history) || data.history.length > LIMITS.history || !data.history.every(str())) return { error: `history: expected at most ${LIMITS.history} command lines` };
  if (!isRecord(data.settings)) return { error: 'settings: expected an object' };
  const settings: SavedSession['settings'] = {};
  for (const [k, v] of Object.entries(data.settings)) {
    if (k.length > 40 || !(typeof v === 'string' ? v.length <= 200 : typeof v === 'number' ? Number.isFinite(v) : typeof v === 'boolean')) {
      return { error: `settings.${k.slice(0, 40)}: expected a short string, a number or true/false` };
    }
    settings[k] = v as string | number | boolean;
  }
  return {
    session: {
      version: SESSION_VERSION, catalog: data.catalog, files, activeFile: data.activeFile as string, loadArgs: data.loadArgs as string,
      actions: data.actions as Action[], cursor: data.cursor as number, history: data.history as string[], settings,
    },
  };
}

/** Reads a session from text (a file's contents, localStorage), saying where the JSON is broken. */
export function parseSession(text: string, maxBytes = 16 * 1024 * 1024): ReadResult {
  if (text.length > maxBytes) return { error: `too large: ${Math.round(text.length / 1024)} KiB (at most ${maxBytes / 1024} KiB)` };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { error: `not valid JSON: ${(e as Error).message}` };
  }
  return readSession(data);
}
