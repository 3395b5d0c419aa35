/** @module views/layout - the HTML shell shared by the widget and the instance's pages. */
import type { Child } from 'hono/jsx';
import type { Assets } from './assets.ts';
import { dirOf, type Lang } from '../i18n/i18n.ts';
import type { Theme } from '../widget/views.tsx';

// Our stylesheet stands in for htmx's injected indicator CSS, which a strict CSP would block.
const HTMX_CONFIG = JSON.stringify({ includeIndicatorCSS: false, defaultTimeout: 15000 });

export type LayoutProps = {
  lang: Lang;
  title: string;
  assets: Assets;
  /** true: htmx and its upsert extension; a URL: one bundle that holds them (the widget's); false: no scripts. */
  scripts?: boolean | string;
  bodyClass?: string;
  children?: Child;
  /** light or dark forces a scheme; auto (default) follows the visitor's system. */
  theme?: Theme;
  /** Extra stylesheets (the accent colour) after ours, and extra scripts after htmx. */
  extraCss?: string | string[];
  extraScripts?: string[];
  /** The page's Atom feed (href), announced to browsers and feed readers. */
  feed?: string;
};

export function Layout({ lang, title, assets, scripts = true, bodyClass, children, theme, extraCss, extraScripts = [], feed }: LayoutProps) {
  return (
    <html lang={lang} dir={dirOf(lang)} class={theme && theme !== 'auto' ? `theme-${theme}` : undefined}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{title}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={assets.urls.css} />
        {/* Rules for our own pages stay out of the widget's first view. */}
        {bodyClass !== 'widget' && <link rel="stylesheet" href={assets.urls.pages} />}
        {[extraCss ?? []].flat().map((href) => <link rel="stylesheet" href={href} />)}
        {feed && <link rel="alternate" type="application/atom+xml" title={title} href={feed} />}
        {scripts && <meta name="htmx-config" content={HTMX_CONFIG} />}
        {scripts === true && <script src={assets.urls.htmx} defer></script>}
        {scripts === true && <script src={assets.urls.upsert} defer></script>}
        {typeof scripts === 'string' && <script src={scripts} defer></script>}
        {extraScripts.map((src) => <script src={src} defer></script>)}
      </head>
      <body class={bodyClass}>{children}</body>
    </html>
  );
}

/** A full document: doctype plus the rendered element. */
export const documentHtml = (el: unknown): string => '<!doctype html>' + String(el);
