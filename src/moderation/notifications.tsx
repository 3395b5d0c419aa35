/**
 * @module routes/admin-notify
 * The Notifications admin (mounted by routes.tsx, behind the same guard):
 *   GET  /admin/notifications              destinations, counts, failing deliveries
 *   POST /admin/notifications/test         send a test event to one destination now
 *   POST /admin/notifications/retry        id=… or all=1: due now, with a fresh day of retries
 *   GET/POST /admin/notifications/:slug    a board's own destinations
 * Sending lives in notify/ (which moderation/ never imports): the app hands in `notifier`.
 */
import { Hono, type Context } from 'hono';
import { hasUserInfo, isEmail, isHttpUrl, isNotifyEvent, isWebhookSecret, NOTIFY_EVENT_NAMES, privateHost, resolvesPrivate, type NotifyConfig } from '../config.ts';
import type { BoardNotify, Dest } from '../store/store.ts';
import { documentHtml } from '../http/layout.tsx';
import { NO_FORM, readForm, type Form } from '../http/request.ts';
import { actorOf } from './guard.ts';
import { adminView, type AdminView, type ModerationDeps } from './views.tsx';
import { BoardNotifyPage, maskUrl, NotificationsPage, type BoardNotifyForm } from './notify-views.tsx';
import { DAY_MS } from '../time.ts';

const str = (f: Form, k: string) => f.get(k).trim();
const DESTS: readonly Dest[] = ['instance-webhook', 'instance-email', 'board-webhook', 'board-email'];

/** A board's settings from the form, or the sentence saying which field is wrong. */
function readBoardNotify(v: AdminView, f: Form, current: BoardNotify, allowPrivate: boolean): BoardNotify | { error: string } {
  const events = f.all('events').filter(isNotifyEvent);
  // The stored URL is never sent back (Slack's and Discord's carry their secret in the path):
  // an empty field keeps it, and a box removes it.
  const webhookUrl = f.get('removeWebhook') === '1' ? '' : str(f, 'webhookUrl') || current.webhookUrl;
  const urlField = { field: v.t('notify_webhook_url') };
  if (webhookUrl && !isHttpUrl(webhookUrl)) return { error: v.t('notify_bad_url', urlField) };
  if (hasUserInfo(webhookUrl)) return { error: v.t('notify_userinfo_url', urlField) };
  // A moderator must not turn Holler into a probe of this machine's or the network's services.
  const host = allowPrivate ? null : privateHost(webhookUrl);
  if (host) return { error: v.t('notify_private_url', { ...urlField, host }) };
  const format = str(f, 'webhookFormat');
  const webhookFormat = format === 'slack' || format === 'discord' ? format : 'generic';
  // An empty field keeps the stored secret (it is never sent back to the browser).
  const webhookSecret = str(f, 'webhookSecret') || (webhookUrl ? current.webhookSecret : '');
  if (webhookSecret.startsWith('whsec_') && !isWebhookSecret(webhookSecret)) return { error: v.t('notify_bad_whsec', { field: v.t('notify_webhook_secret') }) };
  if (webhookSecret && !isWebhookSecret(webhookSecret)) return { error: v.t('notify_bad_secret', { field: v.t('notify_webhook_secret') }) };
  if (webhookUrl && webhookFormat === 'generic' && !webhookSecret) return { error: v.t('notify_bad_secret', { field: v.t('notify_webhook_secret') }) };
  const emailTo = str(f, 'emailTo').split(',').map((a) => a.trim()).filter(Boolean).slice(0, 20);
  const bad = emailTo.find((a) => !isEmail(a));
  if (bad) return { error: v.t('notify_bad_email', { field: v.t('notify_email_to'), value: bad }) };
  const digest = str(f, 'emailDigest');
  if (!/^\d{1,4}$/.test(digest) || Number(digest) > 1440) return { error: v.t('notify_bad_digest', { field: v.t('notify_email_digest') }) };
  return { events, webhookUrl, webhookSecret, webhookFormat, emailTo, emailDigest: Number(digest) };
}

/** The stored settings as the form shows them: the URL by origin only; every event ticked for a new setup. */
const formOf = (s: BoardNotify): BoardNotifyForm => {
  const fresh = !s.webhookUrl && s.emailTo.length === 0 && s.events.length === 0;
  return {
    events: fresh ? NOTIFY_EVENT_NAMES : s.events, webhookUrl: '', storedUrl: s.webhookUrl ? maskUrl(s.webhookUrl) : '',
    webhookFormat: s.webhookFormat, emailTo: s.emailTo.join(', '), emailDigest: String(s.emailDigest), hasSecret: !!s.webhookSecret,
  };
};

export function adminNotifyRoutes(deps: ModerationDeps) {
  const { store, config, now, notifier } = deps;
  const notify: NotifyConfig = config.notify;
  const app = new Hono();

  const page = (c: Context, notice?: { ok: boolean; text: string }, status: 200 | 422 = 200) => {
    const v = adminView(c, deps);
    const props = {
      v, notify, boards: store.listBoards(), own: store.boardNotify, notice,
      failing: store.failingDeliveries(100), counts: store.outboxCounts(now() - DAY_MS),
    };
    return c.html(documentHtml(<NotificationsPage {...props} />), status);
  };

  app.get('/admin/notifications', (c) => {
    const retried = c.req.query('retried');
    return page(c, retried && /^\d{1,6}$/.test(retried) ? { ok: true, text: adminView(c, deps).t('notify_retried', { count: Number(retried) }) } : undefined);
  });

  /** POST /admin/notifications/test: a test delivery to one destination. */
  const sendTest = async (c: Context) => {
    const f = (await readForm(c)) ?? NO_FORM;
    const v = adminView(c, deps);
    const dest = str(f, 'dest') as Dest;
    const board = store.getBoard(str(f, 'board'));
    if (!DESTS.includes(dest) || !board || !notifier) return page(c, { ok: false, text: v.t('admin_bad_input') }, 422);
    const r = await notifier.test(dest, board.slug);
    store.audit({ actor: actorOf(c, config), action: 'notify_test', board: board.slug, details: `${dest}: ${r.ok ? 'ok' : 'failed'}: ${r.detail}`.slice(0, 300) });
    return page(c, { ok: r.ok, text: v.t(r.ok ? 'notify_test_ok' : 'notify_test_failed', { detail: r.detail }) });
  };

  /** POST /admin/notifications/retry: failed deliveries due again. */
  const retry = async (c: Context) => {
    const f = (await readForm(c)) ?? NO_FORM;
    const count = f.get('all') === '1' ? store.retryAllDeliveries() : Number(store.retryDelivery(str(f, 'id')));
    notifier?.kick();
    return c.redirect(`/admin/notifications?retried=${count}`, 303);
  };

  app.get('/admin/notifications/:slug', (c) => {
    const board = store.getBoard(c.req.param('slug'));
    if (!board) return c.notFound();
    const v = adminView(c, deps);
    return c.html(documentHtml(<BoardNotifyPage v={v} board={board} form={formOf(store.boardNotify(board.slug))} smtp={!!notify.smtp} saved={c.req.query('saved') === '1'} />));
  });

  // test and retry share the board's route: static names beside a param is a shape Hono's
  // RegExpRouter refuses, which would put the whole app on its slower TrieRouter
  // (test/http/router.test.ts). As before, they win over boards of those names.
  app.post('/admin/notifications/:slug', async (c) => {
    const slug = c.req.param('slug');
    if (slug === 'test') return sendTest(c);
    if (slug === 'retry') return retry(c);
    const board = store.getBoard(slug);
    if (!board) return c.notFound();
    const v = adminView(c, deps);
    const f = (await readForm(c)) ?? NO_FORM;
    const current = store.boardNotify(board.slug);
    let read = readBoardNotify(v, f, current, notify.allowPrivate);
    // A new name is resolved now too (it is checked again as it resolves when sending).
    const resolved = 'error' in read || notify.allowPrivate || read.webhookUrl === current.webhookUrl ? null : await resolvesPrivate(read.webhookUrl);
    if (resolved) read = { error: v.t('notify_private_url', { field: v.t('notify_webhook_url'), host: resolved }) };
    if ('error' in read) {
      // The edits stay in the form; only the secret is asked for again.
      const typed: BoardNotifyForm = {
        events: f.all('events'),
        webhookUrl: str(f, 'webhookUrl'), storedUrl: current.webhookUrl ? maskUrl(current.webhookUrl) : '', webhookFormat: str(f, 'webhookFormat'), emailTo: str(f, 'emailTo'), emailDigest: str(f, 'emailDigest'), hasSecret: !!current.webhookSecret,
      };
      return c.html(documentHtml(<BoardNotifyPage v={v} board={board} form={typed} smtp={!!notify.smtp} error={read.error} />), 422);
    }
    store.setBoardNotify(board.slug, read);
    store.audit({ actor: actorOf(c, config), action: 'notify_update', board: board.slug, details: read.events.join(', ') });
    return c.redirect(`/admin/notifications/${board.slug}?saved=1`, 303);
  });

  return app;
}
