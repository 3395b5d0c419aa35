/**
 * @module widget/reply-feed
 *   GET /replies/feed/:token   a visitor's private reply feed (Atom 1.0): the shown direct replies
 * to the messages they added to it (subscribe.tsx), newest first. The token is the only key:
 * the database holds its SHA-256, the answer is private (never in a shared cache), and a
 * revoked or unknown token is a 404.
 */
import { Hono } from 'hono';
import type { Config } from '../config.ts';
import { linkOrigin } from '../http/origin.ts';
import { sendHtml } from '../http/respond.ts';
import { isLang, pickLang, t } from '../i18n/i18n.ts';
import type { Store } from '../store/store.ts';
import { ATOM_TYPE, entry, iso, xml } from './atom.ts';
import { feedHash } from './subscribe.tsx';

export function replyFeedRoutes({ store, config }: { store: Store; config: Config }) {
  const app = new Hono();

  app.get('/replies/feed/:token', (c) => {
    const token = c.req.param('token');
    const feed = /^[\w-]{22}$/.test(token) ? store.replyFeed(feedHash(token)) : undefined;
    c.header('Cache-Control', 'private, no-cache');
    c.header('Referrer-Policy', 'no-referrer');
    // Revoked or never made: said in the reader's language, as any other page of ours.
    if (!feed) return c.text(t(pickLang(c.req.query('lang'), null, c.req.header('accept-language')))('rm_link_gone'), 404);
    const lang = isLang(feed.lang) ? feed.lang : 'en';
    const view = { lang, t: t(lang), query: '' };
    const { origin } = linkOrigin(c, config);
    const replies = store.replyFeedEntries(feedHash(token));
    const board = store.getBoard(feed.board);
    const updated = replies.length ? Math.max(...replies.map((m) => m.editedAt ?? m.createdAt)) : 0;
    const self = `${origin}/replies/feed/${token}`;
    const text = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang}">
<id>${xml(self)}</id>
<title type="text">${xml(view.t('rm_feed_title', { board: board?.title ?? feed.board }))}</title>
<updated>${iso(updated)}</updated>
<link rel="self" type="application/atom+xml" href="${xml(self)}"/>
<link rel="alternate" type="text/html" href="${xml(`${origin}/b/${feed.board}`)}"/>
<generator>Holler</generator>
${replies.map((m) => entry(m, origin, view)).join('')}</feed>
`;
    return sendHtml(c, { html: text }, 200, ATOM_TYPE);
  });

  return app;
}
