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
import { parseDay, toCsv, toJson } from '../store/transcript.ts';
import { DAY_MS } from '../time.ts';
import { isLang } from '../i18n/i18n.ts';
import type { BoardSettings } from '../store/store.ts';
import { isSlug } from '../store/store.ts';
import { normaliseName } from '../posting/text.ts';
import { FLOOD_PRESETS, type FloodPreset } from '../posting/spam.ts';
import { documentHtml } from '../http/layout.tsx';
import { adminView, posterTag, type AdminView, type ModerationDeps } from './views.tsx';
import { actorOf } from './guard.ts';
import { BoardSettingsPage, BoardsPage, ExportPage, TranscriptPage, type FieldError, type SettingsForm } from './board-views.tsx';
import { AUDIT_ACTIONS, AuditPage, BansPage } from './audit-views.tsx';
import { linkOrigin } from '../http/origin.ts';


/** The settings form as typed, so a refusal can show it again unchanged. */
const typedSettings = (f: Form): SettingsForm => ({
  title: f.get('title'), maxLength: f.get('maxLength'), slowMode: f.get('slowMode'), editWindow: f.get('editWindow'), pollInterval: f.get('pollInterval'),
  lang: f.get('lang'), words: f.get('words'), wordsAction: f.get('wordsAction'), newestAt: f.get('newestAt'), flood: f.get('flood'),
  premoderate: f.get('premoderate') === '1', linksAllowed: f.get('linksAllowed') === '1', presence: f.get('presence') === '1', closed: f.get('closed') === '1',
});

/**
 * The flood threshold as the form sends it: '' the instance's FLOOD_POSTS (null), a preset's
 * name, or a number already set outside the page (kept as it is); undefined when it is none.
 */
function readFlood(raw: string): number | null | undefined {
  if (raw === '') return null;
  if (Object.hasOwn(FLOOD_PRESETS, raw)) return FLOOD_PRESETS[raw as FloodPreset];
  return /^\d{1,6}$/.test(raw) && Number(raw) <= 100_000 ? Number(raw) : undefined;
}

/** Board settings from the form, or the first bad field with a sentence naming its visible label. */
function readSettings(v: AdminView, f: Form): BoardSettings | { error: FieldError } {
  const title = normaliseName(f.get('title')).slice(0, 80);
  if (!title) return { error: { field: 'title', text: v.t('admin_bad_field', { field: v.t('admin_board_title') }) } };
  const nums = {
    maxLength: [1, 2000, 'admin_max_length'], slowMode: [0, 86400, 'admin_slow_mode'],
    editWindow: [0, 60, 'admin_edit_window'], pollInterval: [1, 600, 'admin_poll_interval'],
  } as const;
  const n: Partial<Record<keyof typeof nums, number | null>> = {};
  for (const [k, [min, max, label]] of Object.entries(nums) as Array<[keyof typeof nums, (typeof nums)[keyof typeof nums]]>) {
    const raw = f.get(k).trim();
    // Empty: the instance's default poll interval; an older form without the edit window keeps 5 minutes.
    if (raw === '' && (k === 'pollInterval' || k === 'editWindow')) { n[k] = k === 'editWindow' ? 5 : null; continue; }
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      return { error: { field: k, text: v.t('admin_bad_number', { field: v.t(label), min, max }) } };
    }
    n[k] = Number(raw);
  }
  const floodPosts = readFlood(f.get('flood'));
  if (floodPosts === undefined) return { error: { field: 'flood', text: v.t('admin_bad_field', { field: v.t('admin_flood') }) } };
  const lang = f.get('lang');
  const words = f.get('words').split(/\r?\n/).map((w) => normaliseName(w)).filter(Boolean).slice(0, 500).join('\n');
  return {
    title, maxLength: n.maxLength!, slowMode: n.slowMode!, editWindow: n.editWindow!, pollInterval: n.pollInterval ?? null, words, floodPosts,
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
    // Both fields are shown again as typed, with the sentence under the one at fault.
    const refuse = (field: string, text: string) =>
      c.html(documentHtml(<BoardsPage v={v} boards={store.listBoards()} form={{ slug: f.get('slug'), title: f.get('title') }} error={{ field, text }} />), 422);
    if (!isSlug(slug)) return refuse('slug', v.t('admin_bad_slug'));
    if (!title) return refuse('title', v.t('admin_bad_field', { field: v.t('admin_board_title') }));
    if (!store.createBoard(slug, title)) return refuse('slug', v.t('admin_slug_taken'));
    store.audit({ actor: actorOf(c, config), action: 'board_create', board: slug, details: title });
    return c.redirect(`/admin/boards/${slug}?created=1`, 303);
  });

  app.get('/admin/boards/:slug', (c) => {
    const board = c.get('board');
    const created = c.req.query('created') === '1' ? { origin: linkOrigin(c, config).origin, guessed: !config.publicUrl } : undefined;
    return c.html(documentHtml(<BoardSettingsPage v={adminView(c, deps)} board={board} saved={c.req.query('saved') === '1'} created={created} floodDefault={config.floodPosts} />));
  });

  app.post('/admin/boards/:slug', async (c) => {
    const board = c.get('board');
    const v = adminView(c, deps);
    const form = (await readForm(c)) ?? NO_FORM;
    const settings = readSettings(v, form);
    if ('error' in settings) {
      return c.html(documentHtml(<BoardSettingsPage v={v} board={board} form={typedSettings(form)} error={settings.error} floodDefault={config.floodPosts} />), 422);
    }
    store.updateBoard(board.slug, settings);
    const changed = (Object.keys(settings) as Array<keyof BoardSettings>).filter((k) => settings[k] !== board[k]);
    store.audit({ actor: actorOf(c, config), action: 'board_update', board: board.slug, details: changed.join(', ') });
    return c.redirect(`/admin/boards/${board.slug}?saved=1`, 303);
  });

  app.get('/admin/bans', (c) => c.html(documentHtml(<BansPage v={adminView(c, deps)} bans={store.banListing()} />)));

  // The form names the ban's board; none (or empty) is the every-board ban.
  app.post('/admin/bans/:poster/unban', async (c) => {
    const poster = c.req.param('poster');
    const board = ((await readForm(c)) ?? NO_FORM).get('board') || null;
    if (store.unban(poster, board)) store.audit({ actor: actorOf(c, config), action: 'unban', board, poster: posterTag(poster) });
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
