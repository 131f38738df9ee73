// "What changed" between two kernel states (the one before the action at the cursor and the one
// after), in words, for the Steps panel: state transitions, counters, used-by links, memory,
// taint, modules list and log lines.
import { refcount } from '../../kernel/refcount';
import type { KernelState, KModule } from '../../kernel/types';
import { before, visibleModules } from '../panels/loaded';

export interface Change { text: string; logSeq?: number }

export function changesBetween(previous: KernelState | null, now: KernelState): Change[] {
  if (!previous) return [];
  const out: Change[] = [];
  const nowMods = visibleModules(now);
  const names = new Set(nowMods.map((m) => m.name));
  for (const m of nowMods) {
    const old = before(previous, m.name);
    if (!old) { out.push({ text: `${m.name} appears (${m.state})` }); continue; }
    describeModule(old, m, out);
  }
  for (const m of visibleModules(previous)) {
    if (!names.has(m.name)) out.push({ text: `${m.name} is gone from the modules list` });
  }
  if (previous.modules.length !== now.modules.length) out.push({ text: `modules list: ${previous.modules.length} → ${now.modules.length} (lsmod shows ${now.modules.length})` });
  if (previous.memory.usedBytes !== now.memory.usedBytes) {
    const delta = now.memory.usedBytes - previous.memory.usedBytes;
    out.push({ text: `memory in use ${delta > 0 ? '+' : '−'}${Math.abs(delta)} bytes (${now.memory.usedBytes} in all)` });
  }
  if (previous.taint !== now.taint) out.push({ text: `kernel taint ${previous.taint} → ${now.taint}` });
  if (previous.cpusStopped !== now.cpusStopped) out.push({ text: now.cpusStopped ? 'stop_machine: the other CPUs are halted' : 'the other CPUs run again' });
  for (const h of now.holders) {
    if (!previous.holders.some((p) => p.id === h.id)) out.push({ text: `${h.label}: try_module_get(${h.module}) on CPU ${h.cpu}` });
  }
  for (const h of previous.holders) {
    if (!now.holders.some((p) => p.id === h.id)) out.push({ text: `${h.label.replace(' open', '')} closed: module_put(${h.module})` });
  }
  const since = previous.log.nextSeq;
  for (const r of now.log.records) {
    if (r.seq >= since) out.push({ text: `printk: ${r.text.replace(/\n$/, '')}`, logSeq: r.seq });
  }
  return out;
}

function describeModule(old: KModule, m: KModule, out: Change[]): void {
  if (old.state !== m.state) out.push({ text: `${m.name}: ${old.state} → ${m.state}` });
  old.refs.forEach((n, i) => {
    if (m.refs[i] !== undefined && m.refs[i] !== n) out.push({ text: `${m.name}: ${m.refs.length > 1 ? `ref[cpu${i}]` : 'refcnt'} ${n} → ${m.refs[i]} (sum ${refcount(m)})` });
  });
  for (const u of m.usedBy) if (!old.usedBy.includes(u)) out.push({ text: `${m.name} is now used by ${u}` });
  for (const u of old.usedBy) if (!m.usedBy.includes(u)) out.push({ text: `${m.name} is no longer used by ${u}` });
  for (const [from, symbols] of Object.entries(m.resolvedFrom)) {
    const was = old.resolvedFrom[from] ?? [];
    const added = symbols.filter((x) => !was.includes(x));
    if (added.length) out.push({ text: `${m.name} resolves ${added.join(', ')} from ${from}` });
  }
  if (!!old.init !== !!m.init) out.push({ text: m.init ? `${m.name}: init section at 0x${m.init.addr}` : `${m.name}: init section freed` });
  if (old.core.addr !== m.core.addr && m.core.addr) out.push({ text: `${m.name}: core section at 0x${m.core.addr} (${m.core.size} bytes)` });
  if (old.taints !== m.taints) out.push({ text: `${m.name} taints: ${m.taints || 'none'}` });
  if (old.sysfs !== m.sysfs) out.push({ text: m.sysfs ? `/sys/module/${m.name} created` : `/sys/module/${m.name} removed` });
  for (const [k, v] of Object.entries(m.params)) {
    if (JSON.stringify(old.params[k]) !== JSON.stringify(v)) out.push({ text: `${m.name}.${k} = ${Array.isArray(v) ? v.join(',') : v}` });
  }
}
