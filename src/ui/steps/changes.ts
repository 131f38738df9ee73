// "What changed" between two kernel states (the one before the action at the cursor and the one
// after), in words, for the Steps panel: state transitions, counters, used-by links, memory,
// taint, modules list and log lines.
import type { Key } from '../../i18n/en';
import { refcount } from '../../kernel/refcount';
import type { KernelState, KModule } from '../../kernel/types';
import { before, visibleModules } from '../panels/loaded';
import { logRecords } from '../../kernel/log';
import { moduleNames } from '../../kernel/modlist';

/** A change, as a message key and its values (the panel translates it). */
export interface Change { key: Key; vars: Record<string, string | number>; logSeq?: number }

/** How many printed lines a step lists one by one. */
const PRINTED_SHOWN = 20;

const change = (key: Key, vars: Record<string, string | number> = {}, logSeq?: number): Change => (logSeq === undefined ? { key, vars } : { key, vars, logSeq });

export function changesBetween(previous: KernelState | null, now: KernelState): Change[] {
  if (!previous) return [];
  const out: Change[] = [];
  const nowMods = visibleModules(now);
  const names = new Set(nowMods.map((m) => m.name));
  for (const m of nowMods) {
    const old = before(previous, m.name);
    if (!old) { out.push(change('change.appears', { name: m.name, state: m.state })); continue; }
    describeModule(old, m, out);
  }
  for (const m of visibleModules(previous)) {
    if (!names.has(m.name)) out.push(change('change.gone', { name: m.name }));
  }
  const listed = [moduleNames(previous.modules).length, moduleNames(now.modules).length] as const;
  if (listed[0] !== listed[1]) out.push(change('change.list', { from: listed[0], to: listed[1] }));
  if (previous.memory.usedBytes !== now.memory.usedBytes) {
    const delta = now.memory.usedBytes - previous.memory.usedBytes;
    out.push(change('change.memory', { delta: `${delta > 0 ? '+' : '−'}${Math.abs(delta)}`, total: now.memory.usedBytes }));
  }
  if (previous.taint !== now.taint) out.push(change('change.taint', { from: previous.taint, to: now.taint }));
  if (previous.cpusStopped !== now.cpusStopped) out.push(change(now.cpusStopped ? 'change.stopped' : 'change.restarted'));
  for (const h of now.holders) {
    if (!previous.holders.some((p) => p.id === h.id)) out.push(change('change.get', { label: h.label, name: h.module, cpu: h.cpu }));
  }
  for (const h of previous.holders) {
    if (!now.holders.some((p) => p.id === h.id)) out.push(change('change.put', { label: h.label, name: h.module }));
  }
  // A flood of lines (a printk in a loop) is summed up after the first few.
  const since = previous.log.nextSeq;
  const printed = logRecords(now.log).filter((r) => r.seq >= since);
  for (const r of printed.slice(0, PRINTED_SHOWN)) out.push(change('change.printk', { text: r.text.replace(/\n$/, '') }, r.seq));
  if (printed.length > PRINTED_SHOWN) out.push(change('change.printkMore', { count: printed.length - PRINTED_SHOWN }, printed[PRINTED_SHOWN]!.seq));
  return out;
}

function describeModule(old: KModule, m: KModule, out: Change[]): void {
  if (old.state !== m.state) out.push(change('change.state', { name: m.name, from: old.state, to: m.state }));
  old.refs.forEach((n, i) => {
    if (m.refs[i] !== undefined && m.refs[i] !== n) out.push(change('change.ref', { name: m.name, counter: m.refs.length > 1 ? `ref[cpu${i}]` : 'refcnt', from: n, to: m.refs[i]!, sum: refcount(m) }));
  });
  for (const u of m.usedBy) if (!old.usedBy.includes(u)) out.push(change('change.usedBy', { name: m.name, user: u }));
  for (const u of old.usedBy) if (!m.usedBy.includes(u)) out.push(change('change.notUsedBy', { name: m.name, user: u }));
  for (const [from, symbols] of Object.entries(m.resolvedFrom)) {
    const was = old.resolvedFrom[from] ?? [];
    const added = symbols.filter((x) => !was.includes(x));
    if (added.length) out.push(change('change.resolves', { name: m.name, symbols: added.join(', '), from }));
  }
  if (!!old.init !== !!m.init) out.push(m.init ? change('change.initAt', { name: m.name, addr: m.init.addr }) : change('change.initFreed', { name: m.name }));
  if (old.core.addr !== m.core.addr && m.core.addr) out.push(change('change.coreAt', { name: m.name, addr: m.core.addr, size: m.core.size }));
  if (old.taints !== m.taints) out.push(change('change.modTaint', { name: m.name, taints: m.taints || '—' }));
  if (old.sysfs !== m.sysfs) out.push(change(m.sysfs ? 'change.sysfsUp' : 'change.sysfsDown', { name: m.name }));
  for (const [k, v] of Object.entries(m.params)) {
    if (JSON.stringify(old.params[k]) !== JSON.stringify(v)) out.push(change('change.param', { name: m.name, param: k, value: Array.isArray(v) ? v.join(',') : v }));
  }
}
