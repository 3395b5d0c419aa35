/**
 * @module views/admin-boards
 * Admin pages besides the message list: boards and their settings, export form and the
 * printable transcript (bans and the audit log: audit-views.tsx).
 */
import { formatTime, isoTime, langName, LANGS } from '../i18n/i18n.ts';
import { SLUG_PATTERN, type Board, type Message } from '../store/store.ts';
import { MessageBody } from '../posting/message-body.tsx';
import { Layout } from '../http/layout.tsx';
import { BoardSnippets, OriginWarning } from '../http/pages.tsx';
import { AdminLayout, type AdminView } from './views.tsx';
import { FLOOD_PRESETS, type FloodPreset } from '../posting/spam.ts';

/** A refused form: the field at fault (its `name`) and the sentence to show under it. */
export type FieldError = { field: string; text: string };

type FieldProps = { id: string; label: string; name: string; error?: FieldError } & Record<string, unknown>;

/**
 * A labelled input. When the error is about this field, the sentence sits right under it, is
 * tied to it (aria-describedby, aria-invalid) and the field takes the focus.
 */
function Field({ id, label, name, error, ...input }: FieldProps) {
  const bad = error?.field === name;
  return (
    <>
      <label for={id}>{label}</label>
      <input id={id} name={name} {...input} aria-invalid={bad ? 'true' : undefined} aria-describedby={bad ? `${id}-error` : undefined} autofocus={bad || undefined} />
      {bad && <p id={`${id}-error`} class="error" role="alert">{error.text}</p>}
    </>
  );
}

/** What the create form shows again after a refusal: the values as typed. */
export type NewBoardForm = { slug: string; title: string };

export function BoardsPage({ v, boards, form = { slug: '', title: '' }, error }: { v: AdminView; boards: Board[]; form?: NewBoardForm; error?: FieldError }) {
  return (
    <AdminLayout v={v} title={v.t('admin_boards')}>
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
        <Field id="b-slug" name="slug" label={v.t('admin_board_slug')} error={error} value={form.slug} required pattern={SLUG_PATTERN} maxlength={32} autocomplete="off" />
        <Field id="b-title" name="title" label={v.t('admin_board_title')} error={error} value={form.title} required maxlength={80} />
        <div class="actions">
          <button type="submit">{v.t('admin_board_create')}</button>
        </div>
      </form>
    </AdminLayout>
  );
}

/** The settings form's values as strings: the board's, or what the moderator typed (kept on an error). */
export type SettingsForm = {
  title: string; maxLength: string; slowMode: string; editWindow: string; pollInterval: string; lang: string; words: string; wordsAction: string; newestAt: string;
  /** '' (FLOOD_POSTS), a preset's name, or a number set outside the page. */
  flood: string;
  premoderate: boolean; linksAllowed: boolean; presence: boolean; closed: boolean;
};

export const settingsOf = (b: Board): SettingsForm => ({
  title: b.title, maxLength: String(b.maxLength), slowMode: String(b.slowMode), editWindow: String(b.editWindow), pollInterval: b.pollInterval === null ? '' : String(b.pollInterval),
  lang: b.lang ?? '', words: b.words, wordsAction: b.wordsAction, newestAt: b.newestAt, flood: floodChoice(b.floodPosts), premoderate: b.premoderate, linksAllowed: b.linksAllowed, presence: b.presence, closed: b.closed,
});

/** The select's value for a stored threshold: its preset's name, '' for the instance's, else the number. */
const floodChoice = (n: number | null): string =>
  n === null ? '' : (Object.keys(FLOOD_PRESETS) as FloodPreset[]).find((k) => FLOOD_PRESETS[k] === n) ?? String(n);

/** The flood guard's presets (spam.ts), each with its number: the moderator sees what they choose. */
function FloodSelect({ v, value, instance, error }: { v: AdminView; value: string; instance: number; error?: FieldError }) {
  const posts = (n: number) => (n === 0 ? v.t('admin_flood_off') : v.t('admin_flood_posts', { count: n }));
  const custom = /^\d+$/.test(value);
  const bad = error?.field === 'flood';
  return (
    <>
      <label for="s-flood">{v.t('admin_flood')}</label>
      <select id="s-flood" name="flood" aria-invalid={bad ? 'true' : undefined} aria-describedby={bad ? 's-flood-error' : undefined} autofocus={bad || undefined}>
        <option value="" selected={value === ''}>{v.t('admin_flood_default', { posts: posts(instance) })}</option>
        {(Object.keys(FLOOD_PRESETS) as FloodPreset[]).map((k) => (
          <option value={k} selected={value === k}>{v.t(`admin_flood_${k}`, { posts: posts(FLOOD_PRESETS[k]) })}</option>
        ))}
        {custom && <option value={value} selected>{v.t('admin_flood_custom', { posts: posts(Number(value)) })}</option>}
      </select>
      {bad && <p id="s-flood-error" class="error" role="alert">{error.text}</p>}
    </>
  );
}

type SettingsProps = {
  v: AdminView; board: Board; form?: SettingsForm; error?: FieldError; saved?: boolean;
  /** The instance's FLOOD_POSTS, named beside the "default" choice. */
  floodDefault: number;
  /** Just created: say so and show the embed snippets, on this origin (`guessed`: PUBLIC_URL unset). */
  created?: { origin: string; guessed: boolean };
};

export function BoardSettingsPage({ v, board, form = settingsOf(board), error, saved, created, floodDefault }: SettingsProps) {
  const check = (name: 'premoderate' | 'linksAllowed' | 'presence' | 'closed', label: string) => (
    <label class="check">
      <input type="checkbox" name={name} value="1" checked={form[name]} /> {label}
    </label>
  );
  return (
    <AdminLayout v={v} title={`${v.t('admin_settings')}: ${board.title}`} extraScripts={created ? [v.assets.urls.copy] : []}>
      {saved && <p class="notice-line" role="status">{v.t('admin_saved')}</p>}
      {created && (
        <section class="created">
          <p class="notice-line" role="status">{v.t('admin_board_created', { board: board.slug })}</p>
          {created.guessed && <OriginWarning t={v.t} origin={created.origin} />}
          <BoardSnippets t={v.t} origin={created.origin} board={board.slug} />
          <p id="copy-status" class="sr-only" role="status"></p>
          <h2>{v.t('admin_settings')}</h2>
        </section>
      )}
      <form method="post" action={`/admin/boards/${board.slug}`} class="post settings">
        <Field id="s-title" name="title" label={v.t('admin_board_title')} error={error} required maxlength={80} value={form.title} />
        <Field id="s-max" name="maxLength" label={v.t('admin_max_length')} error={error} type="number" min={1} max={2000} value={form.maxLength} />
        <Field id="s-slow" name="slowMode" label={v.t('admin_slow_mode')} error={error} type="number" min={0} max={86400} value={form.slowMode} />
        <FloodSelect v={v} value={form.flood} instance={floodDefault} error={error} />
        <Field id="s-edit" name="editWindow" label={v.t('admin_edit_window')} error={error} type="number" min={0} max={60} value={form.editWindow} />
        <Field id="s-poll" name="pollInterval" label={v.t('admin_poll_interval')} error={error} type="number" min={1} max={600} value={form.pollInterval} />
        <label for="s-lang">{v.t('admin_default_lang')}</label>
        <select id="s-lang" name="lang">
          <option value="">{v.t('admin_lang_auto')}</option>
          {LANGS.map((l) => <option value={l} selected={form.lang === l}>{langName(l)}</option>)}
        </select>
        <label for="s-newest">{v.t('admin_newest_at')}</label>
        <select id="s-newest" name="newestAt">
          <option value="top" selected={form.newestAt !== 'bottom'}>{v.t('admin_newest_top')}</option>
          <option value="bottom" selected={form.newestAt === 'bottom'}>{v.t('admin_newest_bottom')}</option>
        </select>
        {check('premoderate', v.t('admin_premoderate'))}
        {check('linksAllowed', v.t('admin_links_allowed'))}
        {check('presence', v.t('admin_presence'))}
        {check('closed', v.t('admin_closed'))}
        <label for="s-words">{v.t('admin_words')}</label>
        <textarea id="s-words" name="words" rows={4} aria-describedby="s-words-hint">{form.words}</textarea>
        <p id="s-words-hint" class="notice-line">{v.t('admin_words_hint')}</p>
        <label for="s-action">{v.t('admin_words_action')}</label>
        <select id="s-action" name="wordsAction">
          <option value="block" selected={form.wordsAction === 'block'}>{v.t('admin_words_block')}</option>
          <option value="hold" selected={form.wordsAction === 'hold'}>{v.t('admin_words_hold')}</option>
        </select>
        <div class="actions">
          <button type="submit">{v.t('admin_save')}</button>
        </div>
      </form>
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
                <time datetime={isoTime(m.createdAt)}>{new Date(m.createdAt).toISOString().replace('T', ' ').slice(0, 16)} UTC</time>
              </div>
              <MessageBody body={m.body} />
            </li>
          ))}
        </ol>
      </main>
    </Layout>
  );
}
