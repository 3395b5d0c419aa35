/**
 * @module widget/own
 * Permalinks and the author's own messages:
 *   GET  /b/:board/m/:id         the message in its conversation (archive page, highlighted; no JS needed)
 *   GET  /b/:board/m/:id/edit    the author's edit form, with the stored text
 *   POST /b/:board/m/:id/edit    the author's new text (through the posting rules)
 *   POST /b/:board/m/:id/delete  the author deletes it
 * The author proves ownership with the secret their device got when posting (ownership.ts),
 * within the board's edit window. Changes bump the board rev: open widgets get them at their
 * next poll, like any other change. Each change is written to the audit log with the old text.
 */
import { Hono, type Context } from 'hono';
import type { Assets } from '../http/assets.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { sendHtml } from '../http/respond.ts';
import { withBoard, type BoardEnv } from '../http/board.ts';
import { readForm } from '../http/request.ts';
import { posterTag } from '../store/moderate.ts';
import { documentHtml } from '../http/layout.tsx';
import { MessagePage } from '../http/pages.tsx';
import type { Board, Message as MessageRow, Store } from '../store/store.ts';
import type { Posting } from '../posting/pipeline.ts';
import { refusalText } from '../posting/refusal.ts';
import { PermalinkPage, widgetDocument } from './archive.tsx';
import { isMessageId, SECRET_HEADER, secretMatches } from './ownership.ts';
import { viewFor } from './view.tsx';
import { Message, type View } from './views.tsx';

/**
 * What an author did to their own message: the one place other features (notifications) hook
 * into. Called after the change is committed; `previous` is the text before an edit.
 */
export type OwnChange = { kind: 'edit'; message: MessageRow; previous: string } | { kind: 'delete'; message: MessageRow };

export type OwnDeps = {
  config: Config; store: Store; now: () => number; log: Logger; assets: Assets; posting: Posting;
  onOwnChange?: (change: OwnChange) => void;
};

/** Neighbours shown around a permalinked message: newer above it, older below. */
const NEWER = 10;
const OLDER = 15;

export function ownRoutes(deps: OwnDeps) {
  const { store, assets, log } = deps;
  const app = new Hono<BoardEnv>();
  app.use('/b/:board/*', withBoard(store));

  /** The board and message of the URL, when a visitor may see the message; else undefined. */
  const lookup = (c: Context<BoardEnv>): { board: Board; m: MessageRow } | undefined => {
    const board = c.get('board');
    const id = c.req.param('id') ?? '';
    const m = isMessageId(id) ? store.getMessage(id) : undefined;
    // Held and deleted messages are as absent here as in the widget.
    return m && m.board === board.slug && m.status === 'visible' ? { board, m } : undefined;
  };

  // GET /b/:board/m/:id - the permalink
  app.get('/b/:board/m/:id', (c) => {
    const found = lookup(c);
    if (!found) {
      // In the board's language when there is a board, like every widget page.
      const view = viewFor(c, c.get('board'));
      const page = MessagePage({ lang: view.lang, assets, title: view.t('not_found_title'), text: view.t('message_not_found') });
      return sendHtml(c, documentHtml(page), 404);
    }
    const { board, m } = found;
    const view = viewFor(c, board);
    const { messages, more, hasNewer } = store.around(board.slug, m.seq, NEWER, OLDER);
    c.header('Cache-Control', 'public, max-age=10');
    return sendHtml(c, widgetDocument(assets, board, view, <PermalinkPage board={board} target={m} messages={messages} more={more} hasNewer={hasNewer} view={view} />));
  });

  /**
   * Whether the request may change this message: it exists and is shown, the secret matches,
   * and the edit window is open. Answers the refusal (in the tools' place) when not.
   */
  const authorise = (c: Context<BoardEnv>): { board: Board; m: MessageRow; view: View } | Response => {
    const found = lookup(c);
    const view = viewFor(c, found?.board);
    const id = c.req.param('id') ?? '';
    c.header('Cache-Control', 'no-store');
    if (!found) return refusal(c, id, 404, view.t('err_edit_gone'));
    const { board, m } = found;
    if (!secretMatches(store.ownerHash(m.id), c.req.header(SECRET_HEADER))) return refusal(c, id, 403, view.t('err_edit_denied'));
    if (deps.now() - m.createdAt > board.editWindow * 60_000) {
      return refusal(c, id, 403, view.t('err_edit_expired', { minutes: board.editWindow }));
    }
    return { board, m, view };
  };

  // GET /b/:board/m/:id/edit - the edit form, in place of the Edit/Delete buttons
  app.get('/b/:board/m/:id/edit', (c) => {
    const ok = authorise(c);
    if (ok instanceof Response) return ok;
    return sendHtml(c, String(<EditForm board={ok.board.slug} id={ok.m.id} view={ok.view} body={ok.m.body} />));
  });

  // POST /b/:board/m/:id/edit - save the new text
  app.post('/b/:board/m/:id/edit', async (c) => {
    const form = await readForm(c);
    const typed = form?.get('body') ?? '';
    const ok = authorise(c);
    if (ok instanceof Response) return ok;
    const { board, m, view } = ok;
    const again = (status: number, error: string) =>
      sendHtml(c, String(<EditForm board={board.slug} id={m.id} view={view} body={typed} error={error} />), status);
    if (!form) return again(422, view.t('err_bad_form'));
    const verdict = deps.posting.checkEdit({ board, poster: m.poster, author: m.author, body: typed });
    if ('refusal' in verdict) return again(verdict.refusal.status, refusalText(view.t, view.lang, verdict.refusal));
    const { body, held } = verdict;
    const edited = body === m.body && !held ? m : store.editText(m.id, body, held ? 'held' : 'visible')!;
    if (edited !== m) {
      store.audit({ actor: 'author', action: 'own_edit', board: board.slug, message: m.id, poster: posterTag(m.poster), details: m.body });
      log.info('message edited by its author', { board: board.slug, id: m.id, held });
      deps.onOwnChange?.({ kind: 'edit', message: edited, previous: m.body });
    }
    // Held: the message leaves every list (the next poll removes it here too); say why.
    if (held) return sendHtml(c, String(<OwnNotice id={m.id} text={view.t('edit_held')} />));
    return sendHtml(c, String(
      <hx-partial hx-target={`#m-${m.id}`} hx-swap="outerHTML">
        <Message m={edited} view={view} />
      </hx-partial>,
    ));
  });

  // POST /b/:board/m/:id/delete - the author deletes their message
  app.post('/b/:board/m/:id/delete', (c) => {
    const ok = authorise(c);
    if (ok instanceof Response) return ok;
    const { board, m } = ok;
    store.deleteOwn(m.id);
    store.audit({ actor: 'author', action: 'own_delete', board: board.slug, message: m.id, poster: posterTag(m.poster), details: m.body });
    log.info('message deleted by its author', { board: board.slug, id: m.id });
    deps.onOwnChange?.({ kind: 'delete', message: { ...m, status: 'deleted' } });
    return sendHtml(c, String(<hx-partial hx-target={`#m-${m.id}`} hx-swap="delete"></hx-partial>));
  });

  return app;
}

/** A refusal where the author's buttons were: the reason, in the visitor's language. */
function refusal(c: Context, id: string, status: number, text: string): Response {
  return sendHtml(c, String(<div class="own" data-own={isMessageId(id) ? id : ''}><p class="error" role="alert">{text}</p></div>), status);
}

/** Replaces the edited message after its text went to the moderators. */
function OwnNotice({ id, text }: { id: string; text: string }) {
  return (
    <hx-partial hx-target={`#m-${id}`} hx-swap="outerHTML">
      <li id={`m-${id}`} class="msg own-held"><p class="notice" role="status">{text}</p></li>
    </hx-partial>
  );
}

/** The edit form, in the message's place of its buttons; refusals come back in it, text kept. */
function EditForm({ board, id, view, body, error }: { board: string; id: string; view: View; body: string; error?: string }) {
  const action = `/b/${board}/m/${id}/edit${view.langQuery ?? view.query}`;
  return (
    <form class="own own-form" data-own={id} method="post" action={action} hx-post={action} hx-target="this" hx-swap="outerHTML">
      {error && <p class="error" role="alert">{error}</p>}
      <label for={`e-${id}`}>{view.t('edit_label')}</label>
      <textarea id={`e-${id}`} name="body" required rows={2} autofocus>{body}</textarea>
      <div class="actions">
        <button type="submit">{view.t('save')}</button>
        <button type="button" class="own-cancel">{view.t('cancel')}</button>
      </div>
    </form>
  );
}
