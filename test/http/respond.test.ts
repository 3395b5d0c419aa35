/** A cached page joined to a per-answer value (http/respond.ts): which encoding, and that it decodes. */
import { Hono } from 'hono';
import zlib from 'node:zlib';
import { expect, it, vi } from 'vitest';
import { sendHtmlWithSlot, type HtmlVariants } from '../../src/http/respond.ts';

const SLOT = 'slot-xyz';
const body = (n: number) => Array.from({ length: n }, (_, i) => `<li>message ${i} é🙂</li>`).join('');
const pages: Record<string, HtmlVariants> = {
  end: { html: `<!doctype html><ol>${body(200)}</ol><input value="${SLOT}"/></html>` },
  early: { html: `<!doctype html><input value="${SLOT}"/><ol>${body(200)}</ol></html>` },
  hot: { html: `<!doctype html><ol>${body(200)}</ol><input value="${SLOT}"/></html>` },
};

function app() {
  const a = new Hono();
  a.get('/:page', (c) => sendHtmlWithSlot(c, pages[c.req.param('page')]!, SLOT, c.req.query('v') ?? 'token-1'));
  return a;
}
const get = async (path: string, accept: string) => {
  const res = await app().request(path, { headers: { 'accept-encoding': accept } });
  const bytes = Buffer.from(await res.arrayBuffer());
  const encoding = res.headers.get('content-encoding');
  const text = encoding === 'br' ? zlib.brotliDecompressSync(bytes) : encoding === 'gzip' ? zlib.gunzipSync(bytes) : bytes;
  return { encoding, text: text.toString('utf8'), wire: bytes.length };
};

it('a slot near the end: brotli clients get brotli, with the value as stored bytes; the text is whole', async () => {
  const expected = pages.end!.html.replace(SLOT, 'token-1');
  const br = await get('/end', 'gzip, br');
  expect(br).toMatchObject({ encoding: 'br', text: expected });
  const gz = await get('/end', 'gzip');
  expect(gz).toMatchObject({ encoding: 'gzip', text: expected });
  expect(br.wire).toBeLessThan(gz.wire);
  // Each answer its own value, the cached part the same.
  expect((await get('/end?v=token-2', 'br')).text).toBe(pages.end!.html.replace(SLOT, 'token-2'));
});

it('a slot far from the end, or a long value, falls back to gzip (a stored tail would be large)', async () => {
  expect(await get('/early', 'br, gzip')).toMatchObject({ encoding: 'gzip', text: pages.early!.html.replace(SLOT, 'token-1') });
  const long = 'v'.repeat(600);
  expect(await get(`/end?v=${long}`, 'br, gzip')).toMatchObject({ encoding: 'gzip', text: pages.end!.html.replace(SLOT, long) });
  // Neither accepted: the plain page.
  expect(await get('/end', 'identity')).toMatchObject({ encoding: null, text: pages.end!.html.replace(SLOT, 'token-1') });
});

it('a page served again and again is recompressed at brotli’s best, off the event loop, and still decodes', async () => {
  const expected = pages.hot!.html.replace(SLOT, 'token-1');
  const first = await get('/hot', 'br');
  for (let i = 0; i < 19; i++) expect((await get('/hot', 'br')).wire).toBe(first.wire);
  // The 20th answer starts the recompression; the better prefix arrives from the thread pool a moment later.
  await vi.waitFor(async () => expect((await get('/hot', 'br')).wire).toBeLessThan(first.wire));
  expect(await get('/hot', 'br')).toMatchObject({ encoding: 'br', text: expected });
});
