/**
 * @module api/docs
 * GET /api - the API documentation as a page: every operation of the OpenAPI document with
 * its parameters, answers and a curl command to copy. Rendered from the document itself, so
 * the page cannot drift from /api/openapi.json. The operations' own descriptions are the
 * document's (English); the page around them follows the reader's language.
 */
import type { Assets } from '../http/assets.ts';
import { Layout } from '../http/layout.tsx';
import type { Lang, Translate } from '../i18n/i18n.ts';
import { openApiDocument } from './openapi.ts';

type Param = { name: string; in: string; required?: boolean; description: string; example?: unknown };
type Operation = {
  operationId: string; summary: string; description?: string; parameters?: readonly Param[];
  security?: ReadonlyArray<Record<string, readonly string[]>>;
  requestBody?: { content: Record<string, { example?: unknown }> };
  responses: Record<string, { description?: string; $ref?: string }>;
};

/** Values the examples use for path parameters: $ID stands for a message id the reader has. */
const EXAMPLE_PATH: Record<string, string> = { board: 'main', id: '$ID', action: 'pin' };

/** A curl command for an operation, against `origin`; a token from $HOLLER_TOKEN. */
export function curlFor(origin: string, method: string, path: string, op: Operation): string {
  const url = origin + path.replace(/\{(\w+)\}/g, (_, name: string) => EXAMPLE_PATH[name] ?? name);
  const query = (op.parameters ?? []).filter((p) => p.in === 'query' && p.example !== undefined).map((p) => `${p.name}=${String(p.example)}`);
  const parts = ['curl -fsS'];
  if (op.security) parts.push('-H "Authorization: Bearer $HOLLER_TOKEN"');
  const example = op.requestBody?.content['application/json']?.example;
  if (example !== undefined) parts.push(`-H 'Content-Type: application/json' -d '${JSON.stringify(example)}'`);
  else if (method !== 'get') parts.push(`-X ${method.toUpperCase()}`);
  parts.push(`"${url}${query.length ? `?${query.join('&')}` : ''}"`);
  return parts.join(' ');
}

/** The document's operations in order: [method, path, operation]. */
// The document is fixed at build time: listed once, not on every /api request.
const OPERATIONS: Array<[string, string, Operation]> = Object.entries(openApiDocument.paths).flatMap(([path, item]) =>
  Object.entries(item as Record<string, Operation>).map(([method, op]) => [method, path, op] as [string, string, Operation]));

const responseText = (r: { description?: string; $ref?: string }) => {
  const name = r.$ref?.split('/').at(-1) as keyof typeof openApiDocument.components.responses | undefined;
  return name ? openApiDocument.components.responses[name].description : (r.description ?? '');
};

/** The document's own words are English: marked so, screen readers read them as English on a French page. */
const En = ({ text }: { text: string }) => <span lang="en">{text}</span>;

function OperationDoc({ t, origin, method, path, op }: { t: Translate; origin: string; method: string; path: string; op: Operation }) {
  const scope = op.security?.[0]?.token?.[0];
  return (
    <section class="api-op" id={op.operationId} aria-labelledby={`${op.operationId}-title`}>
      <h2 id={`${op.operationId}-title`}><code>{method.toUpperCase()} {path}</code></h2>
      <p><strong><En text={op.summary} /></strong>. {scope ? t('api_scope', { scope }) : t('api_public')}.</p>
      {op.description && <p lang="en">{op.description}</p>}
      {!!op.parameters?.length && (
        <>
          <h3>{t('api_parameters')}</h3>
          <ul>{op.parameters.map((p) => <li><code>{p.name}</code> ({p.in}{p.required ? `, ${t('api_required')}` : ''}): <En text={p.description} /></li>)}</ul>
        </>
      )}
      <h3>{t('api_responses')}</h3>
      <ul>{Object.entries(op.responses).map(([status, r]) => <li><code>{status}</code> <En text={responseText(r)} /></li>)}</ul>
      <h3>{t('api_example')}</h3>
      {/* Long commands scroll sideways: focusable, so a keyboard can scroll them too. */}
      <pre tabindex={0}><code>{curlFor(origin, method, path, op)}</code></pre>
    </section>
  );
}

export function ApiDocPage({ lang, t, assets, origin }: { lang: Lang; t: Translate; assets: Assets; origin: string }) {
  return (
    <Layout lang={lang} title={`${t('api_title')} · Holler`} assets={assets} scripts={false} bodyClass="page">
      <main class="api-doc">
        <h1>{t('api_title')}</h1>
        <p>{t('api_intro')}</p>
        <p><a href="/api/openapi.json">{t('api_spec_link')}</a></p>
        <nav aria-label={t('api_title')}>
          <ul>{OPERATIONS.map(([method, path, op]) => <li><a href={`#${op.operationId}`}>{method.toUpperCase()} {path}</a> <En text={op.summary} /></li>)}</ul>
        </nav>
        {OPERATIONS.map(([method, path, op]) => <OperationDoc t={t} origin={origin} method={method} path={path} op={op} />)}
      </main>
    </Layout>
  );
}
