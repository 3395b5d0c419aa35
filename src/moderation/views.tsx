/**
 * @module views/admin
 * The moderator's shell, login page and message list. Works without JavaScript (each button
 * is a form submit); with htmx, row actions swap the row in place and new messages stream in.
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { Assets } from '../http/assets.ts';
import { writeTrouble } from '../http/health.ts';
import type { BackupStatus } from '../store/backup.ts';
import { replicaTrouble, type ReplicaStatus } from '../store/replica.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { ADMIN_LANGS, formatTime, isoTime, pickLang, t, type Lang, type Translate } from '../i18n/i18n.ts';
import type { Board, Dest, Message, Store } from '../store/store.ts';
import type { ModFilter } from '../store/store.ts';
import { MessageBody } from '../posting/message-body.tsx';
import { Layout } from '../http/layout.tsx';
import { PosterActions } from './poster-actions.tsx';

export type AdminView = { lang: Lang; t: Translate; assets: Assets; held?: number; trouble?: string | null; failing?: number; backupFailure?: BackupStatus['failure']; replica?: ReplicaStatus | undefined };

/** What the Notifications admin needs from the delivery worker (notify/worker.ts, handed in by the app). */
export type NotifyControl = {
  test(dest: Dest, board: string): Promise<{ ok: boolean; detail: string }>;
  kick(): void;
  /** replies: the instance-wide test mail to a typed address (moderation/replies.tsx). */
  testMail?(to: string): Promise<{ ok: boolean; detail: string }>;
};

/** What the moderation routes need from the app. */
export type ModerationDeps = { config: Config; store: Store; now: () => number; log: Logger; assets: Assets; notifier?: NotifyControl; backups?: BackupStatus | undefined; replica?: (() => ReplicaStatus) | undefined };

/** The moderator's language and the held-count badge every admin page shows. */
export function adminView(c: Context, deps: Pick<ModerationDeps, 'assets' | 'store' | 'backups' | 'replica'>): AdminView {
  const lang = pickLang(c.req.query('lang'), null, c.req.header('accept-language'), ADMIN_LANGS);
  return { lang, t: t(lang), assets: deps.assets, held: deps.store.heldCount(), trouble: writeTrouble(deps.store), failing: deps.store.failingCount(), backupFailure: deps.backups?.failure ?? null, replica: deps.replica?.() };
}

export { posterTag } from '../store/moderate.ts';
import { hasVisitorPoster, posterTag } from '../store/moderate.ts';

/** A list filter: a labelled select whose first choice, "all", filters nothing. */
export function FilterSelect({ v, label, name, options, selected }: { v: AdminView; label: string; name: string; options: Array<[value: string, text: string]>; selected?: string }) {
  return (
    <label>
      {label}{' '}
      <select name={name}>
        <option value="">{v.t('admin_all')}</option>
        {options.map(([value, text]) => <option value={value} selected={value === selected}>{text}</option>)}
      </select>
    </label>
  );
}

export function AdminLayout({ v, title, children, extraScripts }: { v: AdminView; title: string; children?: Child; extraScripts?: string[] }) {
  return (
    <Layout lang={v.lang} title={`${title} · Holler`} assets={v.assets} extraCss={v.assets.urls.admin} extraScripts={[v.assets.urls.time, ...(extraScripts ?? [])]} bodyClass="admin">
      <header class="admin-bar">
        <nav aria-label={v.t('admin_nav')}>
          <a href="/admin">{v.t('admin_messages')}</a>
          {!!v.held && <a href="/admin?status=held" class="badge">{v.t('admin_held_count', { count: v.held })}</a>}
          <a href="/admin/boards">{v.t('admin_boards')}</a>
          <a href="/admin/bans">{v.t('admin_bans')}</a>
          <a href="/admin/audit">{v.t('admin_audit')}</a>
          <a href="/admin/export">{v.t('admin_export')}</a>
          <a href="/admin/notifications">{v.t('notify_title')}</a>
          {!!v.failing && <a href="/admin/notifications#failing" class="badge">{v.t('notify_failing_count', { count: v.failing })}</a>}
          <a href="/admin/tokens">{v.t('tokens_title')}</a>
          <a href="/admin/replies">{v.t('rs_title')}</a>
        </nav>
        <form method="post" action="/admin/logout">
          <button type="submit">{v.t('admin_logout')}</button>
        </form>
      </header>
      <main class="admin-main">
        {v.trouble && <p class="write-fault" role="alert">{v.t('admin_write_fault', { reason: v.trouble })}</p>}
        {v.backupFailure && <p class="write-fault" role="alert">{v.t('admin_backup_failed', { when: formatTime(v.backupFailure.at, v.lang), reason: v.backupFailure.error })}</p>}
        {replicaTrouble(v.replica) && <p class="write-fault" role="alert">{v.t('admin_replica_trouble', { reason: replicaTrouble(v.replica)! })}</p>}
        <h1>{title}</h1>
        {children}
        {v.replica?.state === 'current' && <p class="replica-ok">{v.t('admin_replica_current')}</p>}
      </main>
    </Layout>
  );
}

export function LoginPage({ v, error }: { v: AdminView; error?: string }) {
  return (
    <Layout lang={v.lang} title={v.t('admin_login_title')} assets={v.assets} extraCss={v.assets.urls.admin} scripts={false} bodyClass="page admin">
      <main class="notice login">
        <h1>{v.t('admin_login_title')}</h1>
        <form method="post" action="/admin/login" class="post">
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          <label for="a-password">{v.t('admin_password')}</label>
          <input id="a-password" name="password" type="password" autocomplete="current-password" required autofocus />
          <div class="actions">
            <button type="submit">{v.t('admin_login')}</button>
          </div>
        </form>
      </main>
    </Layout>
  );
}

const STATUS_KEY = { visible: 'admin_status_visible', held: 'admin_status_held', deleted: 'admin_status_deleted' } as const;

/** One message as the moderator sees it, with its actions. `undo` marks a row just deleted. */
/** A time as every admin page shows it: UTC text for no-JS, the moderator's own zone with time.js. */
export const When = ({ v, at }: { v: AdminView; at: number }) => <time datetime={isoTime(at)}>{formatTime(at, v.lang)}</time>;

export function ModRow({ m, v, undo, notice }: { m: Message; v: AdminView; undo?: boolean; notice?: string }) {
  const act = (action: string, label: string, cls = '') => (
    <button type="submit" class={cls} formaction={`/admin/m/${m.id}/${action}`} hx-post={`/admin/m/${m.id}/${action}`} hx-target="closest li" hx-swap="outerHTML">
      {label}
    </button>
  );
  const tag = posterTag(m.poster);
  return (
    <li id={`r-${m.id}`} class={`mod-row status-${m.status}`} data-seq={m.seq}>
      <div class="meta">
        <input type="checkbox" name="id" value={m.id} aria-label={v.t('admin_select')} />
        <span class="board">{m.board}</span>
        <span class={m.author ? 'author' : 'author anon'}>{m.author || v.t('anonymous')}</span>
        {m.staff && <span class="badge staff">{v.t('staff_badge')}</span>}
        <a class="tag" href={`/admin?poster=${tag}`} title={v.t('admin_poster_filter')}><bdi>#{tag}</bdi></a>
        <When v={v} at={m.createdAt} />
        <span class="status">{v.t(STATUS_KEY[m.status])}</span>
        {m.pinned && <span class="badge">{v.t('admin_pinned')}</span>}
      </div>
      <MessageBody body={m.body} />
      <div class="row-actions">
        {(undo || notice) && <span role="status" class="done">{notice ?? v.t('admin_deleted_notice')}</span>}
        {m.status === 'held' && act('approve', v.t('admin_approve'), 'primary')}
        {m.status === 'deleted' ? act('restore', undo ? v.t('admin_undo') : v.t('admin_restore'), 'primary') : act('delete', v.t('admin_delete'))}
        {m.status === 'visible' && act(m.pinned ? 'unpin' : 'pin', m.pinned ? v.t('admin_unpin') : v.t('admin_pin'))}
        {m.status === 'visible' && <a class="reply" href={`/admin/reply/${m.id}`}>{v.t('ar_reply')}</a>}
        {hasVisitorPoster(m) && <PosterActions t={v.t} id={m.id} board={m.board} act={act} />}
      </div>
    </li>
  );
}

/** Polls for messages newer than `after` matching the same filters (first page only). */
export function ModPoller({ after, filter, pollMs }: { after: number; filter: ModFilter; pollMs: number }) {
  const qs = filterQuery(filter, { after: String(after) });
  return <div id="mod-poller" hx-get={`/admin/feed?${qs}`} hx-trigger={`every ${pollMs}ms`} hx-swap="outerHTML" />;
}

export function filterQuery(f: ModFilter, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  for (const k of ['board', 'status', 'poster', 'q', 'id'] as const) if (f[k]) p.set(k, String(f[k]));
  for (const [k, val] of Object.entries(extra)) p.set(k, val);
  return p.toString();
}

type ModPageProps = {
  v: AdminView; boards: Board[]; filter: ModFilter; messages: Message[]; more: boolean; newest: number; pollMs: number; notice?: string;
  /** Ids just deleted in bulk: the notice offers to restore them. */
  undo?: string[];
};

export function ModPage({ v, boards, filter, messages, more, newest, pollMs, notice, undo = [] }: ModPageProps) {
  const last = messages[messages.length - 1];
  return (
    <AdminLayout v={v} title={v.t('admin_messages')}>
      {notice && (
        <form method="post" action="/admin/bulk" class="notice-line" role="status">
          {notice}{' '}
          {undo.length > 0 && (
            <>
              <input type="hidden" name="action" value="restore" />
              {undo.map((id) => <input type="hidden" name="id" value={id} />)}
              <button type="submit" class="primary">{v.t('admin_undo')}</button>
            </>
          )}
        </form>
      )}
      <form method="get" action="/admin" class="filters" role="search">
        <FilterSelect v={v} label={v.t('admin_board')} name="board" selected={filter.board} options={boards.map((b) => [b.slug, `${b.title} (${b.slug})`])} />
        <FilterSelect v={v} label={v.t('admin_status')} name="status" selected={filter.status}
          options={(['visible', 'held', 'deleted'] as const).map((s) => [s, v.t(STATUS_KEY[s])])} />
        <label>
          {v.t('admin_poster')} <input name="poster" value={filter.poster ?? ''} size={8} maxlength={43} />
        </label>
        <label>
          {v.t('admin_search')} <input name="q" type="search" value={filter.q ?? ''} maxlength={200} />
        </label>
        <button type="submit">{v.t('admin_filter')}</button>
      </form>
      {filter.id && <p class="notice-line">{v.t('admin_single')} <a href="/admin">{v.t('admin_show_all')}</a></p>}
      <StaffForm v={v} boards={boards} />
      <form method="post" action="/admin/bulk" class="mod-list">
        {/* Enter in a row's reason or hours field must not fire the first button (bulk delete):
            a disabled default button makes implicit submission do nothing. */}
        <button type="submit" disabled hidden aria-hidden="true"></button>
        <div class="bulk">
          <button type="submit" name="action" value="delete">{v.t('admin_bulk_delete')}</button>
          <button type="submit" name="action" value="restore">{v.t('admin_bulk_restore')}</button>
        </div>
        {!filter.before && <ModPoller after={newest} filter={filter} pollMs={pollMs} />}
        <ol id="rows" class="rows">
          {messages.map((m) => <ModRow m={m} v={v} />)}
        </ol>
        {messages.length === 0 && <p>{v.t('admin_no_messages')}</p>}
      </form>
      {more && last && (
        <p>
          <a href={`/admin?${filterQuery(filter, { before: String(last.seq) })}`}>{v.t('admin_older')}</a>
        </p>
      )}
    </AdminLayout>
  );
}

function StaffForm({ v, boards }: { v: AdminView; boards: Board[] }) {
  return (
    <details class="staff-post">
      <summary>{v.t('admin_staff_post')}</summary>
      <form method="post" action="/admin/staff" class="post">
        <label for="s-board">{v.t('admin_board')}</label>
        <select id="s-board" name="board">
          {boards.map((b) => <option value={b.slug}>{b.title} ({b.slug})</option>)}
        </select>
        <label for="s-name">{v.t('name_label')}</label>
        <input id="s-name" name="name" maxlength={24} placeholder={v.t('staff_badge')} />
        <label for="s-body">{v.t('message_label')}</label>
        <textarea id="s-body" name="body" required rows={2}></textarea>
        <div class="actions">
          <button type="submit">{v.t('send')}</button>
        </div>
      </form>
    </details>
  );
}
