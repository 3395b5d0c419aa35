/**
 * Shared setup for real-browser tests: Debian's Chromium driven by playwright-core, and a real
 * Holler HTTP server started in-process on a free loopback port.
 *
 * Without /usr/bin/chromium the suites skip with a clear message, except under CI (CI=true),
 * where a missing browser fails the run: .ci/run installs it with apt-get.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser } from 'playwright-core';
import { describe } from 'vitest';
import { makeTestApp, tempDir } from '../helpers.ts';

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

/** The real app on a real socket (127.0.0.1, free port) with a temp database file. */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dir = tempDir('holler-browser-');
  const t = makeTestApp({ dbFile: path.join(dir, 'holler.db'), env: { RATE_BURST: '100', RATE_INTERVAL: '0', POLL_INTERVAL: '1', ...env } });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: t.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    ...t,
    url: `http://127.0.0.1:${port}`,
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
