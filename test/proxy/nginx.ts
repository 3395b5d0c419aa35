/**
 * Debian's real nginx in front of a real Holler, running the shipped deploy/nginx/holler.conf
 * with only its ports and paths changed (a temp prefix, loopback ports, a self-signed
 * certificate). Used by the proxy tests and by `npm run bench` (bench/proxy.ts).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const NGINX = '/usr/sbin/nginx';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHIPPED_CONF = path.join(ROOT, 'deploy/nginx/holler.conf');

/** Why the nginx tests cannot run here, or null when they can. */
export function nginxMissing(): string | null {
  if (!fs.existsSync(NGINX)) return `${NGINX} is not installed (apt-get install nginx): the real-proxy tests are skipped`;
  return null;
}

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

/** The shipped config with ports and paths swapped; each swap must match exactly once, so a drift in the file fails loudly. */
export function templateConf(conf: string, p: { dir: string; upstreamPort: number; httpPort: number; tlsPort: number }): string {
  const swaps: [string, string][] = [
    ['proxy_cache_path /var/cache/nginx/holler ', `proxy_cache_path ${path.join(p.dir, 'cache')} `],
    ['server 127.0.0.1:3000;', `server 127.0.0.1:${p.upstreamPort};`],
    ['listen 80;', `listen 127.0.0.1:${p.httpPort};`],
    ['listen [::]:80;', `listen [::1]:${p.httpPort};`],
    ['listen 443 ssl http2;', `listen 127.0.0.1:${p.tlsPort} ssl http2;`],
    ['listen [::]:443 ssl http2;', `listen [::1]:${p.tlsPort} ssl http2;`],
    ['/etc/letsencrypt/live/chat.example.org/fullchain.pem', path.join(p.dir, 'cert.pem')],
    ['/etc/letsencrypt/live/chat.example.org/privkey.pem', path.join(p.dir, 'key.pem')],
    ['root /var/www/html;', `root ${path.join(p.dir, 'www')};`],
  ];
  for (const [from, to] of swaps) {
    const count = conf.split(from).length - 1;
    if (count !== 1) throw new Error(`deploy/nginx/holler.conf: expected "${from}" once, found ${count} times`);
    conf = conf.replace(from, to);
  }
  return conf;
}

export type Nginx = {
  /** https://127.0.0.1:PORT (self-signed: use `get` or ignoreHTTPSErrors). */
  url: string;
  httpUrl: string;
  /**
   * Requests nginx passed to Holler so far (cache misses, expiries, background updates, uncached
   * paths), not counting the marker request this sends: nginx logs a request after answering it,
   * so a marker sent last and waited for makes sure every earlier line is written.
   */
  originRequests: () => Promise<number>;
  /** Each origin request as "cache-status status uri" (for messages when a check fails). */
  originLog: () => string[];
  errors: () => string;
  stop: () => Promise<void>;
};

/** Starts nginx (foreground, its own prefix) with the shipped site in front of 127.0.0.1:upstreamPort. */
export async function startNginx(upstreamPort: number, opts: { workers?: number; tlsPort?: number } = {}): Promise<Nginx> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holler-nginx-'));
  for (const d of ['cache', 'www', 'temp']) fs.mkdirSync(path.join(dir, d));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
    '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
  const [httpPort, tlsPort] = [await freePort(), opts.tlsPort ?? (await freePort())];
  const site = templateConf(fs.readFileSync(SHIPPED_CONF, 'utf8'), { dir, upstreamPort, httpPort, tlsPort });
  fs.writeFileSync(path.join(dir, 'site.conf'), site);
  const temp = (name: string) => `${name}_temp_path ${path.join(dir, 'temp', name)};`;
  const originLogFile = path.join(dir, 'origin.log');
  // The wrapper stands in for Debian's /etc/nginx/nginx.conf: foreground, files in the temp dir.
  // Only requests that reached Holler are logged ($upstream_addr set), subrequests (background
  // cache updates) included, so the log counts the origin's share of the traffic.
  const main = `
${process.getuid?.() === 0 ? 'user root root;' : ''}
daemon off;
worker_processes ${opts.workers ?? 1};
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'error.log')} warn;
events { worker_connections 4096; }
http {
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  log_format origin '$upstream_cache_status $status $request_uri';
  map $upstream_addr $holler_origin { "" 0; default 1; }
  log_subrequest on;
  access_log ${originLogFile} origin if=$holler_origin;
  include ${path.join(dir, 'site.conf')};
}
`;
  fs.writeFileSync(path.join(dir, 'nginx.conf'), main);
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const url = `https://127.0.0.1:${tlsPort}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(tlsPort, '127.0.0.1', () => (s.destroy(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`nginx did not start: ${stderr}${fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : ''}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  let marks = 0;
  const originLog = () => (fs.existsSync(originLogFile) ? fs.readFileSync(originLogFile, 'utf8').split('\n').filter(Boolean) : []);
  return {
    url,
    httpUrl: `http://127.0.0.1:${httpPort}`,
    originRequests: async () => {
      const mark = `/healthz?mark=${++marks}`;
      await get(`${url}${mark}`);
      const deadline = Date.now() + 5000;
      for (;;) {
        const lines = originLog();
        const at = lines.findIndex((l) => l.endsWith(` ${mark}`));
        if (at >= 0) return lines.filter((l) => !l.includes('/healthz?mark=')).length;
        if (Date.now() > deadline) throw new Error(`nginx never logged ${mark}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    originLog,
    errors: () => stderr + (fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : ''),
    stop: async () => {
      if (child.exitCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        // SIGQUIT: graceful stop of master and workers (the group, in case the master is gone).
        try {
          process.kill(-child.pid!, 'SIGQUIT');
        } catch {
          /* gone */
        }
        await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string; raw: Buffer };

/**
 * One request, exactly the headers given (nothing added), body not decoded. nginx's certificate
 * is self-signed; `localAddress` picks the visitor's 127.x address.
 */
export function get(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string } = {}): Promise<Answer> {
  const lib = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(url, { method: opts.method ?? 'GET', headers: opts.headers, rejectUnauthorized: false, localAddress: opts.localAddress, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        resolve({ status: res.statusCode!, headers: res.headers, body: raw.toString('utf8'), raw });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}
