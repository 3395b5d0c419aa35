/**
 * @module widget/emoji
 * The emoji picker's buttons: the common set, each labelled in the visitor's language (one
 * dictionary entry, `emoji_names`, names separated by |). Fetched by widget.js on first use from
 * GET /emoji/:lang, so visitors who never open it don't download it. Six to a row: widget.js
 * moves with the arrow keys by that count.
 */
import type { Translate } from '../i18n/i18n.ts';

export const EMOJI = ['😀', '😂', '😊', '😍', '😉', '😎', '🤔', '😮', '😢', '😡', '👍', '👎', '👏', '🙏', '👋', '💪', '❤️', '🔥', '🎉', '✨', '⭐', '✅', '❓', '☕'];

export function EmojiButtons({ t }: { t: Translate }) {
  const names = t('emoji_names').split('|');
  return (
    <div class="emoji-grid" role="group" aria-label={t('emoji_open')}>
      {EMOJI.map((e, i) => (
        <button type="button" class="emoji" tabindex={i === 0 ? 0 : -1} data-emoji={e} aria-label={names[i] ?? e} title={names[i] ?? e}>
          {e}
        </button>
      ))}
    </div>
  );
}
