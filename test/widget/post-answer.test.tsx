/**
 * The answer to an accepted htmx post is made from cached parts (the form's markup per board and
 * view, only the token and the kept name spliced in): it must be byte for byte what rendering
 * the form whole gives, for any name, and never a stale board's or another language's form.
 */
import { describe, expect, it } from 'vitest';
import { t as translate } from '../../src/i18n/i18n.ts';
import { keptNameForm, PostForm } from '../../src/widget/post-form.tsx';
import { makeTestApp } from '../support/app.ts';

const formOf = (html: string) => html.slice(0, html.indexOf('</form>') + '</form>'.length);
const tokenOf = (html: string) => /name="token" value="([^"]+)"/.exec(html)![1]!;

describe('the post answer from cached parts', () => {
  it('is byte for byte the rendered form, for names that need escaping, in every view', () => {
    const { store } = makeTestApp();
    const board = store.getBoard('main')!;
    const names = ['', 'Ann', `<b>"Bob" & 'Eve'</b>`, 'Zoë 🙂', '{name}', 'h-name-standin'];
    for (const view of [{ lang: 'en' as const, t: translate('en'), query: '' }, { lang: 'de' as const, t: translate('de'), query: '?lang=de&theme=dark' }]) {
      for (const name of names) {
        const whole = String(<PostForm board={board} view={view} token="abc.def.f.ghi" state={{ name }} />);
        expect(keptNameForm(board, view, 'abc.def.f.ghi', name)).toBe(whole);
      }
    }
  });

  it('follows the board and the language of each post, and carries a fresh follow-up token', async () => {
    const t = makeTestApp();
    const first = await (await t.post({ name: `"Ann" <&>`, body: 'one' })).text();
    expect(formOf(first)).toContain('value="&quot;Ann&quot; &lt;&amp;&gt;"');
    expect(formOf(first)).toContain('data-max="280"');

    t.store.updateBoard('main', { ...t.store.getBoard('main')!, maxLength: 100 });
    const second = await (await t.post({ name: 'Bea', body: 'two' }, { ip: '198.51.100.2', query: '?lang=de' })).text();
    expect(formOf(second)).toContain('data-max="100"');
    expect(formOf(second)).toContain('action="/b/main/messages?lang=de"');
    expect(formOf(second)).toContain('value="Bea"');
    expect(formOf(second)).not.toContain('Ann');
    expect(tokenOf(second)).not.toBe(tokenOf(first));
    // The follow-up token of the answer carries the next post at once (no too-fast refusal).
    const third = await t.post({ token: tokenOf(second), name: 'Bea', body: 'three' }, { ip: '198.51.100.2' });
    expect(third.status).toBe(200);
  });
});
