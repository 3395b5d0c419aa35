/**
 * @module views/admin-boards
 * Admin pages besides the message list: boards and their settings, bans, audit log, export
 * form and the printable transcript.
 */
import { formatTime, langName, LANGS } from '../i18n/i18n.ts';
import { SLUG_PATTERN, type Board, type Message } from '../store/store.ts';
import type { AuditEntry, Ban } from '../store/store.ts';
import { MessageBody } from '../posting/message-body.tsx';
import { Layout } from '../http/layout.tsx';
import { AdminLayout, FilterSelect, posterTag, type AdminView } from './views.tsx';

export function BoardsPage({ v, boards, error }: { v: AdminView; boards: Board[]; error?: string }) {
  return (
    <AdminLayout v={v} title={v.t('admin_boards')}>
      {error && <p class="error" role="alert">{error}</p>}
      <ul class="board-list">
        {boards.map((b) => (
          <li>
            <a href={`/admin/boards/${b.slug}`}>{b.title}</a> <code>/b/{b.slug}</code>
            {b.closed && <span class="badge">{v.t('admin_closed')}</span>}
            {b.premoderate && <span class="badge">{v.t('admin_premoderate')}</span>}
          </li>
        ))}
      </ul>
      <h2>{v.t('admin_board_create')}</h2>
      <form method="post" action="/admin/boards" class="post">
        <label for="b-slug">{v.t('admin_board_slug')}</label>
        <input id="b-slug" name="slug" required pattern={SLUG_PATTERN} maxlength={32} />
        <label for="b-title">{v.t('admin_board_title')}</label>
        <input id="b-title" name="title" required maxlength={80} />
        <div class="actions">
          <button type="submit">{v.t('admin_board_create')}</button>
        </div>
      </form>
    </AdminLayout>
  );
}

export function BoardSettingsPage({ v, board, error, saved }: { v: AdminView; board: Board; error?: string; saved?: boolean }) {
  const check = (name: string, on: boolean, label: string) => (
    <label class="check">
      <input type="checkbox" name={name} value="1" checked={on} /> {label}
    </label>
  );
  return (
    <AdminLayout v={v} title={`${v.t('admin_settings')}: ${board.title}`}>
      {error && <p class="error" role="alert">{error}</p>}
      {saved && <p class="notice-line" role="status">{v.t('admin_saved')}</p>}
      <form method="post" action={`/admin/boards/${board.slug}`} class="post settings">
        <label for="s-title">{v.t('admin_board_title')}</label>
        <input id="s-title" name="title" required maxlength={80} value={board.title} />
        <label for="s-max">{v.t('admin_max_length')}</label>
        <input id="s-max" name="maxLength" type="number" min={1} max={2000} value={String(board.maxLength)} />
        <label for="s-slow">{v.t('admin_slow_mode')}</label>
        <input id="s-slow" name="slowMode" type="number" min={0} max={86400} value={String(board.slowMode)} />
        <label for="s-edit">{v.t('admin_edit_window')}</label>
        <input id="s-edit" name="editWindow" type="number" min={0} max={60} value={String(board.editWindow)} />
        <label for="s-poll">{v.t('admin_poll_interval')}</label>
        <input id="s-poll" name="pollInterval" type="number" min={1} max={600} value={board.pollInterval === null ? '' : String(board.pollInterval)} />
        <label for="s-lang">{v.t('admin_default_lang')}</label>
        <select id="s-lang" name="lang">
          <option value="">{v.t('admin_lang_auto')}</option>
          {LANGS.map((l) => <option value={l} selected={board.lang === l}>{langName(l)}</option>)}
        </select>
        <label for="s-newest">{v.t('admin_newest_at')}</label>
        <select id="s-newest" name="newestAt">
          <option value="top" selected={board.newestAt === 'top'}>{v.t('admin_newest_top')}</option>
          <option value="bottom" selected={board.newestAt === 'bottom'}>{v.t('admin_newest_bottom')}</option>
        </select>
        {check('premoderate', board.premoderate, v.t('admin_premoderate'))}
        {check('linksAllowed', board.linksAllowed, v.t('admin_links_allowed'))}
        {check('presence', board.presence, v.t('admin_presence'))}
        {check('closed', board.closed, v.t('admin_closed'))}
        <label for="s-words">{v.t('admin_words')}</label>
        <textarea id="s-words" name="words" rows={4}>{board.words}</textarea>
        <label for="s-action">{v.t('admin_words_action')}</label>
        <select id="s-action" name="wordsAction">
          <option value="block" selected={board.wordsAction === 'block'}>{v.t('admin_words_block')}</option>
          <option value="hold" selected={board.wordsAction === 'hold'}>{v.t('admin_words_hold')}</option>
        </select>
        <div class="actions">
          <button type="submit">{v.t('admin_save')}</button>
        </div>
      </form>
    </AdminLayout>
  );
}

export function BansPage({ v, bans }: { v: AdminView; bans: Ban[] }) {
  return (
    <AdminLayout v={v} title={v.t('admin_bans')}>
      {bans.length === 0 && <p>{v.t('admin_no_bans')}</p>}
      <ul class="rows">
        {bans.map((b) => (
          <li class="mod-row">
            <a class="tag" href={`/admin?poster=${posterTag(b.poster)}`}>#{posterTag(b.poster)}</a>{' '}
            {b.expiresAt === null ? v.t('admin_ban_forever') : v.t('admin_until', { time: '{time}' }).split('{time}').map((part, i) => (i ? <><time datetime={new Date(b.expiresAt!).toISOString()}>{formatTime(b.expiresAt!, v.lang)}</time>{part}</> : part))}
            {b.reason && <span> · {b.reason}</span>}
            <form method="post" action={`/admin/bans/${b.poster}/unban`} class="inline">
              <button type="submit">{v.t('admin_unban')}</button>
            </form>
          </li>
        ))}
      </ul>
    </AdminLayout>
  );
}

export const AUDIT_ACTIONS = ['login', 'logout', 'delete', 'restore', 'approve', 'pin', 'unpin', 'ban', 'unban', 'purge', 'staff_post', 'board_create', 'board_update', 'export', 'set_password', 'notify_update', 'notify_test', 'own_edit', 'own_delete', 'token_create', 'token_revoke'] as const;
type AuditAction = (typeof AUDIT_ACTIONS)[number];
const isAuditAction = (a: string): a is AuditAction => (AUDIT_ACTIONS as readonly string[]).includes(a);
/** The action's name in the moderator's language (the code itself for anything unknown). */
const actionLabel = (v: AdminView, a: string) => (isAuditAction(a) ? v.t(`audit_${a}`) : a);

export function AuditPage({ v, entries, action, board, boards }: { v: AdminView; entries: AuditEntry[]; action?: string; board?: string; boards: Board[] }) {
  const last = entries[entries.length - 1];
  const qs = new URLSearchParams({ ...(action ? { action } : {}), ...(board ? { board } : {}) });
  return (
    <AdminLayout v={v} title={v.t('admin_audit')}>
      <form method="get" action="/admin/audit" class="filters">
        <FilterSelect v={v} label={v.t('admin_action')} name="action" selected={action} options={AUDIT_ACTIONS.map((a) => [a, actionLabel(v, a)])} />
        <FilterSelect v={v} label={v.t('admin_board')} name="board" selected={board} options={boards.map((b) => [b.slug, b.slug])} />
        <button type="submit">{v.t('admin_filter')}</button>
      </form>
      <table class="audit">
        <thead>
          <tr><th>{v.t('admin_when')}</th><th>{v.t('admin_actor')}</th><th>{v.t('admin_action')}</th><th>{v.t('admin_board')}</th><th>{v.t('admin_message')}</th><th>{v.t('admin_poster')}</th><th>{v.t('admin_details')}</th></tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr>
              <td><time datetime={new Date(e.at).toISOString()}>{formatTime(e.at, v.lang)}</time></td>
              <td>{e.actor}</td><td>{actionLabel(v, e.action)}</td><td>{e.board ?? ''}</td><td>{e.message ?? ''}</td><td>{e.poster ?? ''}</td><td>{e.details}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {entries.length === 100 && last && <p><a href={`/admin/audit?${qs}&before=${last.seq}`}>{v.t('admin_older')}</a></p>}
    </AdminLayout>
  );
}

export function ExportPage({ v, boards, error }: { v: AdminView; boards: Board[]; error?: string }) {
  return (
    <AdminLayout v={v} title={v.t('admin_export')}>
      {error && <p class="error" role="alert">{error}</p>}
      <form method="get" action="/admin/export/download" class="post">
        <label for="e-board">{v.t('admin_board')}</label>
        <select id="e-board" name="board">{boards.map((b) => <option value={b.slug}>{b.title} ({b.slug})</option>)}</select>
        <label for="e-from">{v.t('admin_from')}</label>
        <input id="e-from" name="from" type="date" required />
        <label for="e-to">{v.t('admin_to')}</label>
        <input id="e-to" name="to" type="date" required />
        <label for="e-format">{v.t('admin_format')}</label>
        <select id="e-format" name="format">
          <option value="csv">CSV</option><option value="json">JSON</option><option value="html">HTML</option>
        </select>
        <div class="actions"><button type="submit">{v.t('admin_download')}</button></div>
      </form>
    </AdminLayout>
  );
}

/** The printable transcript: plain page, no scripts, the same rendered bodies as the widget. */
export function TranscriptPage({ v, board, from, to, messages }: { v: AdminView; board: Board; from: string; to: string; messages: Message[] }) {
  return (
    <Layout lang={v.lang} title={`${board.title} ${from} – ${to}`} assets={v.assets} extraCss={v.assets.urls.admin} scripts={false} bodyClass="page transcript">
      <main>
        <h1>{board.title}</h1>
        <p>{from} – {to} · {v.t('admin_count', { count: messages.length })}</p>
        <ol class="messages">
          {messages.map((m) => (
            <li class="msg">
              <div class="meta">
                <span class="author">{m.author || v.t('anonymous')}</span>
                {m.staff && <span class="badge staff">{v.t('staff_badge')}</span>}
                <time datetime={new Date(m.createdAt).toISOString()}>{new Date(m.createdAt).toISOString().replace('T', ' ').slice(0, 16)} UTC</time>
              </div>
              <MessageBody body={m.body} />
            </li>
          ))}
        </ol>
      </main>
    </Layout>
  );
}
