/**
 * @module refusals
 * Why a post was refused, as a status code and a sentence in the visitor's language: the text
 * problems of text.ts and the board rules of post-rules.ts. (The spam checks of spam-rules.ts
 * word their own refusals.)
 */
import { formatDuration, type Lang, type Translate } from '../i18n/i18n.ts';
import type { RuleProblem } from './post-rules.ts';
import type { TextProblem } from './text.ts';

export function problemText(tr: Translate, p: TextProblem): string {
  switch (p.code) {
    case 'empty': return tr('err_empty');
    case 'too_long': return tr('err_too_long', { max: p.max, length: p.length });
    case 'name_too_long': return tr('err_name_too_long', { max: p.max });
    case 'name_reserved': return tr('err_name_reserved');
  }
}

/**
 * A moderation rule's refusal: status code and the sentence for the visitor. A ban says how long
 * is left ("in 58 minutes"), never a clock time: the server's zone is not the visitor's.
 */
export function ruleRefusal(tr: Translate, p: RuleProblem, lang: Lang, now: number): { status: 403 | 422 | 429; text: string } {
  switch (p.code) {
    case 'banned': {
      const head = p.until === null ? tr('err_banned_forever') : tr('err_banned', { left: formatDuration(p.until - now, lang) });
      return { status: 403, text: p.reason ? `${head} ${tr('err_banned_reason', { reason: p.reason })}` : head };
    }
    case 'slow': return { status: 429, text: tr('err_slow', { seconds: Math.max(1, Math.ceil(p.retryAfterMs / 1000)) }) };
    case 'links': return { status: 422, text: tr('err_links') };
    case 'word': return { status: 422, text: tr('err_word') };
  }
}
