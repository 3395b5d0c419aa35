/**
 * Shared setup for real-browser tests: Debian's Chromium driven by playwright-core, and a real
 * Holler HTTP server started in-process on a free loopback port.
 *
 * Without /usr/bin/chromium the suites skip with a clear message, except under CI (CI=true),
 * where a missing browser fails the run: .ci/run installs it with apt-get.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe } from 'vitest';
import { migrate, openDb } from '../../src/store/db.ts';
import { makeTestApp, tempDir } from './app.ts';
import { builtAssets } from './assets.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasBrowser = fs.existsSync(CHROMIUM);

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** describe() for browser suites: skips loudly without Chromium, fails under CI. */
export function describeBrowser(name: string, fn: () => void) {
  if (hasBrowser) return describe(name, fn);
  if (process.env.CI) {
    return describe(name, () => {
      throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium (see .ci/run)`);
    });
  }
  console.warn(`[browser tests] skipped "${name}": ${CHROMIUM} not found (apt-get install chromium)`);
  return describe.skip(name, fn);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

/** Where screenshots and other artifacts go (git-ignored). */
export const ARTIFACTS = path.resolve('test-results');

export type RunningServer = ReturnType<typeof makeTestApp> & { url: string; close: () => Promise<void> };

export type ExtraBoard = { slug: string; title: string; lang?: string };

/**
 * The real app on a real socket (127.0.0.1, free port) with a temp database file, serving the
 * minified scripts and styles that production serves. `boards` adds
 * boards next to `main` before the store loads them (the store reads boards at construction).
 * `env` may be a function of the server's own URL, for a PUBLIC_URL that must name it (links in
 * mails): the socket listens first, on a port the system picked and this server holds, and the
 * app is made after (picking a free port, closing it and listening again later raced with
 * anything else that picked it meanwhile).
 * Its clock is the fake one of makeTestApp (time stands still), so the form-token minimum age
 * is set to 0.
 */
export async function startServer(env: Record<string, string> | ((url: string) => Record<string, string>) = {}, opts: { boards?: ExtraBoard[] } = {}): Promise<RunningServer> {
  const dir = tempDir('holler-browser-');
  const db = openDb(path.join(dir, 'holler.db'));
  migrate(db);
  const add = db.prepare('INSERT INTO boards (slug, title, lang, created_at) VALUES (?, ?, ?, ?)');
  for (const b of opts.boards ?? []) add.run(b.slug, b.title, b.lang ?? null, Date.now());
  const assets = await builtAssets();
  // Nobody knows the port before `listening`, so no request comes before the app is made.
  let app: ReturnType<typeof makeTestApp>['app'] | undefined;
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: (req, ...rest) => app!.fetch(req, ...rest), hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const t = makeTestApp({ db, assets, env: { RATE_BURST: '100', RATE_INTERVAL: '0', POLL_INTERVAL: '1', FORM_MIN_SECONDS: '0', ...(typeof env === 'function' ? env(url) : env) } });
  app = t.app;
  return {
    ...t,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => {
          t.db.close();
          resolve();
        });
      }),
  };
}

/** A page on another origin (another port): the host site that embeds us. */
export async function startHostPage(html: (hollerUrl: string) => string, hollerUrl: string, csp?: string) {
  const server = http.createServer((req, res) => {
    if (req.url !== '/') {
      // 204 for the browser's own favicon request: a 404 would be a console error.
      res.writeHead(req.url === '/favicon.ico' ? 204 : 404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...(csp ? { 'content-security-policy': csp } : {}) });
    res.end(html(hollerUrl));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/**
 * One server and one Chromium for a describe block: started before its tests, closed after
 * (what every browser suite wrote out again). Read `server` and `browser` inside tests or later
 * hooks: they are set only once beforeAll has run.
 */
export function serverAndBrowser(env: Parameters<typeof startServer>[0] = {}, opts: Parameters<typeof startServer>[1] = {}) {
  const t = {} as { server: RunningServer; browser: Browser };
  beforeAll(async () => {
    t.server = await startServer(env, opts);
    t.browser = await launchBrowser();
  });
  afterAll(async () => {
    await t.browser?.close();
    await t.server?.close();
  });
  return t;
}

/**
 * Collects console errors, page errors and CSP violations from a context's pages and frames.
 * CSP violations are also reported by Chromium as console errors; the listener makes sure.
 */
export async function watchErrors(context: BrowserContext): Promise<string[]> {
  const errors: string[] = [];
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  context.on('page', (p) => watchPage(p, errors));
  for (const p of context.pages()) watchPage(p, errors);
  return errors;
}

function watchPage(p: Page, errors: string[]) {
  p.on('pageerror', (e) => errors.push(`pageerror: ${String(e)}`));
  p.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()} (${m.location().url})`);
  });
}
