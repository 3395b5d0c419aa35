/**
 * @module views/admin-poster-actions
 * A message row's "Poster…" actions: ban the poster, or remove their recent messages. Each
 * action is a fieldset holding its own fields and its button, so the hours of a removal can't
 * be read as the length of a ban (they were side by side before), also on a phone.
 */
import type { Child } from 'hono/jsx';
import type { Translate } from '../i18n/i18n.ts';

type Props = { t: Translate; id: string; board: string; act: (action: string, label: string, cls?: string) => Child };

export function PosterActions({ t, id, board, act }: Props) {
  return (
    <details class="poster-actions">
      <summary>{t('admin_poster_actions')}</summary>
      <fieldset class="ban">
        <legend>{t('admin_ban_legend')}</legend>
        <p class="hint">{t('admin_ban_scope')}</p>
        <label>
          {t('admin_ban_for')}{' '}
          <select name={`duration-${id}`}>
            <option value="1h">{t('admin_ban_1h')}</option>
            <option value="24h">{t('admin_ban_24h')}</option>
            <option value="7d">{t('admin_ban_7d')}</option>
            <option value="forever">{t('admin_ban_forever')}</option>
          </select>
        </label>
        <label>
          {t('admin_ban_where')}{' '}
          <select name={`scope-${id}`}>
            <option value="all">{t('admin_ban_every_board')}</option>
            <option value="board">{t('admin_ban_this_board', { board })}</option>
          </select>
        </label>
        <label>
          {t('admin_ban_reason')} <input name={`reason-${id}`} maxlength={200} />
        </label>
        {act('ban', t('admin_ban'), 'danger')}
      </fieldset>
      <fieldset class="purge">
        <legend>{t('admin_purge_legend')}</legend>
        <label>
          {t('admin_purge_hours')} <input name={`hours-${id}`} type="number" min={1} max={720} value="24" />
        </label>
        {/* Not htmx: a purge changes other rows too, so the whole list is reloaded. */}
        <button type="submit" class="danger" formaction={`/admin/m/${id}/purge`}>{t('admin_purge')}</button>
      </fieldset>
    </details>
  );
}
