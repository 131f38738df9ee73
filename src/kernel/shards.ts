// Big maps of the state (modules by name, exported symbols) are kept in shards: immer copies
// the object it changes, so a flat record of 4,000 modules would be copied whole on every
// syscall; with 64 shards only one small shard (and the shard table) is.
import type { KernelState, KModule } from './types';

export function shardOf(key: string, shards: number): string {
  let h = 5381;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 33) + key.charCodeAt(i)) >>> 0;
  return (h % shards).toString(36);
}

const MOD_SHARDS = 64;

export function getMod(s: KernelState, name: string): KModule | undefined {
  return s.mods[shardOf(name, MOD_SHARDS)]?.[name];
}

export function putMod(s: KernelState, m: KModule): void {
  (s.mods[shardOf(m.name, MOD_SHARDS)] ??= {})[m.name] = m;
}

export function removeMod(s: KernelState, name: string): void {
  const shard = s.mods[shardOf(name, MOD_SHARDS)];
  if (shard) delete shard[name];
}

/** Every module on the list, by name: a flat view for readers (tools, panels, tests). */
export function modsOf(s: KernelState): Record<string, KModule> {
  return Object.assign({}, ...Object.values(s.mods)) as Record<string, KModule>;
}

export function allMods(s: KernelState): KModule[] {
  return Object.values(s.mods).flatMap((shard) => Object.values(shard));
}
