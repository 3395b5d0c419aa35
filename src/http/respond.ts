/**
 * @module respond
 * Sending HTML: compressed when the client accepts it and it pays (≥ 1 KB), because a widget
 * page of 50 messages shrinks from ~15 KB to ~3 KB, which is most of a first visit's bytes.
 * brotli at a low quality costs about as much CPU as gzip and gives smaller pages. A cached
 * page (HtmlVariants) keeps its compressed forms, so each is made once, not per request.
 */
import type { Context } from 'hono';
import zlib from 'node:zlib';
import { acceptQ, encodingFor } from './assets.ts';

const MIN_BYTES = 1024;
const BROTLI = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } };
// Answers made for one request (a page with its own form token, a post answer) are compressed
// every time: brotli's fastest level costs half of level 4 for ~15% more bytes.
const BROTLI_ONCE = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } };

type Bytes = Uint8Array<ArrayBuffer>;
export type HtmlVariants = { html: string; br?: Bytes; gzip?: Bytes };

const compress = (html: string, encoding: 'br' | 'gzip', once = false): Bytes =>
  new Uint8Array(encoding === 'br' ? zlib.brotliCompressSync(html, once ? BROTLI_ONCE : BROTLI) : zlib.gzipSync(html, { level: once ? 1 : 6 }));

/** `contentType`: another text type sent the same way (the Atom feed's XML). */
export function sendHtml(c: Context, content: string | HtmlVariants, status: number = 200, contentType = 'text/html; charset=UTF-8'): Response {
  const v = typeof content === 'string' ? { html: content } : content;
  c.header('Content-Type', contentType);
  const encoding = v.html.length >= MIN_BYTES ? encodingFor(c.req.header('accept-encoding')) : null;
  if (!encoding) return c.body(v.html, status as never);
  c.header('Content-Encoding', encoding);
  c.header('Vary', 'Accept-Encoding');
  if (typeof content === 'string') return c.body(compress(content, encoding, true), status as never);
  return c.body((v[encoding] ??= compress(v.html, encoding)), status as never);
}

/** The parts of a cached page around its slot, deflated once (see sendHtmlWithSlot). */
type SlotParts = { prefix: Buffer; suffix: Buffer; prefixDeflated: Buffer; suffixDeflated: Buffer; prefixCrc: number };
const slotParts = new WeakMap<HtmlVariants, SlotParts>();
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

/**
 * Sends a cached page with `slot` replaced by a per-answer `value` (a fresh form token) without
 * recompressing the page each time. Raw deflate streams can be joined where one ends on a byte
 * boundary with a non-final block (a full flush), so the text before the slot and after it are
 * deflated once and kept; each answer deflates only its short value and computes the gzip
 * trailer (CRC-32 and length) over the whole text. Clients get gzip even if they also accept
 * brotli: a few hundred bytes more than brotli, for a fraction of the CPU.
 */
export function sendHtmlWithSlot(c: Context, page: HtmlVariants, slot: string, value: string): Response {
  const at = page.html.indexOf(slot);
  if (at < 0) return sendHtml(c, page);
  c.header('Content-Type', 'text/html; charset=UTF-8');
  // Only gzip can be spliced; a client that does not accept it gets the plain page.
  if (acceptQ(c.req.header('accept-encoding'), 'gzip') === 0) return c.body(page.html.slice(0, at) + value + page.html.slice(at + slot.length));
  let parts = slotParts.get(page);
  if (!parts) {
    const prefix = Buffer.from(page.html.slice(0, at));
    const suffix = Buffer.from(page.html.slice(at + slot.length));
    parts = {
      prefix,
      suffix,
      prefixDeflated: zlib.deflateRawSync(prefix, { level: 6, finishFlush: zlib.constants.Z_FULL_FLUSH }),
      suffixDeflated: zlib.deflateRawSync(suffix, { level: 6 }),
      prefixCrc: zlib.crc32(prefix),
    };
    slotParts.set(page, parts);
  }
  const middle = Buffer.from(value);
  const crc = zlib.crc32(parts.suffix, zlib.crc32(middle, parts.prefixCrc));
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE((parts.prefix.length + middle.length + parts.suffix.length) % 2 ** 32, 4);
  const body = Buffer.concat([
    GZIP_HEADER,
    parts.prefixDeflated,
    zlib.deflateRawSync(middle, { level: 1, finishFlush: zlib.constants.Z_FULL_FLUSH }),
    parts.suffixDeflated,
    trailer,
  ]);
  c.header('Content-Encoding', 'gzip');
  c.header('Vary', 'Accept-Encoding');
  return c.body(new Uint8Array(body.buffer, body.byteOffset, body.byteLength) as Bytes);
}
