import { createReadStream, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

/** Content types by extension; wasm must be application/wasm or instantiateStreaming refuses it. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

/** Vite puts content-hashed files here, so they never change under the same name. */
const IMMUTABLE_PREFIX = '/assets/';

/** Why a request path cannot name a file: bad encoding (400) or a refused segment (404). */
type PathRefusal = 'bad-request' | 'not-found';

/**
 * Maps a raw request target to a file under `root`. Each segment is decoded on its own and
 * refused if it is empty of meaning ('.', '..', dotfiles) or smuggles a separator or NUL once
 * decoded ('..%2f', '%5c', '%00'); the resolved path must still lie under `root`, as a second
 * guard. Returns the segments so the caller knows whether the path had an extension.
 */
export function resolveRequestPath(
  root: string,
  target: string,
): { file: string; segments: string[] } | PathRefusal {
  const pathname = target.split(/[?#]/, 1)[0] ?? '';
  // Origin-form only: an absolute-form target ("http://host/x") is for proxies, not us.
  if (!pathname.startsWith('/')) return 'bad-request';
  const segments: string[] = [];
  for (const raw of pathname.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return 'bad-request';
    }
    if (segment.startsWith('.') || /[/\\\0]/.test(segment)) return 'not-found';
    segments.push(segment);
  }
  const base = path.resolve(root);
  const file = path.resolve(base, ...segments);
  if (file !== base && !file.startsWith(base + path.sep)) return 'not-found';
  return { file, segments };
}

/**
 * Serves GET and HEAD from `root`: `index.html` for `/` and, as a single-page app fallback, for
 * any missing path without an extension; 404 for other missing files.
 */
export async function serveStatic(
  root: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const resolved = resolveRequestPath(root, req.url ?? '/');
  if (resolved === 'bad-request') return sendText(res, 400, 'Bad request\n');
  if (resolved === 'not-found') return sendText(res, 404, 'Not found\n');
  const { file, segments } = resolved;
  const last = segments.at(-1) ?? '';
  const found = segments.length > 0 ? await fileStats(file) : null;
  if (found !== null)
    return sendFile(req, res, file, found, (req.url ?? '').startsWith(IMMUTABLE_PREFIX));
  if (segments.length > 0 && path.extname(last) !== '') return sendText(res, 404, 'Not found\n');
  const index = path.join(path.resolve(root), 'index.html');
  const indexStats = await fileStats(index);
  if (indexStats === null) {
    return sendText(res, 404, 'The app is not built yet: run `npm run build`.\n');
  }
  return sendFile(req, res, index, indexStats, false);
}

/** Writes a small text response with the headers every response of ours carries. */
export function sendText(
  res: ServerResponse,
  status: number,
  body: string,
  type = 'text/plain',
): void {
  res.writeHead(status, {
    'Content-Type': `${type}; charset=utf-8`,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

async function fileStats(file: string): Promise<Stats | null> {
  try {
    const stats = await stat(file);
    return stats.isFile() ? stats : null;
  } catch {
    return null;
  }
}

async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: string,
  stats: Stats,
  immutable: boolean,
): Promise<void> {
  const etag = `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
  const headers = {
    'Content-Type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    // index.html must be revalidated so a rebuilt app reaches every laptop on reload.
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    ETag: etag,
    'X-Content-Type-Options': 'nosniff',
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Length': stats.size });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  try {
    await pipeline(createReadStream(file), res);
  } catch {
    // The client went away or the file vanished mid-read; headers are sent, so just drop it.
    res.destroy();
  }
}
