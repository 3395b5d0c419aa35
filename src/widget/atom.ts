/**
 * @module widget/atom
 *   GET /b/:board/feed.atom   the newest 50 visible messages as an Atom 1.0 feed (RFC 4287)
 * (not /b/:board/feed: that is the widget's poll). Held and deleted messages never appear: it
 * reads the same list as the widget. Bodies are the widget's HTML (renderBody, the one text
 * pipeline), escaped once more as the text of <content type="html">.
 */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { withBoard, type BoardEnv } from '../http/board.ts';
import { noneMatch } from '../http/etag.ts';
import { linkOrigin } from '../http/origin.ts';
import { sendHtml, type HtmlVariants } from '../http/respond.ts';
import { Lru } from '../lru.ts';
import { escapeHtml, renderBody } from '../posting/text.ts';
import { PAGE_SIZE, type Board, type Message } from '../store/store.ts';
import type { WidgetDeps } from './routes.tsx';
import { viewFor } from './view.tsx';
import { atomUrl, permalinkUrl, type View } from './views.tsx';

export const ATOM_TYPE = 'application/atom+xml; charset=utf-8';


// XML 1.0 forbids most control characters even as references; the posting pipeline already
// strips them, this keeps an imported or older row from breaking every reader of the feed.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
export const xml = (s: string) => escapeHtml(s.replace(NOT_XML, ''));
export const iso = (ms: number) => new Date(ms).toISOString();

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
/** The start of a message on one line, for the entry's title (whole graphemes only). */
function excerpt(body: string, max = 80): string {
  const line = body.replace(/\s+/g, ' ').trim();
  const parts = [...segmenter.segment(line)];
  return parts.length <= max ? line : `${parts.slice(0, max - 1).map((p) => p.segment).join('')}…`;
}

/** One message as an entry (the reply feed, reply-feed.ts, uses it too). */
export function entry(m: Message, origin: string, view: View): string {
  const author = m.author || view.t('anonymous');
  // The message's permalink page is its id (permanent, and it resolves) and its link.
  const link = origin + permalinkUrl(m.board, m.id, view);
  return `<entry>
<id>${xml(`${origin}/b/${m.board}/m/${m.id}`)}</id>
<title type="text">${xml(`${author}: ${excerpt(m.body)}`)}</title>
<updated>${iso(m.editedAt ?? m.createdAt)}</updated>
<published>${iso(m.createdAt)}</published>
<author><name>${xml(author)}</name></author>
<link rel="alternate" type="text/html" href="${xml(link)}"/>
<content type="html">${xml(renderBody(m.body))}</content>
</entry>
`;
}

function feed(board: Board, messages: Message[], origin: string, view: View, createdAt: number): string {
  const boardUrl = `${origin}/b/${board.slug}`;
  // The latest entry's time (an author's edit counts); an empty board has none, and Atom wants a
  // date all the same: the board's creation (not 1970, which readers show as "56 years ago").
  const updated = messages.length ? Math.max(...messages.map((m) => m.editedAt ?? m.createdAt)) : createdAt;
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${view.lang}">
<id>${xml(boardUrl)}</id>
<title type="text">${xml(board.title)}</title>
<updated>${iso(updated)}</updated>
<link rel="self" type="application/atom+xml" href="${xml(origin + atomUrl(board.slug, view))}"/>
<link rel="alternate" type="text/html" href="${xml(boardUrl + view.query)}"/>
<generator>Holler</generator>
${messages.map((m) => entry(m, origin, view)).join('')}</feed>
`;
}

export function atomRoutes(deps: Pick<WidgetDeps, 'store' | 'config'>) {
  const { store, config } = deps;
  const app = new Hono<BoardEnv>();
  // Rendered once per board state (the Board object changes with every rev), language and
  // origin, like the widget's pages; each board's map is bounded.
  const rendered = new WeakMap<Board, Lru<string, HtmlVariants & { etag: string }>>();

  // GET /b/:board/feed.atom - the latest visible messages for feed readers
  app.get('/b/:board/feed.atom', withBoard(store), (c) => {
    const board = c.get('board');
    const view = viewFor(c, board);
    const { origin, fromRequest } = linkOrigin(c, config);
    let lru = rendered.get(board);
    if (!lru) rendered.set(board, (lru = new Lru(16)));
    const answer = lru.getOrSet(`${view.lang}|${view.query}|${origin}`, () => {
      const text = feed(board, store.latest(board.slug, PAGE_SIZE), origin, view, store.boardCreatedAt(board.slug) ?? 0);
      return { html: text, etag: `"${createHash('sha256').update(text).digest('base64url').slice(0, 22)}"` };
    });
    // Shared caches may keep it like the archive, unless its links came from the request's Host.
    c.header('Cache-Control', fromRequest ? 'private, max-age=10' : 'public, max-age=10');
    c.header('ETag', answer.etag);
    // Public data, for feed readers that run in a browser too.
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    if (noneMatch(c.req.header('if-none-match'), answer.etag)) return c.body(null, 304);
    return sendHtml(c, answer, 200, ATOM_TYPE);
  });

  return app;
}
