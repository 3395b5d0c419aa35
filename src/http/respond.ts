/**
 * @module respond
 * Sending HTML: compressed when the client accepts it and it pays (≥ 1 KB), because a widget
 * page shrinks from ~20 KB to under 3 KB, which is most of a first visit's bytes.
 * brotli at a low quality costs about as much CPU as gzip and gives smaller pages. A cached
 * page (HtmlVariants) keeps its compressed forms, so each is made once, not per request.
 */
import type { Context } from 'hono';
import zlib from 'node:zlib';
import { acceptQ, encodingFor } from './assets.ts';

const MIN_BYTES = 1024;
// A 128 KB window, not brotli's default 4 MB: our pages are far smaller, so the output is the
// same, and the encoder's memory (the window and its hash tables, allocated for each call) is not.
const WINDOW = { [zlib.constants.BROTLI_PARAM_LGWIN]: 17 };
const BROTLI = { params: { ...WINDOW, [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } };
// Answers made for one request (a page with its own form token, a post answer) are compressed
// every time: brotli's fastest level costs half of level 4 for ~15% more bytes.
const BROTLI_ONCE = { params: { ...WINDOW, [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } };

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

/** The parts of a cached page around its slot, compressed once (see sendHtmlWithSlot). */
type SlotParts = { prefix: Buffer; suffix: Buffer; prefixDeflated?: Buffer; suffixDeflated?: Buffer; prefixCrc?: number; prefixBr?: Buffer; brAnswers?: number };
const slotParts = new WeakMap<HtmlVariants, SlotParts>();
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
// A text made once per page version is worth brotli's quality 5 (about 1 ms for a 30-message page).
const BROTLI_PREFIX = { params: { ...WINDOW, [zlib.constants.BROTLI_PARAM_QUALITY]: 5 }, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH };
// A page version still served after this many answers (a calm board: most are) is worth brotli's
// best, about 10% smaller and 25 ms of CPU: made once, on libuv's thread pool, never on the event
// loop. A busy board's page changes before that and stays at quality 5.
const UPGRADE_AFTER = 20;
const BROTLI_BEST = { params: { ...WINDOW, [zlib.constants.BROTLI_PARAM_QUALITY]: 11 }, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH };
/** Past this many bytes from the slot on, brotli's stored tail (sent uncompressed) would cost more than gzip saves (and a stored meta-block holds at most 64 KiB). */
const MAX_STORED_TAIL = 512;
// The empty last meta-block that ends a brotli stream: ISLAST=1, ISLASTEMPTY=1 (RFC 7932 §9.2).
const BROTLI_END = Buffer.from([0b11]);

/**
 * Sends a cached page with `slot` replaced by a per-answer `value` (a fresh form token) without
 * recompressing the page each time: the cached text is compressed once and each answer adds only
 * its own bytes.
 * - brotli, when the slot is near the end of the page (the widget puts its token input last): the
 *   text before the slot is compressed once and flushed to a byte boundary; each answer appends
 *   the value and the short rest of the page as one stored (uncompressed) meta-block, then the
 *   empty last meta-block. Stored bytes need nothing from the compressor's state, so the join is
 *   a valid stream.
 * - gzip otherwise: raw deflate streams can be joined where one ends on a byte boundary with a
 *   non-final block (a full flush), so the text before and after the slot are deflated once; each
 *   answer deflates only its value and computes the gzip trailer (CRC-32, length) over the whole.
 */
export function sendHtmlWithSlot(c: Context, page: HtmlVariants, slot: string, value: string): Response {
  const at = page.html.lastIndexOf(slot);
  if (at < 0) return sendHtml(c, page);
  c.header('Content-Type', 'text/html; charset=UTF-8');
  const body = splicedWithSlot(page, slot, value, c.req.header('accept-encoding'));
  // A client that accepts neither gets the plain page.
  if (!body) return c.body(page.html.slice(0, at) + value + page.html.slice(at + slot.length));
  c.header('Content-Encoding', body.encoding);
  c.header('Vary', 'Accept-Encoding');
  return c.body(new Uint8Array(body.bytes.buffer, body.bytes.byteOffset, body.bytes.byteLength) as Bytes);
}

/**
 * The compressed bytes sendHtmlWithSlot sends for `page` with `slot` replaced by `value` to a
 * client sending `acceptEncoding`; null where it would send the plain page (no slot, neither
 * encoding accepted). Also for answers given outside Hono (widget/first-view.ts), so both paths
 * send the same bytes.
 */
export function splicedWithSlot(page: HtmlVariants, slot: string, value: string, acceptEncoding: string | undefined): { encoding: 'br' | 'gzip'; bytes: Buffer } | null {
  const at = page.html.lastIndexOf(slot);
  if (at < 0) return null;
  const parts = partsOf(page, slot, at);
  if (encodingFor(acceptEncoding) === 'br' && Buffer.byteLength(value) + parts.suffix.length <= MAX_STORED_TAIL) return withStoredTail(parts, value);
  return acceptQ(acceptEncoding, 'gzip') > 0 ? gzipSpliced(parts, value) : null;
}

function partsOf(page: HtmlVariants, slot: string, at: number): SlotParts {
  let parts = slotParts.get(page);
  if (!parts) slotParts.set(page, (parts = { prefix: Buffer.from(page.html.slice(0, at)), suffix: Buffer.from(page.html.slice(at + slot.length)) }));
  return parts;
}

function withStoredTail(parts: SlotParts, value: string) {
  parts.prefixBr ??= zlib.brotliCompressSync(parts.prefix, BROTLI_PREFIX);
  if ((parts.brAnswers = (parts.brAnswers ?? 0) + 1) === UPGRADE_AFTER) {
    // Either prefix makes a valid stream with the tail; answers switch when the better one is ready.
    zlib.brotliCompress(parts.prefix, BROTLI_BEST, (err, best) => {
      if (!err) parts.prefixBr = best;
    });
  }
  const tail = Buffer.concat([Buffer.from(value), parts.suffix]);
  if (tail.length === 0) return { encoding: 'br' as const, bytes: Buffer.concat([parts.prefixBr, BROTLI_END]) };
  // ISLAST=0, MNIBBLES=4 (code 0), MLEN-1 in 16 bits, ISUNCOMPRESSED=1, zero bits to the byte boundary.
  const header = ((tail.length - 1) << 3) | (1 << 19);
  const head = Buffer.from([header & 0xff, (header >>> 8) & 0xff, (header >>> 16) & 0xff]);
  return { encoding: 'br' as const, bytes: Buffer.concat([parts.prefixBr, head, tail, BROTLI_END]) };
}

function gzipSpliced(parts: SlotParts, value: string) {
  parts.prefixDeflated ??= zlib.deflateRawSync(parts.prefix, { level: 6, finishFlush: zlib.constants.Z_FULL_FLUSH });
  parts.suffixDeflated ??= zlib.deflateRawSync(parts.suffix, { level: 6 });
  parts.prefixCrc ??= zlib.crc32(parts.prefix);
  const middle = Buffer.from(value);
  const crc = zlib.crc32(parts.suffix, zlib.crc32(middle, parts.prefixCrc));
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE((parts.prefix.length + middle.length + parts.suffix.length) % 2 ** 32, 4);
  const bytes = Buffer.concat([
    GZIP_HEADER,
    parts.prefixDeflated,
    zlib.deflateRawSync(middle, { level: 1, finishFlush: zlib.constants.Z_FULL_FLUSH }),
    parts.suffixDeflated,
    trailer,
  ]);
  return { encoding: 'gzip' as const, bytes };
}
