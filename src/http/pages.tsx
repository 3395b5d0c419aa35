/** @module views/pages - the instance's own pages: landing, not found, error. */
import type { Child } from 'hono/jsx';
import type { Assets } from './assets.ts';
import type { Lang, Translate } from '../i18n/i18n.ts';
import { Layout } from './layout.tsx';

/** The box's height in every snippet we hand out (and embed.js's default): the messages scroll inside. */
export const BOX_HEIGHT = 480;

export function iframeSnippet(origin: string, board: string, title: string): string {
  return `<iframe src="${origin}/b/${board}" title="${title}" style="width:100%;height:${BOX_HEIGHT}px;border:0" loading="lazy"></iframe>`;
}

/**
 * The script include, with its theme spelled out (`page`, embed.js's default: the box takes the
 * light or dark look of the page around it; light, dark and auto are the other choices, named in
 * the help) and a plain frame for visitors without JavaScript, who would otherwise see nothing.
 */
export const scriptSnippet = (origin: string, board: string, title = 'Shoutbox'): string =>
  `<script src="${origin}/embed.js" data-board="${board}" data-height="${BOX_HEIGHT}" data-theme="page" async></script>\n` +
  `<noscript>${iframeSnippet(origin, board, title)}</noscript>`;

export const fragmentUrl = (origin: string, board: string): string => `${origin}/b/${board}/fragment`;

type PageProps = { lang: Lang; t: Translate; assets: Assets };

/** One snippet with its label, help and a copy button (shown by copy.js; without JS, select and copy). */
function Snippet({ id, label, help, code, t }: { id: string; label: string; help: string; code: string; t: Translate }) {
  return (
    <div class="snippet-box">
      <div class="snippet-head">
        <label for={id}>{label}</label>
        <button type="button" class="copy" data-copy={id} data-done={t('copied')} data-fail={t('copy_failed')} hidden>
          {t('copy')}
        </button>
      </div>
      <p id={`${id}-help`} class="help">{help}</p>
      {/* Code reads left to right on an Arabic page too (dir=ltr), or its brackets come out mirrored. */}
      <textarea id={id} class="snippet" dir="ltr" readonly rows={3} aria-describedby={`${id}-help`}>
        {code}
      </textarea>
    </div>
  );
}

/**
 * The three ways to embed one board, each with a copy button. The landing page lists them for
 * every board; the admin shows them after creating a board. Needs copy.js and a
 * `#copy-status` live region on the page for the buttons.
 */
export function BoardSnippets({ t, origin, board: b }: { t: Translate; origin: string; board: string }) {
  return (
    <section class="board-snippets" aria-labelledby={`board-${b}`}>
      <h3 id={`board-${b}`}>{t('landing_boards', { board: b })}</h3>
      <Snippet id={`snippet-${b}-script`} label={t('embed_script')} help={`${t('embed_script_help')} ${t('embed_theme_help')}`} code={scriptSnippet(origin, b, t('widget_frame_title'))} t={t} />
      <Snippet id={`snippet-${b}-iframe`} label={t('embed_iframe')} help={t('embed_iframe_help')} code={iframeSnippet(origin, b, t('widget_frame_title'))} t={t} />
      <Snippet id={`snippet-${b}-fragment`} label={t('embed_fragment')} help={t('embed_fragment_help')} code={fragmentUrl(origin, b)} t={t} />
    </section>
  );
}

/** Shown above snippets when PUBLIC_URL is unset: `origin` is only the address this browser typed. */
export const OriginWarning = ({ t, origin }: { t: Translate; origin: string }) => (
  <p class="notice-line">{t('landing_origin_warning', { origin: '{origin}' }).split('{origin}').map((part, i) => (i ? <><code>{origin}</code>{part}</> : part))}</p>
);

/** `guessed`: PUBLIC_URL is unset, so `origin` is whatever address this browser typed. */
export function LandingPage({ lang, t, assets, origin, guessed, board, boards }: PageProps & { origin: string; guessed: boolean; board: string; boards: string[] }) {
  return (
    <Layout lang={lang} title={t('landing_title')} assets={assets} scripts={false} bodyClass="page" extraScripts={[assets.urls.copy]}>
      <main class="landing">
        <h1>{t('landing_title')}</h1>
        <p>{t('landing_intro', { board })}</p>
        {/* The demo is embedded as a host page would, with the script include (defer, not async:
            hono/jsx hoists async scripts into <head>, and embed.js inserts its frame where it stands). */}
        <div class="demo-box">
          <script src="/embed.js" data-board={board} data-lang={lang} data-height={String(BOX_HEIGHT)} defer></script>
          <noscript>
            <iframe class="demo" src={`/b/${board}?lang=${lang}`} title={t('widget_frame_title')} loading="lazy"></iframe>
          </noscript>
        </div>
        <p>
          <a href="/admin">{t('landing_admin')}</a>
        </p>
        <h2>{t('landing_embed')}</h2>
        {guessed && <OriginWarning t={t} origin={origin} />}
        {boards.map((b) => <BoardSnippets t={t} origin={origin} board={b} />)}
        <p id="copy-status" class="sr-only" role="status"></p>
      </main>
    </Layout>
  );
}

export function MessagePage({ lang, assets, title, text }: { lang: Lang; assets: Assets; title: string; text: Child }) {
  return (
    <Layout lang={lang} title={title} assets={assets} scripts={false} bodyClass="page">
      <main class="notice">
        <h1>{title}</h1>
        <p>{text}</p>
      </main>
    </Layout>
  );
}
