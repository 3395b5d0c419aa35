/**
 * @module assets
 * Our CSS and JavaScript (htmx included, served by us, never a CDN), read once at boot,
 * named by content hash so they can be cached for a year, and compressed once, not per request.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import type { Context } from 'hono';
import { ROOT_DIR } from '../config.ts';

const PUBLIC_DIR = path.join(ROOT_DIR, 'public');
/**
 * Minified copies of public/ that `npm run build` writes beside the bundle (scripts/minify.mjs):
 * from dist/server.js, dist/public. Running from src/ (tsx, tests) there is none, and public/ is
 * read as written, less its comments (compact).
 */
const BUILT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');
const HTMX_DIST = path.dirname(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'));

const sources = (dir: string) => ({
  css: path.join(dir, 'widget.css'),
  pages: path.join(dir, 'pages.css'),
  // The emoji picker's and the own-message tools' styles, loaded with extras.js or messages.js.
  more: path.join(dir, 'more.css'),
  admin: path.join(dir, 'admin.css'),
  htmx: path.join(HTMX_DIST, 'htmx.min.js'),
  upsert: path.join(HTMX_DIST, 'ext', 'hx-upsert.min.js'),
  // Widget pages load one bundle: htmx, its upsert extension, time.js and widget.js compress
  // better together (about 200 bytes less) and cost one request instead of three. Admin pages
  // load htmx, upsert and time.js apart.
  widget: [path.join(HTMX_DIST, 'htmx.min.js'), path.join(HTMX_DIST, 'ext', 'hx-upsert.min.js'), path.join(dir, 'time.js'), path.join(dir, 'widget.js')],
  time: path.join(dir, 'time.js'),
  extras: path.join(dir, 'extras.js'),
  messages: path.join(dir, 'messages.js'),
  embed: path.join(dir, 'embed.js'),
  copy: path.join(dir, 'copy.js'),
}) as const satisfies Record<string, string | string[]>;

export type AssetName = keyof ReturnType<typeof sources>;

export type Asset = { url: string; type: string; body: Buffer; gzip: Buffer; br: Buffer; etag: string };

const TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

/**
 * Our own scripts and styles lose their comments and indentation when loaded: they are written
 * to be read, but every visitor's first view pays for each byte. Only whole comment lines go
 * (never a line's tail), and line breaks stay, so no statement can change meaning.
 */
export function compact(text: string): string {
  return text
    .replace(/^\s*\/\*[\s\S]*?\*\/\s*$/gm, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('//'))
    .join('\n');
}

function read(file: string): Buffer {
  const raw = fs.readFileSync(file);
  return path.dirname(file) === PUBLIC_DIR && /\.(js|css)$/.test(file) ? Buffer.from(compact(raw.toString('utf8'))) : raw;
}

function load(files: string | readonly string[]): Omit<Asset, 'url'> & { hash: string } {
  const file = typeof files === 'string' ? files : files[files.length - 1]!;
  const body = typeof files === 'string' ? read(files) : Buffer.concat(files.flatMap((f) => [read(f), Buffer.from('\n')]));
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 10);
  return {
    hash,
    type: TYPES[path.extname(file)] ?? 'application/octet-stream',
    body,
    gzip: zlib.gzipSync(body, { level: 9 }),
    br: zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
    etag: `"${hash}"`,
  };
}

export type Assets = { urls: Record<AssetName, string>; byPath: Map<string, Asset> };

/** `dir`: where our own files are (a minified copy, see BUILT_DIR); by default the build's, else public/. */
export function loadAssets(dir = fs.existsSync(BUILT_DIR) ? BUILT_DIR : PUBLIC_DIR): Assets {
  const byPath = new Map<string, Asset>();
  const urls = {} as Record<AssetName, string>;
  for (const [name, file] of Object.entries(sources(dir)) as Array<[AssetName, string | readonly string[]]>) {
    const { hash, ...asset } = load(file);
    const url = `/assets/${name}.${hash}${path.extname(typeof file === 'string' ? file : file[0]!)}`;
    urls[name] = url;
    byPath.set(url, { url, ...asset });
  }
  return { urls, byPath };
}

/**
 * The q-value the client gives `coding` in Accept-Encoding (RFC 9110 §12.5.3): its own entry,
 * else `*`, else 0. `gzip;q=0` means "not gzip", so a plain substring test is not enough.
 */
export function acceptQ(acceptEncoding: string | undefined, coding: string): number {
  let star = 0;
  for (const part of (acceptEncoding ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.split(';').map((p) => p.trim());
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    const value = Number.isFinite(q) ? Math.min(1, Math.max(0, q)) : 0;
    if (name === coding) return value;
    if (name === '*') star = value;
  }
  return star;
}

/** Picks the best encoding the client accepts (brotli on a tie), or null for none. */
export function encodingFor(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  const br = acceptQ(acceptEncoding, 'br');
  const gzip = acceptQ(acceptEncoding, 'gzip');
  if (br > 0 && br >= gzip) return 'br';
  if (gzip > 0) return 'gzip';
  return null;
}

/**
 * Answers with an asset: compressed as the client accepts, ETag/304, and loadable from other
 * origins (our widget and embed.js run inside other sites' pages).
 */
export function sendAsset(c: Context, asset: Asset, cacheControl: string): Response {
  const encoding = encodingFor(c.req.header('accept-encoding'));
  c.header('Content-Type', asset.type);
  c.header('Cache-Control', cacheControl);
  c.header('ETag', asset.etag);
  c.header('Vary', 'Accept-Encoding');
  c.header('Cross-Origin-Resource-Policy', 'cross-origin');
  if (c.req.header('if-none-match') === asset.etag) return c.body(null, 304);
  if (encoding) c.header('Content-Encoding', encoding);
  return c.body(new Uint8Array(encoding ? asset[encoding] : asset.body));
}
