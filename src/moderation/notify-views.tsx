/**
 * @module views/admin-notify
 * The Notifications admin pages: the instance-wide destinations (read from the environment,
 * secrets never shown), each board's own ones, and the deliveries that fail, with retry and
 * test buttons. Plain forms: everything works without JavaScript.
 */
import { formatTime } from '../i18n/i18n.ts';
import { NOTIFY_EVENT_NAMES, WEBHOOK_FORMATS, type NotifyConfig, type NotifyEvent } from '../config.ts';
import type { Board, BoardNotify, Delivery, Dest } from '../store/store.ts';
import { AdminLayout, When, type AdminView } from './views.tsx';
import { TestMailForm } from './replies.tsx';

export const EVENT_KEY = {
  'message.posted': 'notify_ev_posted',
  'message.held': 'notify_ev_held',
  'message.edited': 'notify_ev_edited',
  'message.deleted': 'notify_ev_deleted',
  'board.slow_mode': 'notify_ev_slow',
} as const satisfies Record<NotifyEvent, string>;

/** A URL as the page shows it: Slack and Discord hide their secret in the path, so only the origin. */
export const maskUrl = (url: string) => {
  try {
    const u = new URL(url);
    return u.pathname === '/' ? u.origin : `${u.origin}/…`;
  } catch {
    return '…';
  }
};

/** Named by what it sends and, to a screen reader, for which board: no two buttons share a name. */
const TestButton = ({ v, dest, board }: { v: AdminView; dest: Dest; board: string }) => {
  const label = v.t(dest.endsWith('webhook') ? 'notify_test_webhook' : 'notify_test_email');
  return (
    <form method="post" action="/admin/notifications/test" class="inline">
      <input type="hidden" name="dest" value={dest} />
      <input type="hidden" name="board" value={board} />
      <button type="submit" aria-label={dest.startsWith('board') ? `${label} (${board})` : undefined}>{label}</button>
    </form>
  );
};

const eventList = (v: AdminView, events: readonly NotifyEvent[]) => events.map((e) => v.t(EVENT_KEY[e])).join(', ');

export type NotifyPageProps = {
  v: AdminView;
  notify: NotifyConfig;
  boards: Board[];
  own: (slug: string) => BoardNotify;
  failing: Delivery[];
  counts: { pending: number; failed: number; sent: number };
  notice?: { ok: boolean; text: string };
};

export function NotificationsPage({ v, notify, boards, own, failing, counts, notice }: NotifyPageProps) {
  const first = boards[0]?.slug ?? 'main';
  const hasEmail = !!notify.smtp && notify.emailTo.length > 0;
  return (
    <AdminLayout v={v} title={v.t('notify_title')}>
      {notice && <p class={notice.ok ? 'notice-line' : 'error'} role={notice.ok ? 'status' : 'alert'}>{notice.text}</p>}
      <p>{v.t('notify_intro')}</p>
      <h2>{v.t('notify_instance')}</h2>
      {!notify.webhook && !hasEmail && <p>{v.t('notify_none')} {v.t('notify_instance_help')}</p>}
      <ul class="rows">
        {notify.webhook && (
          <li class="mod-row">
            {v.t('notify_webhook')}: <code>{maskUrl(notify.webhook.url)}</code> ({notify.webhook.format}) · {v.t('notify_events')}: {eventList(v, notify.events)}{' '}
            <TestButton v={v} dest="instance-webhook" board={first} />
          </li>
        )}
        {hasEmail && (
          <li class="mod-row">
            {v.t('notify_email')}: {notify.emailTo.join(', ')} · {notify.emailDigestMinutes > 0 ? v.t('notify_digest', { count: notify.emailDigestMinutes }) : v.t('notify_no_digest')} · {v.t('notify_events')}: {eventList(v, notify.events)}{' '}
            <TestButton v={v} dest="instance-email" board={first} />
          </li>
        )}
      </ul>
      {notify.smtp && <TestMailForm v={v} />}
      <h2>{v.t('notify_boards')}</h2>
      <ul class="rows">
        {boards.map((b) => {
          const o = own(b.slug);
          return (
            <li class="mod-row">
              <a href={`/admin/notifications/${b.slug}`}>{b.title}</a> <code>/b/{b.slug}</code>
              {o.webhookUrl && <span> · {v.t('notify_webhook')}: <code>{maskUrl(o.webhookUrl)}</code></span>}
              {o.emailTo.length > 0 && <span> · {v.t('notify_email')}: {o.emailTo.join(', ')}</span>}
              {o.events.length > 0 && <span> · {eventList(v, o.events)}</span>}
              {!o.webhookUrl && !o.emailTo.length && <span> · {v.t('notify_none')}</span>}{' '}
              <a href={`/admin/notifications/${b.slug}`}>{v.t('notify_edit')}</a>
              {o.webhookUrl && <TestButton v={v} dest="board-webhook" board={b.slug} />}
              {o.emailTo.length > 0 && notify.smtp && <TestButton v={v} dest="board-email" board={b.slug} />}
            </li>
          );
        })}
      </ul>
      <h2 id="failing">{v.t('notify_failing')}</h2>
      <p>{v.t('notify_counts', counts)}</p>
      {failing.length === 0 ? <p>{v.t('notify_no_failing')}</p> : (
        <form method="post" action="/admin/notifications/retry" class="inline">
          <input type="hidden" name="all" value="1" />
          <button type="submit">{v.t('notify_retry_all')}</button>
        </form>
      )}
      <ul class="rows">
        {failing.map((d) => (
          <li class="mod-row delivery">
            <span class="meta"><When v={v} at={d.createdAt} /></span> <code>{d.board}</code> {v.t(EVENT_KEY[d.event])} → {d.dest}{' '}
            · {v.t('notify_attempts', { count: d.attempts })} ·{' '}
            {d.status === 'failed' ? <strong>{v.t('notify_given_up')}</strong> : v.t('notify_next', { time: formatTime(d.nextAt, v.lang) })}
            <br />
            <code class="error-text">{d.lastError}</code>{' '}
            <form method="post" action="/admin/notifications/retry" class="inline">
              <input type="hidden" name="id" value={d.id} />
              <button type="submit">{v.t('notify_retry')}</button>
            </form>
          </li>
        ))}
      </ul>
    </AdminLayout>
  );
}

/** The form's values, as typed (kept on an error so nothing is lost). */
export type BoardNotifyForm = {
  events: readonly string[];
  /** What was typed (empty when showing stored settings: the stored URL is never sent back). */
  webhookUrl: string;
  /** The stored URL by origin only (maskUrl), or ''. */
  storedUrl: string;
  webhookFormat: string; emailTo: string; emailDigest: string; hasSecret: boolean;
};

export function BoardNotifyPage({ v, board, form, smtp, error, saved }: { v: AdminView; board: Board; form: BoardNotifyForm; smtp: boolean; error?: string; saved?: boolean }) {
  return (
    <AdminLayout v={v} title={`${v.t('notify_title')}: ${board.title}`}>
      {error && <p class="error" role="alert">{error}</p>}
      {saved && <p class="notice-line" role="status">{v.t('admin_saved')}</p>}
      {form.events.length === 0 && <p class="error" role="alert">{v.t('notify_no_events')}</p>}
      <form method="post" action={`/admin/notifications/${board.slug}`} class="post settings">
        <fieldset>
          <legend>{v.t('notify_events')}</legend>
          {NOTIFY_EVENT_NAMES.map((e) => (
            <label class="check">
              <input type="checkbox" name="events" value={e} checked={form.events.includes(e)} /> {v.t(EVENT_KEY[e])} <code>{e}</code>
            </label>
          ))}
        </fieldset>
        <label for="n-url">{v.t('notify_webhook_url')}</label>
        {form.storedUrl && <p class="hint" id="n-url-now">{v.t('notify_url_now', { url: form.storedUrl })}</p>}
        <input id="n-url" name="webhookUrl" type="url" maxlength={2000} value={form.webhookUrl} aria-describedby={form.storedUrl ? 'n-url-now' : undefined} />
        {form.storedUrl && (
          <label class="check">
            <input type="checkbox" name="removeWebhook" value="1" /> {v.t('notify_remove_webhook')}
          </label>
        )}
        <label for="n-secret">{v.t('notify_webhook_secret')}</label>
        <input id="n-secret" name="webhookSecret" type="password" autocomplete="off" maxlength={200} placeholder={form.hasSecret ? '••••••••' : ''} />
        <label for="n-format">{v.t('notify_webhook_format')}</label>
        <select id="n-format" name="webhookFormat">
          {WEBHOOK_FORMATS.map((f) => (
            <option value={f} selected={form.webhookFormat === f}>{f === 'generic' ? v.t('notify_format_generic') : f === 'slack' ? 'Slack' : 'Discord'}</option>
          ))}
        </select>
        <label for="n-to">{v.t('notify_email_to')}</label>
        {!smtp && <p class="hint">{v.t('notify_no_smtp')}</p>}
        <input id="n-to" name="emailTo" maxlength={1000} value={form.emailTo} />
        <label for="n-digest">{v.t('notify_email_digest')}</label>
        <input id="n-digest" name="emailDigest" type="number" min={0} max={1440} value={form.emailDigest} />
        <div class="actions">
          <button type="submit">{v.t('admin_save')}</button>
        </div>
      </form>
    </AdminLayout>
  );
}
