/**
 * @module assets
 * Our CSS and JavaScript (htmx included, served by us, never a CDN), read once at boot,
 * named by content hash so they can be cached for a year, and compressed once, not per request.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Context } from 'hono';
import { ROOT_DIR } from '../config.ts';

const PUBLIC_DIR = path.join(ROOT_DIR, 'public');
const HTMX_DIST = path.dirname(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'));

const SOURCES = {
  css: path.join(PUBLIC_DIR, 'widget.css'),
  admin: path.join(PUBLIC_DIR, 'admin.css'),
  htmx: path.join(HTMX_DIST, 'htmx.min.js'),
  upsert: path.join(HTMX_DIST, 'ext', 'hx-upsert.min.js'),
  widget: path.join(PUBLIC_DIR, 'widget.js'),
  messages: path.join(PUBLIC_DIR, 'messages.js'),
  embed: path.join(PUBLIC_DIR, 'embed.js'),
  copy: path.join(PUBLIC_DIR, 'copy.js'),
} as const;

export type AssetName = keyof typeof SOURCES;

export type Asset = { url: string; type: string; body: Buffer; gzip: Buffer; br: Buffer; etag: string };

const TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

function load(file: string): Omit<Asset, 'url'> & { hash: string } {
  const body = fs.readFileSync(file);
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

export function loadAssets(): Assets {
  const byPath = new Map<string, Asset>();
  const urls = {} as Record<AssetName, string>;
  for (const [name, file] of Object.entries(SOURCES) as Array<[AssetName, string]>) {
    const { hash, ...asset } = load(file);
    const url = `/assets/${name}.${hash}${path.extname(file)}`;
    urls[name] = url;
    byPath.set(url, { url, ...asset });
  }
  return { urls, byPath };
}

/** Picks the best encoding the client accepts. */
export function encodingFor(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  const accepted = (acceptEncoding ?? '').toLowerCase();
  if (/\bbr\b/.test(accepted)) return 'br';
  if (/\bgzip\b/.test(accepted)) return 'gzip';
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
