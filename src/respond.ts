/**
 * @module respond
 * Sending HTML: compressed when the client accepts it and it pays (≥ 1 KB), because a widget
 * page of 50 messages shrinks from ~15 KB to ~3 KB, which is most of a first visit's bytes.
 * brotli at a low quality costs about as much CPU as gzip and gives smaller pages.
 */
import type { Context } from 'hono';
import zlib from 'node:zlib';
import { encodingFor } from './assets.ts';

const MIN_BYTES = 1024;
const BROTLI = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } };

export function sendHtml(c: Context, html: string, status: number = 200): Response {
  c.header('Content-Type', 'text/html; charset=UTF-8');
  const encoding = html.length >= MIN_BYTES ? encodingFor(c.req.header('accept-encoding')) : null;
  if (!encoding) return c.body(html, status as never);
  c.header('Content-Encoding', encoding);
  c.header('Vary', 'Accept-Encoding');
  const body = encoding === 'br' ? zlib.brotliCompressSync(html, BROTLI) : zlib.gzipSync(html, { level: 6 });
  return c.body(new Uint8Array(body.buffer, body.byteOffset, body.byteLength), status as never);
}
