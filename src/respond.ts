/**
 * @module respond
 * Sending HTML: compressed when the client accepts it and it pays (≥ 1 KB), because a widget
 * page of 50 messages shrinks from ~15 KB to ~3 KB, which is most of a first visit's bytes.
 * brotli at a low quality costs about as much CPU as gzip and gives smaller pages. A cached
 * page (HtmlVariants) keeps its compressed forms, so each is made once, not per request.
 */
import type { Context } from 'hono';
import zlib from 'node:zlib';
import { encodingFor } from './assets.ts';

const MIN_BYTES = 1024;
const BROTLI = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } };
// Answers made for one request (a page with its own form token, a post answer) are compressed
// every time: brotli's fastest level costs half of level 4 for ~15% more bytes.
const BROTLI_ONCE = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } };

type Bytes = Uint8Array<ArrayBuffer>;
export type HtmlVariants = { html: string; br?: Bytes; gzip?: Bytes };

const compress = (html: string, encoding: 'br' | 'gzip', once = false): Bytes =>
  new Uint8Array(encoding === 'br' ? zlib.brotliCompressSync(html, once ? BROTLI_ONCE : BROTLI) : zlib.gzipSync(html, { level: once ? 1 : 6 }));

export function sendHtml(c: Context, content: string | HtmlVariants, status: number = 200): Response {
  const v = typeof content === 'string' ? { html: content } : content;
  c.header('Content-Type', 'text/html; charset=UTF-8');
  const encoding = v.html.length >= MIN_BYTES ? encodingFor(c.req.header('accept-encoding')) : null;
  if (!encoding) return c.body(v.html, status as never);
  c.header('Content-Encoding', encoding);
  c.header('Vary', 'Accept-Encoding');
  if (typeof content === 'string') return c.body(compress(content, encoding, true), status as never);
  return c.body((v[encoding] ??= compress(v.html, encoding)), status as never);
}
