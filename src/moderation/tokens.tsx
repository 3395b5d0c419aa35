/**
 * @module routes/admin-tokens
 * API tokens (mounted by routes.tsx, behind the same guard; the API itself is api/):
 *   GET  /admin/tokens              the tokens, and the form to make one
 *   POST /admin/tokens              make one: its secret is in this answer only
 *   POST /admin/tokens/:id/revoke   revoke at once
 * The answer that shows a new token is no-store like every admin page (guard.ts).
 */
import { Hono, type Context } from 'hono';
import { documentHtml } from '../http/layout.tsx';
import { NO_FORM, readForm } from '../http/request.ts';
import { formatTime } from '../i18n/i18n.ts';
import { isScope, SCOPES, TOKEN_NAME_PATTERN, TOKEN_NAME_RE, type ApiToken } from '../store/store.ts';
import { actorOf } from './guard.ts';
import { AdminLayout, adminView, type AdminView, type ModerationDeps } from './views.tsx';

type Created = { name: string; token: string };

function TokensPage({ v, tokens, created, error, name = '' }: { v: AdminView; tokens: ApiToken[]; created?: Created; error?: string; name?: string }) {
  return (
    <AdminLayout v={v} title={v.t('tokens_title')}>
      <p>{v.t('tokens_intro')} <a href="/api">{v.t('tokens_docs')}</a></p>
      {created && (
        <div class="notice-line" role="status">
          <p>{v.t('tokens_created', { name: created.name })}</p>
          <input id="new-token" class="token" readonly value={created.token} aria-label={created.name} />
        </div>
      )}
      {tokens.length === 0 && <p>{v.t('tokens_none')}</p>}
      <ul class="rows">
        {tokens.map((k) => (
          <li class="mod-row">
            <strong>{k.name}</strong> <code>{k.scopes.join(', ')}</code> · {v.t('tokens_made', { time: formatTime(k.createdAt, v.lang) })}
            {' · '}{k.lastUsedAt === null ? v.t('tokens_never_used') : v.t('tokens_used', { time: formatTime(k.lastUsedAt, v.lang) })}
            {k.revokedAt !== null ? (
              <span> · {v.t('tokens_revoked', { time: formatTime(k.revokedAt, v.lang) })}</span>
            ) : (
              <form method="post" action={`/admin/tokens/${k.id}/revoke`} class="inline">
                <button type="submit">{v.t('tokens_revoke')}</button>
              </form>
            )}
          </li>
        ))}
      </ul>
      <h2>{v.t('tokens_create')}</h2>
      {error && <p class="error" role="alert">{error}</p>}
      <form method="post" action="/admin/tokens" class="post">
        <label for="t-name">{v.t('tokens_name')}</label>
        <input id="t-name" name="name" required maxlength={40} pattern={TOKEN_NAME_PATTERN} value={name} />
        <fieldset>
          <legend>{v.t('tokens_scopes')}</legend>
          {SCOPES.map((s) => (
            <label class="check">
              <input type="checkbox" name="scope" value={s} /> {v.t(`tokens_scope_${s}`)}
            </label>
          ))}
        </fieldset>
        <div class="actions">
          <button type="submit">{v.t('tokens_create')}</button>
        </div>
      </form>
    </AdminLayout>
  );
}

export function adminTokenRoutes(deps: ModerationDeps) {
  const { store, config } = deps;
  const app = new Hono();
  const page = (c: Context, extra: { created?: Created; error?: string; name?: string } = {}, status: 200 | 201 | 422 = 200) =>
    c.html(documentHtml(<TokensPage v={adminView(c, deps)} tokens={store.listTokens()} {...extra} />), status);

  app.get('/admin/tokens', (c) => page(c));

  app.post('/admin/tokens', async (c) => {
    const form = (await readForm(c)) ?? NO_FORM;
    const name = form.get('name').trim().toLowerCase();
    const scopes = [...new Set(form.all('scope'))].filter(isScope);
    const v = adminView(c, deps);
    if (!TOKEN_NAME_RE.test(name)) return page(c, { error: v.t('tokens_bad_name'), name }, 422);
    if (scopes.length === 0) return page(c, { error: v.t('tokens_no_scope'), name }, 422);
    const made = store.createToken(name, scopes);
    if (!made) return page(c, { error: v.t('tokens_name_taken'), name }, 422);
    store.audit({ actor: actorOf(c, config), action: 'token_create', details: `${name}: ${scopes.join(', ')}` });
    return page(c, { created: { name, token: made.token } }, 201);
  });

  app.post('/admin/tokens/:id/revoke', (c) => {
    const id = Number(c.req.param('id'));
    const name = store.revokeToken(id);
    if (name) store.audit({ actor: actorOf(c, config), action: 'token_revoke', details: name });
    return c.redirect('/admin/tokens', 303);
  });

  return app;
}
