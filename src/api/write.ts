/**
 * @module api/write
 * The API routes that need a token, each with its scope (api/auth.ts). They run the admin's
 * own code paths (posting/staff.ts, store/moderate.ts, store/transcript.ts), so the audit log,
 * the board's rev (widgets see the change at their next poll) and the text rules are the same:
 *   POST /api/v1/boards/:board/messages   post     a staff message {body, name?}
 *   POST /api/v1/messages/:id/ban         moderate ban the message's poster {duration, reason?, scope?: all | board}
 *   POST /api/v1/messages/:id/:action     moderate delete | restore | approve | pin | unpin
 *   GET  /api/v1/boards/:board/export     export   the JSON transcript (?from=&to= days, UTC)
 */
import { Hono, type Context } from 'hono';
import { t } from '../i18n/i18n.ts';
import { postAsStaff, type StaffStore } from '../posting/staff.ts';
import { normaliseName } from '../posting/text.ts';
import { banPoster, hasVisitorPoster, isBanDuration, isBanScope, isMessageAction, moderateMessage, type ModerationStore } from '../store/moderate.ts';
import type { Message, Store } from '../store/store.ts';
import { parseDay, toJson } from '../store/transcript.ts';
import { DAY_MS } from '../time.ts';
import { createTokenLimiter, requireScope, tokenActor, type TokenEnv } from './auth.ts';
import { apiFail, apiLang, apiRefusal } from './errors.ts';
import { messageJson } from './present.ts';

type Json = Record<string, unknown>;
/** The request's JSON object, or null (no body, not JSON, not an object). */
async function readJson(c: Context): Promise<Json | null> {
  const v: unknown = await c.req.json().catch(() => null);
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null;
}
/** A string field; undefined when present but not a string. */
const text = (o: Json, k: string): string | undefined => (o[k] === undefined ? '' : typeof o[k] === 'string' ? o[k] : undefined);

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export type WriteStore = Pick<Store, 'findToken' | 'tokenUsed' | 'getBoard' | 'exportRange'> & ModerationStore & StaffStore;

export function apiWriteRoutes({ store, now }: { store: WriteStore; now: () => number }) {
  const app = new Hono<TokenEnv>();
  // One bucket per token, whatever the scope it is used for.
  const limiter = createTokenLimiter(now);
  const post = requireScope(store, 'post', limiter);
  const moderate = requireScope(store, 'moderate', limiter);
  const exporter = requireScope(store, 'export', limiter);

  app.post('/api/v1/boards/:board/messages', post, async (c) => {
    const board = store.getBoard(c.req.param('board'));
    if (!board) return apiFail(c, 404, 'board_not_found', 'not_found');
    const json = await readJson(c);
    const [body, name] = json ? [text(json, 'body'), text(json, 'name')] : [];
    if (body === undefined || name === undefined) return apiFail(c, 400, 'bad_body', 'api_bad_body');
    const posted = postAsStaff(store, tokenActor(c), board, { body, name }, t(apiLang(c))('staff_badge'));
    if ('refusal' in posted) return apiRefusal(c, posted.refusal);
    return c.json({ message: messageJson(posted.message) }, 201);
  });

  /** POST /api/v1/messages/:id/ban: a ban of the message's poster. */
  const ban = async (c: Context<TokenEnv>, m: Message) => {
    const json = await readJson(c);
    const [duration, reason, given] = json ? [text(json, 'duration'), text(json, 'reason'), text(json, 'scope')] : [];
    if (duration === undefined || reason === undefined || given === undefined) return apiFail(c, 400, 'bad_body', 'api_bad_body');
    const scope = given || 'all';
    // A staff message has no visitor behind it to ban.
    if (!isBanDuration(duration) || !isBanScope(scope) || !hasVisitorPoster(m)) return apiFail(c, 422, 'bad_parameter', 'admin_bad_input');
    const until = banPoster(store, tokenActor(c), m, duration, normaliseName(reason).slice(0, 200), now(), scope);
    return c.json({ ban: { board: m.board, message: m.id, duration, scope, expiresAt: until === null ? null : new Date(until).toISOString() } });
  };

  // One route for ban and the moderation actions: a static `ban` beside a param after `:id` is a
  // shape Hono's RegExpRouter refuses, and one such route put the whole app on its TrieRouter,
  // whose per-request match objects outlive their request (test/http/router.test.ts).
  app.post('/api/v1/messages/:id/:action', moderate, async (c) => {
    const action = c.req.param('action');
    if (action !== 'ban' && !isMessageAction(action)) return apiFail(c, 404, 'not_found', 'api_no_route');
    const m = store.getMessage(c.req.param('id'));
    if (!m) return apiFail(c, 404, 'message_not_found', 'admin_not_found');
    if (action === 'ban') return ban(c, m);
    return c.json({ message: messageJson(moderateMessage(store, tokenActor(c), m, action)) });
  });

  // Days in UTC, both included, as in the admin's download; without them, everything so far.
  app.get('/api/v1/boards/:board/export', exporter, (c) => {
    const board = store.getBoard(c.req.param('board'));
    if (!board) return apiFail(c, 404, 'board_not_found', 'not_found');
    const [fromDay = '1970-01-01', toDay = isoDay(now())] = [c.req.query('from'), c.req.query('to')];
    const [from, to] = [parseDay(fromDay), parseDay(toDay)];
    if (from === null || to === null || to < from) return apiFail(c, 400, 'bad_parameter', 'admin_export_invalid');
    const messages = store.exportRange(board.slug, from, to + DAY_MS);
    store.audit({ actor: tokenActor(c), action: 'export', board: board.slug, details: `json ${fromDay}..${toDay}, ${messages.length} messages` });
    return c.body(toJson(board.slug, from, to + DAY_MS, messages), 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });

  return app;
}
