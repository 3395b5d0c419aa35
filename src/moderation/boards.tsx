/**
 * @module routes/admin-boards
 * Admin routes for boards, bans, the audit log and transcripts (mounted by routes/admin.tsx,
 * behind the same guard):
 *   GET/POST /admin/boards, GET/POST /admin/boards/:slug   list, create, settings
 *   GET /admin/bans, POST /admin/bans/:poster/unban
 *   GET /admin/audit?action=&board=&before=
 *   GET /admin/export, GET /admin/export/download?board=&from=&to=&format=json|csv|html
 */
import { Hono, type Context } from 'hono';
import { withBoard, type BoardEnv } from '../http/board.ts';
import { NO_FORM, parseCursor, readForm, type Form } from '../http/request.ts';
import { DAY_MS, parseDay, toCsv, toJson } from '../store/transcript.ts';
import { isLang } from '../i18n/i18n.ts';
import type { BoardSettings } from '../store/store.ts';
import { isSlug } from '../store/store.ts';
import { normaliseName } from '../posting/text.ts';
import { documentHtml } from '../http/layout.tsx';
import { adminView, posterTag, type ModerationDeps } from './views.tsx';
import { actorOf } from './guard.ts';
import { AUDIT_ACTIONS, AuditPage, BansPage, BoardSettingsPage, BoardsPage, ExportPage, TranscriptPage } from './board-views.tsx';


/** Board settings from the form, or the name of the first bad field. */
function readSettings(f: Form): BoardSettings | { bad: string } {
  const int = (k: string, min: number, max: number) => {
    const raw = f.get(k).trim();
    const n = Number(raw);
    return /^\d+$/.test(raw) && n >= min && n <= max ? n : null;
  };
  const title = normaliseName(f.get('title')).slice(0, 80);
  if (!title) return { bad: 'title' };
  const maxLength = int('maxLength', 1, 2000);
  if (maxLength === null) return { bad: 'maxLength' };
  const slowMode = int('slowMode', 0, 86400);
  if (slowMode === null) return { bad: 'slowMode' };
  // An older form without the field keeps the default (5 minutes).
  const editWindow = f.get('editWindow').trim() === '' ? 5 : int('editWindow', 0, 60);
  if (editWindow === null) return { bad: 'editWindow' };
  const pollInterval = f.get('pollInterval').trim() === '' ? null : int('pollInterval', 1, 600);
  if (pollInterval === null && f.get('pollInterval').trim() !== '') return { bad: 'pollInterval' };
  const lang = f.get('lang');
  const words = f.get('words').split(/\r?\n/).map((w) => normaliseName(w)).filter(Boolean).slice(0, 500).join('\n');
  return {
    title, maxLength, slowMode, editWindow, pollInterval, words,
    lang: isLang(lang) ? lang : null,
    wordsAction: f.get('wordsAction') === 'hold' ? 'hold' : 'block',
    newestAt: f.get('newestAt') === 'bottom' ? 'bottom' : 'top',
    premoderate: f.get('premoderate') === '1', linksAllowed: f.get('linksAllowed') === '1', presence: f.get('presence') === '1', closed: f.get('closed') === '1',
  };
}

export function adminBoardRoutes(deps: ModerationDeps) {
  const { store, config } = deps;
  const app = new Hono<BoardEnv>();
  // The settings pages are for a known board.
  app.use('/admin/boards/:slug', withBoard(store, 'slug'));

  app.get('/admin/boards', (c) => c.html(documentHtml(<BoardsPage v={adminView(c, deps)} boards={store.listBoards()} />)));

  app.post('/admin/boards', async (c) => {
    const f = (await readForm(c)) ?? NO_FORM;
    const v = adminView(c, deps);
    const slug = f.get('slug').trim();
    const title = normaliseName(f.get('title')).slice(0, 80);
    const refuse = (error: string) => c.html(documentHtml(<BoardsPage v={v} boards={store.listBoards()} error={error} />), 422);
    if (!isSlug(slug)) return refuse(v.t('admin_bad_slug'));
    if (!title) return refuse(v.t('admin_bad_field', { field: v.t('admin_board_title') }));
    if (!store.createBoard(slug, title)) return refuse(v.t('admin_slug_taken'));
    store.audit({ actor: actorOf(c, config), action: 'board_create', board: slug, details: title });
    return c.redirect(`/admin/boards/${slug}`, 303);
  });

  app.get('/admin/boards/:slug', (c) => {
    const board = c.get('board');
    return c.html(documentHtml(<BoardSettingsPage v={adminView(c, deps)} board={board} saved={c.req.query('saved') === '1'} />));
  });

  app.post('/admin/boards/:slug', async (c) => {
    const board = c.get('board');
    const v = adminView(c, deps);
    const settings = readSettings((await readForm(c)) ?? NO_FORM);
    if ('bad' in settings) {
      return c.html(documentHtml(<BoardSettingsPage v={v} board={board} error={v.t('admin_bad_field', { field: settings.bad })} />), 422);
    }
    store.updateBoard(board.slug, settings);
    const changed = (Object.keys(settings) as Array<keyof BoardSettings>).filter((k) => settings[k] !== board[k]);
    store.audit({ actor: actorOf(c, config), action: 'board_update', board: board.slug, details: changed.join(', ') });
    return c.redirect(`/admin/boards/${board.slug}?saved=1`, 303);
  });

  app.get('/admin/bans', (c) => c.html(documentHtml(<BansPage v={adminView(c, deps)} bans={store.bans()} />)));

  app.post('/admin/bans/:poster/unban', (c) => {
    const poster = c.req.param('poster');
    if (store.unban(poster)) store.audit({ actor: actorOf(c, config), action: 'unban', poster: posterTag(poster) });
    return c.redirect('/admin/bans', 303);
  });

  app.get('/admin/audit', (c) => {
    const action = c.req.query('action');
    const board = c.req.query('board');
    const filter = {
      action: action && (AUDIT_ACTIONS as readonly string[]).includes(action) ? action : undefined,
      board: board && isSlug(board) ? board : undefined,
      before: parseCursor(c.req.query('before')),
    };
    const v = adminView(c, deps);
    return c.html(documentHtml(<AuditPage v={v} entries={store.auditList(filter)} action={filter.action} board={filter.board} boards={store.listBoards()} />));
  });

  app.get('/admin/export', (c) => c.html(documentHtml(<ExportPage v={adminView(c, deps)} boards={store.listBoards()} />)));

  // Inclusive day range, UTC: from 00:00 of `from` to the end of `to`.
  app.get('/admin/export/download', (c: Context) => {
    const v = adminView(c, deps);
    const board = store.getBoard(c.req.query('board') ?? '');
    const fromDay = c.req.query('from') ?? '';
    const toDay = c.req.query('to') ?? '';
    const from = parseDay(fromDay);
    const to = parseDay(toDay);
    const format = c.req.query('format');
    if (!board || from === null || to === null || to < from || !['json', 'csv', 'html'].includes(format ?? '')) {
      return c.html(documentHtml(<ExportPage v={v} boards={store.listBoards()} error={v.t('admin_export_invalid')} />), 422);
    }
    const messages = store.exportRange(board.slug, from, to + DAY_MS);
    store.audit({ actor: actorOf(c, config), action: 'export', board: board.slug, details: `${format} ${fromDay}..${toDay}, ${messages.length} messages` });
    const name = `holler-${board.slug}-${fromDay}_${toDay}`;
    if (format === 'html') return c.html(documentHtml(<TranscriptPage v={v} board={board} from={fromDay} to={toDay} messages={messages} />));
    c.header('Content-Disposition', `attachment; filename="${name}.${format}"`);
    if (format === 'json') return c.body(toJson(board.slug, from, to + DAY_MS, messages), 200, { 'Content-Type': 'application/json; charset=utf-8' });
    return c.body(toCsv(messages), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  });

  return app;
}
