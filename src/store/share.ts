// Share links: a session, compressed, in the URL's fragment (`#s=…`), so it never reaches a
// server. Reading one is reading untrusted input: the size is bounded before and after
// decompression, and the JSON then goes through readSession() like any imported file.
import { readSession, type ReadResult, type SavedSession } from './sessionFile';

export const FRAGMENT_KEY = 's=';
/** Longest fragment we make or read (browsers and chat apps cope with links of this size). */
export const MAX_FRAGMENT = 96 * 1024;
/** Most bytes a fragment may inflate to (a zip bomb stops here). */
export const MAX_INFLATED = 8 * 1024 * 1024;

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, limit: number): Promise<Uint8Array | null> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(stream).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) { await reader.cancel(); return null; }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}

/** The fragment for a session, or null when it would be longer than MAX_FRAGMENT. */
export async function encodeShare(session: SavedSession): Promise<string | null> {
  const json = new TextEncoder().encode(JSON.stringify(session));
  const packed = await pipe(json, new CompressionStream('deflate'), Infinity);
  const text = FRAGMENT_KEY + toBase64Url(packed!);
  return text.length <= MAX_FRAGMENT ? text : null;
}

/** Reads a location.hash (with or without '#'); null when it holds no shared session. */
export async function decodeShare(hash: string): Promise<ReadResult | null> {
  const fragment = hash.replace(/^#/, '');
  if (!fragment.startsWith(FRAGMENT_KEY)) return null;
  const body = fragment.slice(FRAGMENT_KEY.length);
  if (body.length > MAX_FRAGMENT) return { error: `the link is too long (${Math.round(body.length / 1024)} KiB; at most ${MAX_FRAGMENT / 1024} KiB)` };
  const bytes = fromBase64Url(body);
  if (!bytes) return { error: 'the link is damaged: its data is not base64url text (was it cut short or edited?)' };
  let inflated: Uint8Array | null;
  try {
    inflated = await pipe(bytes, new DecompressionStream('deflate'), MAX_INFLATED);
  } catch {
    return { error: 'the link is damaged: its data does not decompress (was it cut short?)' };
  }
  if (!inflated) return { error: `the link unpacks to more than ${MAX_INFLATED / 1024 / 1024} MiB` };
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(inflated));
  } catch (e) {
    return { error: `the link's data is not valid JSON: ${(e as Error).message}` };
  }
  const result = readSession(data);
  return 'error' in result ? { error: `the link's session is not valid: ${result.error}` } : result;
}
