// kmod's shared/hash.c, as far as its iteration order shows in depmod's output: keys go to bucket
// hash_superfast(key) & (n_buckets - 1), each bucket is kept sorted by strcmp, and iteration
// walks the buckets in order. modules.symbols is written in this order, and the modules array
// starts in it (before the sort by modules.order), so reproducing depmod means reproducing this.

/** A key's UTF-8 bytes: the string itself when it is ASCII. */
type Bytes = string | Uint8Array;

function byteAt(bytes: Bytes, i: number): number {
  return typeof bytes === 'string' ? bytes.charCodeAt(i) : bytes[i]!;
}

function u16(bytes: Bytes, i: number): number {
  return byteAt(bytes, i) | (byteAt(bytes, i + 1) << 8);
}

/** `key[2]` and `*key` are chars: signed on x86-64, so bytes >= 0x80 are negative. */
function signedByte(bytes: Bytes, i: number): number {
  const b = byteAt(bytes, i);
  return b >= 0x80 ? b - 0x100 : b;
}

/** Paul Hsieh's SuperFastHash as kmod has it (little-endian 16-bit reads, seed = length). */
export function hashSuperfast(key: string): number {
  // eslint-disable-next-line no-control-regex
  const bytes: Bytes = /^[\x00-\x7f]*$/.test(key) ? key : new TextEncoder().encode(key);
  let len = bytes.length;
  let hash = len >>> 0;
  const rem = len & 3;
  let i = 0;
  for (len >>>= 2; len > 0; len--) {
    hash = (hash + u16(bytes, i)) >>> 0;
    const tmp = ((u16(bytes, i + 2) << 11) ^ hash) >>> 0;
    hash = ((hash << 16) ^ tmp) >>> 0;
    i += 4;
    hash = (hash + (hash >>> 11)) >>> 0;
  }
  switch (rem) {
    case 3:
      hash = (hash + u16(bytes, i)) >>> 0;
      hash = (hash ^ (hash << 16)) >>> 0;
      hash = (hash ^ (signedByte(bytes, i + 2) << 18)) >>> 0;
      hash = (hash + (hash >>> 11)) >>> 0;
      break;
    case 2:
      hash = (hash + u16(bytes, i)) >>> 0;
      hash = (hash ^ (hash << 11)) >>> 0;
      hash = (hash + (hash >>> 17)) >>> 0;
      break;
    case 1:
      hash = (hash + signedByte(bytes, i)) >>> 0;
      hash = (hash ^ (hash << 10)) >>> 0;
      hash = (hash + (hash >>> 1)) >>> 0;
  }
  hash = (hash ^ (hash << 3)) >>> 0;
  hash = (hash + (hash >>> 5)) >>> 0;
  hash = (hash ^ (hash << 4)) >>> 0;
  hash = (hash + (hash >>> 17)) >>> 0;
  hash = (hash ^ (hash << 25)) >>> 0;
  hash = (hash + (hash >>> 6)) >>> 0;
  return hash;
}

/** strcmp() on the UTF-8 bytes. */
export function strcmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The order in which kmod's hash (`n_buckets` buckets) iterates over `keys`: bucket by bucket,
 * each bucket sorted by strcmp. */
export function kmodHashOrder(keys: Iterable<string>, nBuckets: number): string[] {
  let n = 1;
  while (n < nBuckets) n <<= 1;
  const buckets: string[][] = Array.from({ length: n }, () => []);
  for (const key of keys) buckets[hashSuperfast(key) & (n - 1)]!.push(key);
  return buckets.flatMap((b) => b.sort(strcmp));
}
