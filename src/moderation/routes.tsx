/**
 * @module routes/admin
 * The moderator's routes (all behind adminGuard: no-store, not frameable, CSRF on POST):
 *   GET  /admin/login, POST /admin/login, POST /admin/logout
 *   GET  /admin              the message list across boards (filters, keyset pages)
 *   GET  /admin/feed         new messages for the open list (204 when none)
 *   POST /admin/m/:id/:action  delete | restore | approve | pin | unpin | ban | purge
 *   POST /admin/bulk         delete or restore the selected messages
 *   POST /admin/staff        post into a board as verified staff
 *   /admin/boards…, /admin/notifications…, /admin/tokens…  (boards.tsx, notifications.tsx, tokens.tsx)
 *   /admin/reply/:id, /admin/replies…, /admin/test-mail     (replies.tsx)
 * Every action lands in the audit log.
 */
import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { clientIp, posterKey } from '../http/client-ip.ts';
import { isHtmx, NO_FORM, parseCursor, readForm } from '../http/request.ts';
import { secondsUp } from '../rate-limit.ts';
import { databaseUnavailable, RETRY_AFTER_S } from '../store/faults.ts';
import { pickLang, t } from '../i18n/i18n.ts';
import { isSlug, PAGE_SIZE } from '../store/store.ts';
import type { ModFilter } from '../store/store.ts';
import { normaliseName } from '../posting/text.ts';
import { postAsStaff } from '../posting/staff.ts';
import { banPoster, hasVisitorPoster, isBanDuration, isBanScope, isMessageAction, moderateMessage } from '../store/moderate.ts';
import { checkPassword, createLoginThrottle, SESSION_MAX_MS, sessionActor, type Sessions } from './auth.ts';
import { actorOf, adminGuard, cookieName, isHttps, sessionId } from './guard.ts';
import { documentHtml } from '../http/layout.tsx';
import { adminView, LoginPage, ModPage, ModPoller, ModRow, posterTag, type ModerationDeps } from './views.tsx';
import { adminBoardRoutes } from './boards.tsx';
import { adminNotifyRoutes } from './notifications.tsx';
import { adminTokenRoutes } from './tokens.tsx';
import { adminReplyRoutes } from './replies.tsx';

/** Back to the list with "Done: N" and, for deletions, the ids an Undo would restore. */
const doneUrl = (count: number, undo: string[] = []) =>
  `/admin?done=${count}${undo.length ? `&undo=${undo.join(',')}` : ''}`;

/** Reads the list filters from the query string, ignoring anything malformed. */
function filterOf(c: Context): ModFilter {
  const f: ModFilter = {};
  const board = c.req.query('board');
  if (board && isSlug(board)) f.board = board;
  const status = c.req.query('status');
  if (status === 'visible' || status === 'held' || status === 'deleted') f.status = status;
  const poster = c.req.query('poster')?.trim();
  if (poster && /^[\w-]{1,43}$/.test(poster)) f.poster = poster;
  const q = c.req.query('q')?.trim();
  if (q) f.q = q.slice(0, 200);
  const id = c.req.query('id')?.trim();
  if (id && /^[\w-]{1,21}$/.test(id)) f.id = id;
  for (const k of ['before', 'after'] as const) {
    const cursor = parseCursor(c.req.query(k));
    if (cursor !== undefined) f[k] = cursor;
  }
  return f;
}

export function adminRoutes(deps: ModerationDeps, sessions: Sessions) {
  const { store, config, now, log } = deps;
  const throttle = createLoginThrottle(now);
  const secret = store.posterSecret();
  const app = new Hono();
  // The moderator's list polls for new messages as often as a widget does.
  const pollMs = config.pollIntervalMs;

  app.use('/admin/*', adminGuard(config, sessions)); // matches /admin itself too

  // GET /admin/login
  app.get('/admin/login', (c) => {
    if (sessions.check(sessionId(c, config))) return c.redirect('/admin', 303);
    return c.html(documentHtml(<LoginPage v={adminView(c, deps)} />));
  });

  // POST /admin/login - throttled per client and globally; every try is reserved, success gives it back
  app.post('/admin/login', async (c) => {
    const v = adminView(c, deps);
    const client = posterKey(clientIp(c, config.trustProxy), secret);
    const tooMany = (ms: number) => {
      const seconds = secondsUp(ms);
      c.header('Retry-After', String(seconds));
      return c.html(documentHtml(<LoginPage v={v} error={v.t('admin_login_throttled', { count: seconds })} />), 429);
    };
    const blocked = throttle.waitMs(client);
    if (blocked > 0) return tooMany(blocked);
    const password = ((await readForm(c)) ?? NO_FORM).get('password');
    // The try is taken before the slow check, so a parallel burst pays for every guess.
    const wait = throttle.reserve(client);
    if (wait > 0) return tooMany(wait);
    if (!(await throttle.limit(() => checkPassword(store, config.adminPassword, password)))) {
      log.warn('admin login failed', { client: client.slice(0, 8) });
      return c.html(documentHtml(<LoginPage v={v} error={v.t('admin_login_wrong')} />), 401);
    }
    throttle.succeeded(client);
    const id = sessions.start();
    setCookie(c, cookieName(config), id, {
      path: '/', httpOnly: true, sameSite: 'Strict', secure: isHttps(config), maxAge: SESSION_MAX_MS / 1000,
    });
    store.audit({ actor: sessionActor(id), action: 'login' });
    return c.redirect('/admin', 303);
  });

  // POST /admin/logout - the session is deleted server-side, not just forgotten by the browser
  app.post('/admin/logout', (c) => {
    sessions.end(sessionId(c, config));
    deleteCookie(c, cookieName(config), { path: '/', secure: isHttps(config) });
    store.audit({ actor: actorOf(c, config), action: 'logout' });
    return c.redirect('/admin/login', 303);
  });

  // GET /admin - newest messages across boards
  app.get('/admin', (c) => {
    const filter = filterOf(c);
    const rows = store.modList(filter, PAGE_SIZE + 1);
    const messages = rows.slice(0, PAGE_SIZE);
    const newest = filter.before ? 0 : (messages[0]?.seq ?? store.modList({}, 1)[0]?.seq ?? 0);
    const v = adminView(c, deps);
    const done = c.req.query('done');
    const notice = done && /^\d{1,6}$/.test(done) ? v.t('admin_done', { count: Number(done) }) : undefined;
    const undo = (c.req.query('undo') ?? '').split(',').filter((id) => /^[\w-]{1,21}$/.test(id)).slice(0, 200);
    return c.html(
      documentHtml(<ModPage v={v} boards={store.listBoards()} filter={filter} messages={messages} more={rows.length > PAGE_SIZE} newest={newest} pollMs={pollMs} notice={notice} undo={undo} />),
    );
  });

  // GET /admin/feed?after=SEQ&filters - messages newer than the list's newest (204 if none)
  app.get('/admin/feed', (c) => {
    const filter = filterOf(c);
    const fresh = store.modList({ ...filter, before: undefined }, PAGE_SIZE);
    if (fresh.length === 0) return c.body(null, 204);
    const v = adminView(c, deps);
    return c.html(
      <>
        <ModPoller after={fresh[0]!.seq} filter={{ ...filter, after: undefined }} pollMs={pollMs} />
        <hx-partial hx-target="#rows" hx-swap="afterbegin strip:false">
          {fresh.map((m) => <ModRow m={m} v={v} />)}
        </hx-partial>
      </>,
    );
  });

  // POST /admin/m/:id/:action - one message
  app.post('/admin/m/:id/:action', async (c) => {
    const m = store.getMessage(c.req.param('id'));
    const v = adminView(c, deps);
    if (!m) return c.text(v.t('admin_not_found'), 404);
    const action = c.req.param('action');
    const form = (await readForm(c)) ?? NO_FORM;
    const field = (k: string) => form.get(`${k}-${m.id}`);
    // A refused action keeps the row on screen (htmx swaps 4xx too) and says why inside it.
    const refuse = (status: 404 | 422) =>
      isHtmx(c) ? c.html(<ModRow m={m} v={v} notice={v.t('admin_bad_input')} />, status) : c.text(v.t('admin_bad_input'), status);
    let updated = m;
    let notice: string | undefined;
    try {
      if (isMessageAction(action)) {
        updated = moderateMessage(store, actorOf(c, config), m, action);
      } else if (action === 'ban') {
        const duration = field('duration');
        // No scope field (an older page still open): every board, as bans always were.
        const scope = field('scope') || 'all';
        if (!isBanDuration(duration) || !isBanScope(scope) || !hasVisitorPoster(m)) return refuse(422);
        banPoster(store, actorOf(c, config), m, duration, normaliseName(field('reason')).slice(0, 200), now(), scope);
        notice = v.t('admin_banned_notice');
      } else if (action === 'purge') {
        const hours = Number(field('hours'));
        if (!Number.isInteger(hours) || hours < 1 || hours > 720 || !hasVisitorPoster(m)) return refuse(422);
        const found = store.posterMessagesSince(m.poster, now() - hours * 3_600_000);
        for (const x of found) store.setStatus(x.id, 'deleted');
        store.audit({ actor: actorOf(c, config), action: 'purge', board: m.board, poster: posterTag(m.poster), details: `${found.length} messages, last ${hours} h` });
        log.info('moderation', { action, poster: posterTag(m.poster), count: found.length });
        // Other rows changed too: always a full page, with an Undo for what was visible.
        return c.redirect(doneUrl(found.length, found.filter((x) => x.status === 'visible').map((x) => x.id)), 303);
      } else {
        return refuse(404);
      }
    } catch (err) {
      // Database locked, read-only or full: the row stays as it was, says so, and the moderator
      // can simply try again (no-JS and other answers: the app's 503 page).
      if (!databaseUnavailable(err) || !isHtmx(c)) throw err;
      c.header('Retry-After', String(RETRY_AFTER_S));
      return c.html(<ModRow m={m} v={v} notice={v.t('unavailable_text')} />, 503);
    }
    log.info('moderation', { action, id: m.id, board: m.board });
    if (!isHtmx(c)) return c.redirect(doneUrl(1, action === 'delete' && m.status === 'visible' ? [m.id] : []), 303);
    return c.html(<ModRow m={updated} v={v} undo={action === 'delete'} notice={notice} />);
  });

  // POST /admin/bulk - action=delete|restore on every checked id
  app.post('/admin/bulk', async (c) => {
    const form = (await readForm(c)) ?? NO_FORM;
    const action = form.get('action');
    if (action !== 'delete' && action !== 'restore') return c.text(adminView(c, deps).t('admin_bad_input'), 422);
    const ids = form.all('id').slice(0, 200);
    let count = 0;
    const undo: string[] = [];
    for (const id of ids) {
      const m = store.getMessage(id);
      if (!m) continue;
      moderateMessage(store, actorOf(c, config), m, action);
      if (action === 'delete' && m.status === 'visible') undo.push(m.id);
      count++;
    }
    return c.redirect(doneUrl(count, undo), 303);
  });

  // POST /admin/staff - a verified staff message (the staff flag is only ever set here)
  app.post('/admin/staff', async (c) => {
    const v = adminView(c, deps);
    const form = (await readForm(c)) ?? NO_FORM;
    const str = form.get;
    const board = store.getBoard(str('board'));
    if (!board) return c.text(v.t('admin_bad_input'), 404);
    const posted = postAsStaff(store, actorOf(c, config), board, { body: str('body'), name: str('name') }, v.t('staff_badge'));
    if ('refusal' in posted) return c.text(v.t('admin_staff_invalid', { count: board.maxLength }), 422);
    return c.redirect('/admin?done=1', 303);
  });

  app.route('/', adminBoardRoutes(deps));
  app.route('/', adminNotifyRoutes(deps));
  app.route('/', adminTokenRoutes(deps));
  app.route('/', adminReplyRoutes(deps));
  return app;
}
