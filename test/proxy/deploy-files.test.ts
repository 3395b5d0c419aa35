/**
 * The deployment kit (deploy/) as files: what each tells Holler is a valid configuration, the
 * hardening the README promises is there, and every file the README's Deployment section
 * copies exists. (The nginx site runs for real in nginx.proc.test.ts.)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hopCountWarning } from '../../src/http/client-ip.ts';
import { loadConfig, readEnv } from '../../src/config.ts';
import { ROOT } from '../support/spawn.ts';
import { NGINX, nginxMissing } from './nginx.ts';

const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');
const active = (text: string) => text.split('\n').filter((l) => !/^\s*#/.test(l)).join('\n');

describe('deploy/holler.service', () => {
  const unit = read('deploy/holler.service');
  const env = Object.fromEntries(
    [...unit.matchAll(/^Environment=(.*)$/gm)].flatMap((m) => m[1]!.split(/\s+/).map((kv) => kv.split('=') as [string, string])),
  );

  it('is hardened as the README says', () => {
    for (const line of ['User=holler', 'StateDirectory=holler', 'ProtectSystem=strict', 'NoNewPrivileges=yes', 'Restart=on-failure', 'CapabilityBoundingSet=', 'PrivateTmp=yes']) {
      expect(unit).toMatch(new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    }
    // The database folder is the state directory; node itself, not npm, gets SIGTERM.
    expect(env.DATA_DIR).toBe('/var/lib/holler');
    expect(unit).toMatch(/^ExecStart=\S*node --optimize-for-size dist\/server\.js$/m);
    // The same program, with the same V8 flag, as the Docker image, Compose and `npm start` run.
    expect(read('Dockerfile')).toContain('CMD ["node", "--optimize-for-size", "dist/server.js"]');
    // Compose runs the image's CMD: no command of its own.
    expect(active(read('deploy/compose.yaml'))).not.toMatch(/^\s+command:/m);
    expect(JSON.parse(read('package.json')).scripts.start).toContain('exec node --optimize-for-size dist/server.js');
  });

  it('gives Holler a configuration it accepts, trusting only a proxy on this machine', () => {
    const loaded = loadConfig(env);
    expect(loaded.ok, JSON.stringify(loaded)).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.config.trustProxy.list).toEqual(['127.0.0.0/8', '::1/128']);
    expect(loaded.config.host).toBe('127.0.0.1');
    expect(hopCountWarning(loaded.config.trustProxy, loaded.config.host)).toBeNull();
  });

  it.skipIf(!fs.existsSync('/usr/bin/systemd-analyze'))('passes systemd-analyze verify', () => {
    const r = spawnSync('systemd-analyze', ['verify', path.join(ROOT, 'deploy/holler.service')], { encoding: 'utf8' });
    expect(r.stderr.trim()).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('deploy/compose.yaml', () => {
  const compose = active(read('deploy/compose.yaml'));

  it('has a volume, a healthcheck, a secret and a restart policy; the port is for this machine only', () => {
    expect(compose).toMatch(/^\s+restart: unless-stopped$/m);
    expect(compose).toMatch(/^\s+- holler-data:\/data$/m);
    expect(compose).toMatch(/^\s+secrets: \[admin_password\]$/m);
    expect(compose).toMatch(/^\s+- "127\.0\.0\.1:3000:3000"$/m);
  });

  it('checks liveness (/livez), not readiness, and every second while starting', () => {
    // /healthz is 503 on a full disk: a restart frees nothing, so nothing may restart on it.
    expect(compose).toMatch(/^\s+healthcheck:\n\s+test: .*\/livez'/m);
    expect(compose).toMatch(/^\s+start_interval: 1s$/m);
    expect(active(read('Dockerfile'))).toMatch(/^HEALTHCHECK .*\\\n\s+CMD .*\/livez'/m);
  });

  it('passes the password as a file Holler reads itself, so the CLI in the container sees it too', () => {
    // Compose mounts a file secret at /run/secrets/<name>; a stand-in file here.
    expect(compose).toMatch(/^\s+ADMIN_PASSWORD_FILE: \/run\/secrets\/admin_password$/m);
    expect(compose).toMatch(/^secrets:\n\s+admin_password:\n\s+file: \.\/admin_password\.txt$/m);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holler-secret-'));
    fs.writeFileSync(path.join(dir, 'admin_password'), 'a-long-enough-password\n');
    const { env, errors } = readEnv({ ADMIN_PASSWORD_FILE: path.join(dir, 'admin_password') }, dir);
    fs.rmSync(dir, { recursive: true });
    expect(errors).toEqual([]);
    const loaded = loadConfig(env);
    expect(loaded.ok && loaded.config.adminPassword).toBe('a-long-enough-password');
  });

  it("with the image's settings, gives Holler a configuration it accepts, with no hop count", () => {
    const env = Object.fromEntries([...compose.matchAll(/^ {6}([A-Z_]+): (\S+)$/gm)].filter((m) => !m[1]!.endsWith('_FILE')).map((m) => [m[1]!, m[2]!]));
    const image = Object.fromEntries([...read('Dockerfile').matchAll(/^\s+(HOST|PORT|DATA_DIR)=(\S+)/gm)].map((m) => [m[1]!, m[2]!]));
    const loaded = loadConfig({ ...image, ...env });
    expect(loaded.ok, JSON.stringify(loaded)).toBe(true);
    if (!loaded.ok) return;
    expect(env.TRUST_PROXY).toBe('private');
    expect(loaded.config.trustProxy.ranges?.check('172.17.0.1')).toBe(true);
    expect(loaded.config.trustProxy.ranges?.check('203.0.113.5')).toBe(false);
    expect(hopCountWarning(loaded.config.trustProxy, loaded.config.host)).toBeNull();
  });
});

describe('installing without a compiler (issue 21)', () => {
  // npm runs node-gyp for better-sqlite3 unless told not to, and node-gyp needs python3, make and
  // g++ (the official slim image and a lean server have none). scripts/check-docker-image.sh
  // builds and runs the image on such a base; this checks every install line says so.
  const installs = (text: string) => [...text.matchAll(/\bnpm (?:ci|install)\b[^\n&|#]*/g)].map((m) => m[0].trim());

  it('the Dockerfile installs with --ignore-scripts, from the official image unless BASE says otherwise', () => {
    const dockerfile = active(read('Dockerfile'));
    expect(installs(dockerfile)).toEqual(['npm ci --ignore-scripts --no-audit --no-fund']);
    expect(dockerfile).toMatch(/^ARG BASE=node:24-bookworm-slim$/m);
    expect(dockerfile.match(/^FROM .*$/gm)).toEqual(['FROM ${BASE} AS build', 'FROM ${BASE}']);
    // Only this platform's prebuilt addon and no C sources reach the image.
    expect(dockerfile).toContain('getPrebuildPath()');
    expect(dockerfile).toMatch(/rm -rf node_modules\/better-sqlite3\/deps node_modules\/better-sqlite3\/src/);
  });

  it("the README's and the systemd recipe's install lines do the same", () => {
    const codeBlocks = [...read('README.md').matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!).join('\n');
    const lines = [...installs(codeBlocks), ...installs(read('deploy/holler.service'))];
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const l of lines) expect(l, l).toContain('--ignore-scripts');
  });

  it("package.json's allowScripts denies better-sqlite3's install script (npm 11.19+)", () => {
    expect(JSON.parse(read('package.json')).allowScripts['better-sqlite3']).toBe(false);
  });
});

describe('deploy/nginx on a fresh host (issue 21)', () => {
  const site = read('deploy/nginx/holler.conf');
  const acme = read('deploy/nginx/holler-acme.conf');
  const block = (text: string) => text.slice(text.indexOf('server {\n    listen 80;'), text.indexOf('\n}\n', text.indexOf('server {\n    listen 80;')) + 3);

  it("holler-acme.conf is holler.conf's plain-HTTP block, word for word", () => {
    expect(block(acme)).toContain('location /.well-known/acme-challenge/');
    expect(block(acme)).toBe(block(site));
    expect(active(acme).trim()).toBe(active(block(acme)).trim());
  });

  /** `nginx -t` of one site file the way Debian's nginx.conf includes it (paths in a temp dir). */
  function nginxTest(siteText: string, dir: string) {
    fs.writeFileSync(path.join(dir, 'site.conf'), siteText.replaceAll('/var/cache/nginx/holler', path.join(dir, 'cache')).replaceAll('/etc/letsencrypt/live/chat.example.org', dir));
    fs.writeFileSync(path.join(dir, 'nginx.conf'), `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\nhttp {\n  include ${dir}/site.conf;\n}\n`);
    return spawnSync(NGINX, ['-t', '-p', dir, '-c', path.join(dir, 'nginx.conf')], { encoding: 'utf8' });
  }

  it.skipIf(nginxMissing() !== null)("the README's order passes nginx -t at every step; the whole site before its certificate does not", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holler-nginx-t-'));
    try {
      // Step 1: only the challenge block.
      const first = nginxTest(acme, dir);
      expect(first.status, first.stderr).toBe(0);
      // What the README used to say first: refused, as on a fresh host.
      const early = nginxTest(site, dir);
      expect(early.status).not.toBe(0);
      expect(early.stderr).toMatch(/cannot load certificate/);
      // Step 3, once certbot has written the certificate.
      spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=chat.example.org',
        '-keyout', path.join(dir, 'privkey.pem'), '-out', path.join(dir, 'fullchain.pem')], { stdio: 'ignore' });
      const last = nginxTest(site, dir);
      expect(last.status, last.stderr).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the README's nginx steps: challenge block, certificate, then the site", () => {
    const readme = read('README.md');
    const steps = readme.slice(readme.indexOf('**nginx**'), readme.indexOf('**Caddy**'));
    const order = ['deploy/nginx/holler-acme.conf', 'certbot certonly --webroot', 'deploy/nginx/holler.conf /etc/nginx'].map((s) => steps.indexOf(s));
    expect(order.every((i) => i >= 0), JSON.stringify(order)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describe('deploy/Caddyfile', () => {
  const caddy = active(read('deploy/Caddyfile'));
  it('proxies to Holler with HSTS and caches nothing in the standard build', () => {
    expect(caddy).toMatch(/reverse_proxy 127\.0\.0\.1:3000/);
    expect(caddy).toMatch(/header Strict-Transport-Security "max-age=63072000"/);
    expect(caddy).not.toMatch(/\bcache\b/);
    // Caddy replaces X-Forwarded-For unless told to trust the client: nothing may tell it so here.
    expect(caddy).not.toMatch(/trusted_proxies|header_up X-Forwarded-For/);
  });
});

describe("README's Deployment section", () => {
  const readme = read('README.md');
  const section = readme.slice(readme.indexOf('## Deployment'), readme.indexOf('\n## ', readme.indexOf('## Deployment') + 5));

  it('names only files that exist, and every file of deploy/', () => {
    const named = new Set([...section.matchAll(/\b(deploy\/[\w./-]+[\w])/g)].map((m) => m[1]!));
    for (const f of named) expect(fs.existsSync(path.join(ROOT, f)), f).toBe(true);
    const shipped = fs.readdirSync(path.join(ROOT, 'deploy'), { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => path.relative(ROOT, path.join(d.parentPath, d.name)));
    for (const f of shipped) expect(named.has(f), `${f} is not in the README`).toBe(true);
  });

  it("tells Holler what the files tell it (TRUST_PROXY, PUBLIC_URL, port)", () => {
    expect(section).toContain('TRUST_PROXY=loopback');
    expect(section).toContain('PUBLIC_URL=https://chat.example.org');
    expect(read('deploy/nginx/holler.conf')).toContain('server 127.0.0.1:3000;');
    expect(section).toContain('127.0.0.1:3000');
  });
});
