/** @module views/pages - the instance's own pages: landing, not found, error. */
import type { Assets } from '../assets.ts';
import type { Lang, Translate } from '../i18n.ts';
import { Layout } from './layout.tsx';

export function iframeSnippet(origin: string, board: string, title: string): string {
  return `<iframe src="${origin}/b/${board}" title="${title}" style="width:100%;height:480px;border:0" loading="lazy"></iframe>`;
}

type PageProps = { lang: Lang; t: Translate; assets: Assets };

export function LandingPage({ lang, t, assets, origin, board }: PageProps & { origin: string; board: string }) {
  const snippet = iframeSnippet(origin, board, t('widget_frame_title'));
  return (
    <Layout lang={lang} title={t('landing_title')} assets={assets} scripts={false} bodyClass="page">
      <main class="landing">
        <h1>{t('landing_title')}</h1>
        <p>{t('landing_intro', { board })}</p>
        <iframe class="demo" src={`/b/${board}`} title={t('widget_frame_title')} loading="lazy"></iframe>
        <h2>{t('landing_embed')}</h2>
        <label for="snippet">{t('landing_embed_help')}</label>
        <textarea id="snippet" class="snippet" readonly rows={3}>
          {snippet}
        </textarea>
      </main>
    </Layout>
  );
}

export function MessagePage({ lang, assets, title, text }: { lang: Lang; assets: Assets; title: string; text: string }) {
  return (
    <Layout lang={lang} title={title} assets={assets} scripts={false} bodyClass="page">
      <main class="notice">
        <h1>{title}</h1>
        <p>{text}</p>
      </main>
    </Layout>
  );
}
