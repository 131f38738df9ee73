// Cross-checks what extract.mjs read from the ELF files against the real tools: kmod's modinfo
// and binutils' nm. Returns a list of differences (empty when everything agrees).

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const BATCH = 400;
const byteOrder = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function run(cmd, args) {
  const r = spawnSync(cmd, args, { env: { ...process.env, LC_ALL: 'C' }, maxBuffer: 1 << 30, encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return r.stdout;
}

/** What `modinfo -0` prints for a module, minus the signature lines (they come from PKCS#7). */
function expectedModinfo(abs, m, rawEntries) {
  const out = [`filename:       ${abs}`];
  for (const [k, v] of rawEntries) if (k !== 'parm' && k !== 'parmtype') out.push(`${k}=${v}`);
  for (const p of m.params) {
    let text = p.name + ':';
    if (p.description !== undefined && p.type !== undefined) text += `${p.description} (${p.type})`;
    else if (p.description !== undefined) text += p.description;
    else text += p.type;
    out.push(`parm:           ${text}`);
  }
  return out;
}

export function verifyWithTools(modRoot, modules) {
  const problems = [];
  for (let start = 0; start < modules.length; start += BATCH) {
    const batch = modules.slice(start, start + BATCH);
    const files = batch.map((m) => join(modRoot, m.path));

    // modinfo -0: NUL-terminated entries, each module starting with its filename line.
    const records = [];
    for (const entry of run('modinfo', ['-0', ...files]).split('\0')) {
      if (entry.startsWith('filename:')) records.push([]);
      if (entry === '' || /^(sig_id|signer|sig_key|sig_hashalgo|signature)=/.test(entry)) continue;
      records[records.length - 1].push(entry);
    }
    if (records.length !== batch.length) problems.push(`modinfo printed ${records.length} records for ${batch.length} files`);
    batch.forEach((m, i) => {
      const want = expectedModinfo(files[i], m, m.modinfo).join('\n');
      const got = (records[i] ?? []).join('\n');
      if (want !== got) problems.push(`${m.path}: modinfo differs:\n--- ours\n${want}\n--- modinfo\n${got}`);
    });

    // nm -A: "file:value type name" (undefined symbols have blanks for the value).
    const undef = new Map(files.map((f) => [f, []]));
    const defined = new Map(files.map((f) => [f, new Set()]));
    for (const line of run('nm', ['-A', ...files]).split('\n')) {
      const m = /^(.*?\.ko):[0-9a-f ]{16} (\S) (.*)$/.exec(line);
      if (!m) continue;
      const [, file, type, name] = m;
      if (type === 'U' || type === 'w' || type === 'v') undef.get(file)?.push(name);
      else defined.get(file)?.add(name);
    }
    batch.forEach((m, i) => {
      const nmU = undef.get(files[i]).join(' ');
      if (nmU !== [...m.imports].sort(byteOrder).join(' ')) problems.push(`${m.path}: nm -u differs`);
      if (defined.get(files[i]).has('init_module') !== m.hasInit) problems.push(`${m.path}: init_module differs`);
      if (defined.get(files[i]).has('cleanup_module') !== m.hasExit) problems.push(`${m.path}: cleanup_module differs`);
    });
  }
  return problems;
}
