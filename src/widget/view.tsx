/**
 * @module widget/view
 * What every widget page and answer is rendered for: the visitor's language and look (View),
 * and the page for a board that does not exist.
 */
import type { Context } from 'hono';
import type { Assets } from '../http/assets.ts';
import { documentHtml } from '../http/layout.tsx';
import { MessagePage } from '../http/pages.tsx';
import { sendHtml } from '../http/respond.ts';
import { isLang, pickLang, t } from '../i18n/i18n.ts';
import type { Board } from '../store/store.ts';
import { parseAccent, parseTheme } from './theme.ts';
import type { View } from './views.tsx';

/** A moderator counts as online for two minutes after their session's last activity. */
export const PRESENCE_MS = 2 * 60 * 1000;

/** The language and look, and the query string every widget URL carries forward. */
export function viewFor(c: Context, board: Board | undefined): View {
  const q = c.req.query('lang');
  const lang = pickLang(q, board?.lang, c.req.header('accept-language'));
  const theme = parseTheme(c.req.query('theme'));
  const accent = parseAccent(c.req.query('accent'));
  const accentFg = accent && parseAccent(c.req.query('accent_fg'));
  const params = new URLSearchParams();
  if (isLang(q)) params.set('lang', q);
  if (theme !== 'auto') params.set('theme', theme);
  if (accent) params.set('accent', accent);
  if (accentFg) params.set('accent_fg', accentFg);
  const query = params.size ? `?${params}` : '';
  return { lang, t: t(lang), query, langQuery: isLang(q) ? `?lang=${q}` : '', theme, accent, accentFg };
}


/** An unknown board, usually a typo in an embed tag: say so to the site owner, in the frame. */
export function missingBoardPage(assets: Assets) {
  return (c: Context, slug: string) => {
    const view = viewFor(c, undefined);
    const text = view.t('board_missing', { board: '{board}' }).split('{board}').map((part, i) => (i ? <><code>{slug.slice(0, 40)}</code>{part}</> : part));
    return sendHtml(c, documentHtml(<MessagePage lang={view.lang} assets={assets} title={view.t('not_found_title')} text={text} />), 404);
  };
}
