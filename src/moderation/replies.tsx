/**
 * @module routes/admin-replies
 * Owners who answer, and reply mail's settings (mounted by routes.tsx, behind the same guard):
 *   GET  /admin/reply/:id        the message and a form to answer it as staff (the list's Reply,
 *                                and the link in a new-message mail or webhook)
 *   POST /admin/reply/:id        posts the staff reply, with reply_to set
 *   GET  /admin/replies          reply mail per board: the switch, the days an address is kept,
 *                                counts of opt-ins (never an address)
 *   POST /admin/replies/:slug    saves a board's switch and days
 *   POST /admin/test-mail        the instance-wide test mail (its form is on the notifications page)
 */
import { Hono, type Context } from 'hono';
import { documentHtml } from '../http/layout.tsx';
import { NO_FORM, readForm } from '../http/request.ts';
import { isEmail } from '../config.ts';
import { MessageBody } from '../posting/message-body.tsx';
import { postAsStaff } from '../posting/staff.ts';
import type { Board, Message } from '../store/store.ts';
import { actorOf } from './guard.ts';
import { adminView, AdminLayout, When, type AdminView, type ModerationDeps } from './views.tsx';

/** The notifications page's instance-wide "send a test mail" (any address; not stored, not logged). */
export function TestMailForm({ v }: { v: AdminView }) {
  return (
    <form method="post" action="/admin/test-mail" class="post">
      <label for="tm-to">{v.t('rs_test_to')}</label>
      <input id="tm-to" name="to" type="email" required maxlength={254} autocomplete="email" />
      <div class="actions"><button type="submit">{v.t('rs_test')}</button></div>
    </form>
  );
}

function ReplyFormPage({ v, m, error }: { v: AdminView; m: Message; error?: string }) {
  return (
    <AdminLayout v={v} title={v.t('ar_title')}>
      <article class="mod-row">
        <div class="meta">
          <span class="board">{m.board}</span> <span class={m.author ? 'author' : 'author anon'}>{m.author || v.t('anonymous')}</span> <When v={v} at={m.createdAt} />
        </div>
        <MessageBody body={m.body} />
      </article>
      {error && <p class="error" role="alert">{error}</p>}
      <form method="post" action={`/admin/reply/${m.id}`} class="post">
        <label for="r-name">{v.t('name_label')}</label>
        <input id="r-name" name="name" maxlength={24} placeholder={v.t('staff_badge')} />
        <label for="r-body">{v.t('message_label')}</label>
        <textarea id="r-body" name="body" required rows={3} autofocus>{m.author ? `@${m.author} ` : ''}</textarea>
        <div class="actions"><button type="submit">{v.t('send')}</button></div>
      </form>
    </AdminLayout>
  );
}

function RepliesPage({ v, boards, ready, settings, counts, notice }: {
  v: AdminView; boards: Board[]; ready: boolean; notice?: { ok: boolean; text: string } | undefined;
  settings: (slug: string) => { mailOn: boolean; keepDays: number }; counts: (slug: string) => { confirmed: number; waiting: number };
}) {
  return (
    <AdminLayout v={v} title={v.t('rs_title')}>
      {notice && <p class={notice.ok ? 'notice-line' : 'error'} role={notice.ok ? 'status' : 'alert'}>{notice.text}</p>}
      <p>{v.t('rs_intro')}</p>
      {!ready && <p class="notice-line" role="note">{v.t('rs_needs_smtp')}</p>}
      <ul class="rows">
        {boards.map((b) => {
          const s = settings(b.slug);
          return (
            <li class="mod-row">
              <form method="post" action={`/admin/replies/${b.slug}`} class="post">
                <strong>{b.title}</strong> <code>/b/{b.slug}</code> · {v.t('rs_counts', counts(b.slug))}
                <label><input type="checkbox" name="mailOn" value="1" checked={ready && s.mailOn} disabled={!ready} /> {v.t('rs_switch')}</label>
                <label for={`kd-${b.slug}`}>{v.t('rs_keep_days')}</label>
                <input id={`kd-${b.slug}`} name="keepDays" inputmode="numeric" value={String(s.keepDays)} />
                <div class="actions"><button type="submit">{v.t('save')}</button></div>
              </form>
            </li>
          );
        })}
      </ul>
    </AdminLayout>
  );
}

export function adminReplyRoutes(deps: ModerationDeps) {
  const { store, config, log, notifier } = deps;
  const app = new Hono();
  const ready = !!config.notify.smtp && !!config.publicUrl;

  const page = (c: Context, notice?: { ok: boolean; text: string }, status: 200 | 422 = 200) => {
    const v = adminView(c, deps);
    return c.html(documentHtml(<RepliesPage v={v} boards={store.listBoards()} ready={ready} settings={store.replySettings} counts={store.replySubCounts} notice={notice} />), status);
  };

  /** The message to answer, when it is shown on its board. */
  const answerable = (id: string) => {
    const m = /^[\w-]{1,21}$/.test(id) ? store.getMessage(id) : undefined;
    const board = m && store.getBoard(m.board);
    return m && board && m.status === 'visible' ? { m, board } : undefined;
  };

  app.get('/admin/reply/:id', (c) => {
    const v = adminView(c, deps);
    const found = answerable(c.req.param('id'));
    if (!found) return c.html(documentHtml(<AdminLayout v={v} title={v.t('ar_title')}><p class="error" role="alert">{v.t('ar_gone')}</p></AdminLayout>), 404);
    return c.html(documentHtml(<ReplyFormPage v={v} m={found.m} />));
  });

  app.post('/admin/reply/:id', async (c) => {
    const v = adminView(c, deps);
    const form = (await readForm(c)) ?? NO_FORM;
    const found = answerable(c.req.param('id'));
    if (!found) return c.html(documentHtml(<AdminLayout v={v} title={v.t('ar_title')}><p class="error" role="alert">{v.t('ar_gone')}</p></AdminLayout>), 404);
    const { m, board } = found;
    const posted = postAsStaff(store, actorOf(c, config), board, { body: form.get('body'), name: form.get('name'), replyTo: { id: m.id, name: m.author } }, v.t('staff_badge'));
    if ('refusal' in posted) return c.html(documentHtml(<ReplyFormPage v={v} m={m} error={v.t('admin_staff_invalid', { count: board.maxLength })} />), 422);
    log.info('staff reply posted', { board: board.slug, id: posted.message.id, replyTo: m.id });
    return c.redirect(`/admin?board=${board.slug}&done=1`, 303);
  });

  app.get('/admin/replies', (c) => page(c));

  app.post('/admin/test-mail', async (c) => {
    const v = adminView(c, deps);
    const to = ((await readForm(c)) ?? NO_FORM).get('to').trim();
    if (!config.notify.smtp || !notifier?.testMail) return page(c, { ok: false, text: v.t('rs_test_none') }, 422);
    if (!isEmail(to)) return page(c, { ok: false, text: v.t('rm_err_email') }, 422);
    const r = await notifier.testMail(to);
    return page(c, { ok: r.ok, text: v.t(r.ok ? 'rs_test_ok' : 'rs_test_failed', { detail: r.detail }) }, r.ok ? 200 : 422);
  });

  app.post('/admin/replies/:slug', async (c) => {
    const v = adminView(c, deps);
    const board = store.getBoard(c.req.param('slug'));
    if (!board) return c.text(v.t('admin_bad_input'), 404);
    const form = (await readForm(c)) ?? NO_FORM;
    const days = form.get('keepDays').trim();
    if (!/^\d{1,3}$/.test(days) || Number(days) < 1 || Number(days) > 365) return page(c, { ok: false, text: v.t('rs_bad_days') }, 422);
    // Without a mail server and PUBLIC_URL the switch stays off whatever the form says.
    const mailOn = ready && form.get('mailOn') === '1';
    store.setReplySettings(board.slug, { mailOn, keepDays: Number(days) });
    store.audit({ actor: actorOf(c, config), action: 'board_update', board: board.slug, details: `reply mail ${mailOn ? 'on' : 'off'}, ${days} days` });
    return page(c, { ok: true, text: v.t('rs_saved') });
  });

  return app;
}
