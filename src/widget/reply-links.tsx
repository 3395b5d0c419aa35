/**
 * @module widget/reply-links
 * The pages the links in reply mail and a reply feed open (no JavaScript needed):
 *   GET  /replies/confirm/:token       asks to confirm an opt-in; POST confirms it
 *   GET  /replies/unsubscribe/:token   asks to stop; POST stops and deletes the address. The
 *        POST is also RFC 8058's one-click unsubscribe (List-Unsubscribe-Post), sent by the
 *        mail client with the body "List-Unsubscribe=One-Click" and no cookie or page.
 *   GET  /replies/feed/:token/revoke   asks to revoke a private reply feed; POST revokes it
 * A GET only asks: mail scanners open links, and must neither confirm nor unsubscribe anyone.
 */
import { Hono, type Context } from 'hono';
import type { Assets } from '../http/assets.ts';
import { documentHtml, Layout } from '../http/layout.tsx';
import { sendHtml } from '../http/respond.ts';
import { isLang, pickLang, t, type Lang } from '../i18n/i18n.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import { feedHash } from './subscribe.tsx';

type Deps = { store: Store; assets: Assets; log: Logger };
type TextKey = Parameters<ReturnType<typeof t>>[0];

function ReplyPage({ lang, assets, title, text, action, button }: { lang: Lang; assets: Assets; title: string; text: string; action?: string; button?: string }) {
  return (
    <Layout lang={lang} title={title} assets={assets} scripts={false} bodyClass="page">
      <main class="notice">
        <h1>{title}</h1>
        <p>{text}</p>
        {action && (
          <form method="post" action={action}>
            <button type="submit">{button}</button>
          </form>
        )}
      </main>
    </Layout>
  );
}

export function replyLinkRoutes({ store, assets, log }: Deps) {
  const app = new Hono();

  const page = (c: Context, lang: Lang, title: TextKey, text: string, status: 200 | 404 = 200, form?: { button: TextKey }) => {
    c.header('Cache-Control', 'no-store');
    // The token is in the URL: it must not travel on as a Referer.
    c.header('Referrer-Policy', 'no-referrer');
    const tr = t(lang);
    return sendHtml(c, documentHtml(ReplyPage({ lang, assets, title: tr(title), text, ...(form ? { action: c.req.path, button: tr(form.button) } : {}) })), status);
  };
  const visitorLang = (c: Context) => pickLang(c.req.query('lang'), null, c.req.header('accept-language'));
  const boardTitle = (slug: string) => store.getBoard(slug)?.title ?? slug;

  /** The opt-in of the link, or the page saying the link no longer works. */
  const subOf = (c: Context, purpose: 'confirm' | 'unsubscribe') => {
    const sub = store.replySubByToken(purpose, c.req.param('token') ?? '');
    if (sub === 'bad') return page(c, visitorLang(c), 'not_found_title', t(visitorLang(c))('rm_link_gone'), 404);
    if (!sub) return page(c, visitorLang(c), purpose === 'confirm' ? 'rm_confirm_title' : 'rm_unsub_title', t(visitorLang(c))('rm_link_gone'));
    return { ...sub, lang: isLang(sub.lang) ? sub.lang : visitorLang(c) };
  };

  app.get('/replies/confirm/:token', (c) => {
    const sub = subOf(c, 'confirm');
    if (sub instanceof Response) return sub;
    const tr = t(sub.lang);
    if (sub.confirmed) return page(c, sub.lang, 'rm_confirm_title', tr('rm_confirmed'));
    return page(c, sub.lang, 'rm_confirm_title', tr('rm_confirm_text', { board: boardTitle(sub.board) }), 200, { button: 'rm_confirm_button' });
  });

  app.post('/replies/confirm/:token', (c) => {
    const sub = subOf(c, 'confirm');
    if (sub instanceof Response) return sub;
    if (store.confirmReplySub(sub.id)) log.info('reply mail confirmed', { sub: sub.id, board: sub.board });
    return page(c, sub.lang, 'rm_confirm_title', t(sub.lang)('rm_confirmed'));
  });

  app.get('/replies/unsubscribe/:token', (c) => {
    const sub = subOf(c, 'unsubscribe');
    if (sub instanceof Response) return sub;
    return page(c, sub.lang, 'rm_unsub_title', t(sub.lang)('rm_unsub_text', { board: boardTitle(sub.board) }), 200, { button: 'rm_unsub_button' });
  });

  app.post('/replies/unsubscribe/:token', (c) => {
    const sub = subOf(c, 'unsubscribe');
    if (sub instanceof Response) return sub;
    if (store.deleteReplySub(sub.id)) log.info('reply mail unsubscribed', { sub: sub.id, board: sub.board });
    return page(c, sub.lang, 'rm_unsub_title', t(sub.lang)('rm_unsubscribed'));
  });

  const feedOf = (c: Context) => {
    const token = c.req.param('token') ?? '';
    const feed = /^[\w-]{22}$/.test(token) ? store.replyFeed(feedHash(token)) : undefined;
    return feed ? { hash: feedHash(token), lang: isLang(feed.lang) ? feed.lang : visitorLang(c) } : undefined;
  };

  app.get('/replies/feed/:token/revoke', (c) => {
    const feed = feedOf(c);
    if (!feed) return page(c, visitorLang(c), 'rm_feed_revoke', t(visitorLang(c))('rm_link_gone'), 404);
    return page(c, feed.lang, 'rm_feed_revoke', t(feed.lang)('rm_revoke_text'), 200, { button: 'rm_feed_revoke' });
  });

  app.post('/replies/feed/:token/revoke', (c) => {
    const feed = feedOf(c);
    if (!feed) return page(c, visitorLang(c), 'rm_feed_revoke', t(visitorLang(c))('rm_link_gone'), 404);
    store.revokeReplyFeed(feed.hash);
    log.info('reply feed revoked');
    return page(c, feed.lang, 'rm_feed_revoke', t(feed.lang)('rm_feed_revoked'));
  });

  return app;
}
