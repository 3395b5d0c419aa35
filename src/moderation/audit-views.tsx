/**
 * @module views/admin-audit
 * The Bans page and the audit log: who did what, when, and to which message (an excerpt that
 * links to the message in the moderation list, since a bare id tells a moderator nothing).
 */
import type { AuditEntry, BanListing, Board } from '../store/store.ts';
import { AdminLayout, FilterSelect, posterTag, When, type AdminView } from './views.tsx';

const EXCERPT_SHOWN = 80;

/** The start of a message on one line, cut at a code point boundary. */
export const excerptOf = (text: string): string => {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length > EXCERPT_SHOWN ? `${chars.slice(0, EXCERPT_SHOWN).join('')}…` : chars.join('');
};

/**
 * A message as the audit log and the Bans page name it: its excerpt, linked to its public
 * permalink while it is visible, else (held, deleted) to it in the moderation list.
 */
export function MessageRef({ v, board, id, excerpt, status }: { v: AdminView; board: string | null; id: string | null; excerpt: string | null; status: string | null }) {
  if (!id) return <></>;
  if (excerpt === null) return <span class="msg-ref gone"><code>{id}</code> ({v.t('admin_message_gone')})</span>;
  const href = status === 'visible' && board ? `/b/${board}/m/${encodeURIComponent(id)}` : `/admin?id=${encodeURIComponent(id)}`;
  return <a class="msg-ref" href={href}><bdi>“{excerptOf(excerpt)}”</bdi></a>;
}


export function BansPage({ v, bans }: { v: AdminView; bans: BanListing[] }) {
  const head = [v.t('admin_poster'), v.t('admin_ban_where'), v.t('admin_banned_at'), v.t('admin_actor'), v.t('admin_ban_ends'), v.t('admin_reason'), v.t('admin_message')];
  return (
    <AdminLayout v={v} title={v.t('admin_bans')}>
      <p class="notice-line scope-note">{v.t('admin_ban_scope')}</p>
      {bans.length === 0 ? <p>{v.t('admin_no_bans')}</p> : (
        <table class="audit bans">
          <thead>
            <tr>{head.map((h) => <th>{h}</th>)}<th><span class="sr-only">{v.t('admin_unban')}</span></th></tr>
          </thead>
          <tbody>
            {bans.map((b) => (
              <tr>
                <td data-label={head[0]}><a class="tag" href={`/admin?poster=${posterTag(b.poster)}`}><bdi>#{posterTag(b.poster)}</bdi></a></td>
                <td data-label={head[1]}>{b.board === null ? v.t('admin_ban_every_board') : <code>{b.board}</code>}</td>
                <td data-label={head[2]}><When v={v} at={b.createdAt} /></td>
                <td data-label={head[3]}>{b.actor ?? ''}</td>
                <td data-label={head[4]}>{b.expiresAt === null ? v.t('admin_ban_forever') : <When v={v} at={b.expiresAt} />}</td>
                <td data-label={head[5]}>{b.reason}</td>
                <td data-label={head[6]}>
                  {b.messageBoard && <code>{b.messageBoard}</code>} <MessageRef v={v} board={b.messageBoard} id={b.message} excerpt={b.excerpt} status={b.messageStatus} />
                </td>
                <td>
                  <form method="post" action={`/admin/bans/${b.poster}/unban`}>
                    {b.board !== null && <input type="hidden" name="board" value={b.board} />}
                    <button type="submit">{v.t('admin_unban')}</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
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
  const head = [v.t('admin_when'), v.t('admin_actor'), v.t('admin_action'), v.t('admin_board'), v.t('admin_message'), v.t('admin_poster'), v.t('admin_details')];
  return (
    <AdminLayout v={v} title={v.t('admin_audit')}>
      <form method="get" action="/admin/audit" class="filters">
        <FilterSelect v={v} label={v.t('admin_action')} name="action" selected={action} options={AUDIT_ACTIONS.map((a) => [a, actionLabel(v, a)])} />
        <FilterSelect v={v} label={v.t('admin_board')} name="board" selected={board} options={boards.map((b) => [b.slug, b.slug])} />
        <button type="submit">{v.t('admin_filter')}</button>
      </form>
      <table class="audit">
        <thead>
          <tr>{head.map((h) => <th>{h}</th>)}</tr>
        </thead>
        <tbody>
          {/* data-label: on a phone the header row is hidden and each cell names itself (admin.css). */}
          {entries.map((e) => (
            <tr>
              <td data-label={head[0]}><When v={v} at={e.at} /></td>
              <td data-label={head[1]}>{e.actor}</td>
              <td data-label={head[2]}>{actionLabel(v, e.action)}</td>
              <td data-label={head[3]}>{e.board ?? ''}</td>
              <td data-label={head[4]}><MessageRef v={v} board={e.board} id={e.message} excerpt={e.excerpt} status={e.messageStatus} /></td>
              <td data-label={head[5]}>{e.poster && <a class="tag" href={`/admin?poster=${encodeURIComponent(e.poster)}`}><bdi>#{e.poster}</bdi></a>}</td>
              <td data-label={head[6]}>{e.details}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {entries.length === 100 && last && <p><a href={`/admin/audit?${qs}&before=${last.seq}`}>{v.t('admin_older')}</a></p>}
    </AdminLayout>
  );
}
