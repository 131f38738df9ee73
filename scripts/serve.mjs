// A static server for a built dist/ on 127.0.0.1, as a real host serves it: gzip for text
// (compressed once per file and kept), the right MIME types, index.html for '/'. The benchmark
// scripts measure the page through it (vite preview sends every file uncompressed).
//   import { serve } from './serve.mjs'; const server = await serve(dist, port); ...; server.close();
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2',
  '.ttf': 'font/ttf', '.webmanifest': 'application/manifest+json', '.wasm': 'application/wasm', '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.txt', '.webmanifest', '.ttf']);

export function serve(dist, port) {
  const root = resolve(dist);
  const cache = new Map();
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    let entry = cache.get(file);
    if (!entry) {
      try {
        if (!statSync(file).isFile()) throw new Error('not a file');
      } catch {
        res.writeHead(404).end('not found');
        return;
      }
      const body = readFileSync(file);
      entry = { body, gzip: COMPRESSIBLE.has(extname(file)) ? gzipSync(body, { level: 6 }) : null, type: TYPES[extname(file)] ?? 'application/octet-stream' };
      cache.set(file, entry);
    }
    const gzip = entry.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    res.writeHead(200, { 'content-type': entry.type, 'cache-control': 'no-cache', ...(gzip ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}) });
    res.end(gzip ? entry.gzip : entry.body);
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => done(server));
  });
}
