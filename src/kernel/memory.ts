// The simulated allocators: module memory (module_alloc), kmalloc, vmalloc, alloc_pages and
// kmem_cache. Addresses are kept as 16-digit hex strings (they do not fit in a JS number).
import { own } from './cow';
import type { Allocation, KernelState } from './types';

export const PAGE_SIZE = 4096;
/**
 * The seed's limit: kmalloc gives at most 32 contiguous pages (128 KiB), as with the 2.6-era
 * SLAB allocator the lab was written for. (6.1's SLUB hands sizes above 8 KiB to the page
 * allocator and its KMALLOC_MAX_SIZE is 4 MiB; the lab's experiment is about the 32 pages.)
 */
export const KMALLOC_MAX_SIZE = 32 * PAGE_SIZE;
/** alloc_pages() order limit: MAX_ORDER is 11 on x86-64 in 6.1, so orders 0..10. */
export const MAX_ORDER = 11;
export const NULL_ADDR = '0000000000000000';

type Region = keyof KernelState['memory']['next'];

export function pageAlign(bytes: number): number {
  return Math.ceil(bytes / PAGE_SIZE) * PAGE_SIZE;
}

/** kmalloc size classes: 8, 16, 32, 64, 96, 128, 192, 256, 512, ... (power of two above 256). */
export function kmallocSizeClass(size: number): number {
  if (size <= 8) return 8;
  if (size <= 64) return 2 ** Math.ceil(Math.log2(size));
  if (size <= 96) return 96;
  if (size <= 128) return 128;
  if (size <= 192) return 192;
  return 2 ** Math.ceil(Math.log2(size));
}

function bump(s: KernelState, region: Region, size: number, align: number): string {
  const base = BigInt('0x' + s.memory.next[region]);
  const a = BigInt(align);
  const start = ((base + a - 1n) / a) * a;
  own(own(s, 'memory'), 'next')[region] = hex(start + BigInt(Math.max(size, 1)));
  return hex(start);
}

export function hex(value: bigint): string {
  return value.toString(16).padStart(16, '0');
}

/** Reserves module memory (core or init section) in the module mapping space. */
export function moduleAlloc(s: KernelState, size: number): string | null {
  if (s.memory.usedBytes + size > s.memory.totalBytes) return null;
  own(s, 'memory').usedBytes += size;
  return bump(s, 'module', size, PAGE_SIZE);
}

export function moduleFree(s: KernelState, size: number): void {
  const memory = own(s, 'memory');
  memory.usedBytes = Math.max(0, memory.usedBytes - size);
}

interface AllocRequest {
  kind: Allocation['kind'];
  requested: number;
  owner: string;
  by: Allocation['by'];
  cache?: number;
  order?: number;
}

/** Returns the new allocation, or null when the request cannot be met (the caller gets NULL). */
export function allocate(s: KernelState, req: AllocRequest): Allocation | null {
  let size: number;
  let region: Region;
  if (req.kind === 'kmalloc') {
    if (req.requested > KMALLOC_MAX_SIZE) return null;
    size = kmallocSizeClass(req.requested);
    region = 'kmalloc';
  } else if (req.kind === 'vmalloc') {
    if (req.requested <= 0) return null;
    size = pageAlign(req.requested);
    region = 'vmalloc';
  } else if (req.kind === 'pages') {
    const order = req.order ?? 0;
    if (order < 0 || order >= MAX_ORDER) return null;
    size = PAGE_SIZE * 2 ** order;
    region = 'kmalloc';
  } else {
    size = req.kind === 'kmem_cache' ? 256 : kmallocSizeClass(req.requested);
    region = 'kmalloc';
  }
  if (s.memory.usedBytes + size > s.memory.totalBytes) return null;
  const memory = own(s, 'memory');
  memory.usedBytes += size;
  const align = req.kind === 'kmalloc' || req.kind === 'cache_obj' || req.kind === 'kmem_cache'
    ? Math.min(size, PAGE_SIZE) : PAGE_SIZE;
  const id = memory.nextId++;
  const allocation: Allocation = {
    id, kind: req.kind, size, requested: req.requested, addr: bump(s, region, size, align),
    owner: req.owner, by: req.by,
    ...(req.cache === undefined ? {} : { cache: req.cache }),
    ...(req.order === undefined ? {} : { order: req.order }),
  };
  own(memory, 'allocations')[id] = allocation;
  return allocation;
}

export function release(s: KernelState, id: number): void {
  const allocation = s.memory.allocations[id];
  if (!allocation) return;
  const memory = own(s, 'memory');
  memory.usedBytes = Math.max(0, memory.usedBytes - allocation.size);
  delete own(memory, 'allocations')[id];
}

export function allocationsOf(s: KernelState, owner: string): Allocation[] {
  return Object.values(s.memory.allocations).filter((a) => a.owner === owner);
}
