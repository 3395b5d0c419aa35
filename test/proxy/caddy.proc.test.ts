/**
 * The shipped deploy/Caddyfile with Debian's real Caddy in front of a real Holler
 * (TRUST_PROXY=loopback). The site block runs unchanged but for Holler's port; global options
 * in front put Caddy's ports on loopback, its files in a temp folder, and its certificates
 * under its own local CA instead of Let's Encrypt. Requests name the site (chat.example.org)
 * by SNI and Host, as a browser would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { posterKey } from '../../src/http/client-ip.ts';
import { tempDir } from '../support/app.ts';
import { formToken, reapAll, startHoller, ROOT, type Holler } from '../support/spawn.ts';
import { freePort } from './nginx.ts';

const CADDY = '/usr/bin/caddy';
const SITE = 'chat.example.org';
const missing = fs.existsSync(CADDY) ? null : `${CADDY} is not installed (apt-get install caddy): the Caddy tests are skipped`;
if (missing) console.warn(`SKIPPED: ${missing}`);

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

describe.skipIf(missing)('Holler behind the shipped Caddyfile', () => {
  let dir: string;
  let holler: Holler;
  let caddy: ChildProcess;
  let port: number;
  let caddyLog = '';

  beforeAll(async () => {
    dir = tempDir('holler-caddy-');
    holler = await startHoller({ DATA_DIR: path.join(dir, 'data'), TRUST_PROXY: 'loopback', PUBLIC_URL: `https://${SITE}`, RATE_BURST: '100' });
    port = await freePort();
    // The shipped file without its comments (which show the cache-handler variant).
    const site = fs.readFileSync(path.join(ROOT, 'deploy/Caddyfile'), 'utf8').split('\n').filter((l) => !/^\s*#/.test(l)).join('\n');
    expect(site.split('reverse_proxy 127.0.0.1:3000').length - 1).toBe(1);
    const global = `{
	admin off
	http_port ${await freePort()}
	https_port ${port}
	default_bind 127.0.0.1
	local_certs
	skip_install_trust
	storage file_system ${path.join(dir, 'caddy')}
}
`;
    fs.writeFileSync(path.join(dir, 'Caddyfile'), global + site.replace('reverse_proxy 127.0.0.1:3000', `reverse_proxy 127.0.0.1:${new URL(holler.url).port}`));
    caddy = spawn(CADDY, ['run', '--config', path.join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], {
      env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    caddy.stdout!.on('data', (d) => (caddyLog += d));
    caddy.stderr!.on('data', (d) => (caddyLog += d));
    // Up once the TLS handshake for the site works (the local CA has issued its certificate).
    const deadline = Date.now() + 20_000;
    for (;;) {
      const ok = await request('/healthz').then((a) => a.status === 200, () => false);
      if (ok) break;
      if (caddy.exitCode !== null || Date.now() > deadline) throw new Error(`caddy did not start:\n${caddyLog}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  afterAll(async () => {
    if (caddy && caddy.exitCode === null) {
      const gone = new Promise((r) => caddy.once('exit', r));
      caddy.kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
      if (caddy.exitCode === null) caddy.kill('SIGKILL');
    }
    reapAll();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function request(p: string, opts: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string } = {}): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = https.request(
        { host: '127.0.0.1', port, path: p, servername: SITE, method: opts.method ?? 'GET', headers: { host: SITE, ...opts.headers }, rejectUnauthorized: false, localAddress: opts.localAddress, agent: false },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      req.end(opts.body);
    });
  }

  it("each visitor's own address reaches Holler; an X-Forwarded-For the visitor wrote is not believed", async () => {
    const post = (body: string, from: string, headers: Record<string, string> = {}) =>
      request('/b/main/messages', {
        method: 'POST',
        localAddress: from,
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: `https://${SITE}`, ...headers },
        body: new URLSearchParams({ body, token: formToken(path.join(dir, 'data')) }).toString(),
      });
    expect((await post('caddy two', '127.0.0.2')).status).toBe(303);
    expect((await post('caddy three, spoofing', '127.0.0.3', { 'x-forwarded-for': '203.0.113.9' })).status).toBe(303);
    const db = new Database(path.join(dir, 'data', 'holler.db'), { readonly: true });
    const secret = (db.prepare(`SELECT value FROM settings WHERE key = 'poster_secret'`).get() as { value: string }).value;
    const poster = (body: string) => (db.prepare('SELECT poster FROM messages WHERE body = ?').get(body) as { poster: string }).poster;
    expect(poster('caddy two')).toBe(posterKey('127.0.0.2', secret));
    expect(poster('caddy three, spoofing')).toBe(posterKey('127.0.0.3', secret));
    db.close();
  });

  it('adds HSTS at the TLS end and passes the widget, the poll and the beacon through', async () => {
    for (const p of ['/b/main', '/b/main/feed?rev=0', '/admin/login']) {
      const a = await request(p);
      expect(a.status, p).toBe(200);
      expect(a.headers['strict-transport-security']).toBe('max-age=63072000');
    }
    const beacon = await request('/b/main/here?id=caddyviewer1', { method: 'POST' });
    expect(beacon.status).toBe(204);
    expect(beacon.headers['x-here-now']).toBe('0'); // the only viewer: nobody else
  });
});
