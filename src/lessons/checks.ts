// Small readers of the simulated kernel that the lessons' checkpoints are written with. They only
// read: a checkpoint never changes anything.
import { E } from '../kernel/errno';
import { getNode } from '../kernel/fs';
import { getMod } from '../kernel/shards';
import { RELEASE } from '../kernel/state';
import type { Allocation, InitModuleCall, KernelState, KModule, Syscall } from '../kernel/types';
import type { LessonContext, Text } from './types';
import { logRecords } from '../kernel/log';

export { E, RELEASE };

/** Builds a Text: English, Spanish, Polish. */
export function t(en: string, es: string, pl: string): Text {
  return { en, es, pl };
}

export function mod(k: KernelState, name: string): KModule | undefined {
  return getMod(k, name);
}

export function isLive(k: KernelState, name: string): boolean {
  return getMod(k, name)?.state === 'LIVE';
}

export function isLoaded(k: KernelState, name: string): boolean {
  return getMod(k, name) !== undefined;
}

export function refSum(m: KModule): number {
  return m.refs.reduce((a, b) => a + b, 0);
}

/** Whether some kernel log record (dmesg, also after dmesg -c) contains the text or matches. */
export function logHas(k: KernelState, what: string | RegExp): boolean {
  return logRecords(k.log).some((r) => (typeof what === 'string' ? r.text.includes(what) : what.test(r.text)));
}

/** A regular file's content, or undefined. */
export function fileText(k: KernelState, path: string): string | undefined {
  const node = getNode(k, path);
  return node?.kind === 'file' ? node.data : undefined;
}

/** Every line of /etc/modprobe.d/*.conf, trimmed, comments and blank lines left out. */
export function modprobeConf(k: KernelState): string[] {
  const dir = k.fs['/etc/modprobe.d'] ?? {};
  return Object.entries(dir)
    .filter(([name, node]) => name.endsWith('.conf') && node.kind === 'file')
    .flatMap(([, node]) => (node.kind === 'file' ? node.data.split('\n') : []))
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** The config lines starting with a keyword, split into words (`alias mydev hello` → [mydev, hello]). */
export function confEntries(k: KernelState, keyword: string): string[][] {
  return modprobeConf(k)
    .map((line) => line.split(' '))
    .filter((words) => words[0] === keyword)
    .map((words) => words.slice(1));
}

export function allocationsOf(k: KernelState, owner: string): Allocation[] {
  return Object.values(k.memory.allocations).filter((a) => a.owner === owner);
}

/** Nothing of a module is left: no memory, no cache, no character device. */
export function nothingLeftOf(k: KernelState, name: string): boolean {
  return allocationsOf(k, name).length === 0
    && !Object.values(k.caches).some((c) => c.owner === name)
    && !Object.values(k.chrdevs).some((d) => d.module === name);
}

/** The syscall in flight on a module (the Steps panel's current syscall), if any. */
export function inflight(k: KernelState, kind: Syscall['kind'], name: string): Syscall | undefined {
  return k.inflight.find((c) => c.kind === kind && (c.kind === 'init_module' ? (c as InitModuleCall).name === name : c.name === name));
}

/**
 * A syscall that returned this errno: in the kernel's last result (the Load/Unload buttons leave
 * it there), or, once later commands moved on, in what the tool printed in the terminal.
 */
export function failedWith(ctx: LessonContext, kind: Syscall['kind'], name: string | null, errno: number, printed: RegExp): boolean {
  const ret = ctx.kernel.ret;
  if (ret && ret.kind === kind && ret.value === -errno && (name === null || ret.name === name)) return true;
  return printed.test(ctx.output);
}

/** Whether a typed command line matches (leading spaces and repeated spaces ignored). */
export function typed(ctx: LessonContext, pattern: RegExp): boolean {
  return ctx.history.some((line) => pattern.test(line.trim().replace(/\s+/g, ' ')));
}

/** Index of the last typed line that matches, or -1. */
export function lastTyped(ctx: LessonContext, pattern: RegExp): number {
  for (let i = ctx.history.length - 1; i >= 0; i--) if (pattern.test(ctx.history[i]!.trim().replace(/\s+/g, ' '))) return i;
  return -1;
}
