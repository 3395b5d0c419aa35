import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, nearMisses, readEnv } from '../src/config.ts';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const r = loadConfig({});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: path.resolve('./data'),
      publicUrl: null,
      trustProxy: { hops: 0 },
      logLevel: 'info',
      pollIntervalMs: 3000,
      rateBurst: 3,
      rateIntervalMs: 5000,
      frameAncestors: '*',
      lockWaitMs: 15000,
      metricsToken: null,
      accessLog: false,
    });
    expect(Object.isFrozen(r.config)).toBe(true);
  });

  it('reads every option', () => {
    const r = loadConfig({
      PORT: '8080', HOST: '0.0.0.0', DATA_DIR: '/tmp/x', PUBLIC_URL: 'https://chat.example.org/',
      TRUST_PROXY: '2', LOG_LEVEL: 'WARN', POLL_INTERVAL: '1.5', RATE_BURST: '5', RATE_INTERVAL: '0',
      ADMIN_PASSWORD: 'correct horse battery',
      FRAME_ANCESTORS: ' https://example.org  https://*.example.net:8443 ',
      LOCK_WAIT: '2',
      FORM_MIN_SECONDS: '0.5', MAX_LINKS: '0', FLOOD_POSTS: '12', FLOOD_SLOW: '20', RETAIN_DAYS: '365', PURGE_DELETED_DAYS: '7', AUDIT_RETAIN_DAYS: '90', DISK_MIN_FREE_MB: '16', BACKUP_DIR: '/tmp/b', BACKUP_KEEP: '3',
      METRICS_TOKEN: 'a-scraper-token-of-length', ACCESS_LOG: 'on',
    });
    expect(r).toEqual({
      ok: true,
      config: {
        port: 8080, host: '0.0.0.0', dataDir: '/tmp/x', publicUrl: 'https://chat.example.org',
        trustProxy: { hops: 2 }, logLevel: 'warn', pollIntervalMs: 1500, rateBurst: 5, rateIntervalMs: 0, lockWaitMs: 2000,
        adminPassword: 'correct horse battery',
        frameAncestors: 'https://example.org https://*.example.net:8443',
        formMinAgeMs: 500, maxLinks: 0, floodPosts: 12, floodSlowMs: 20_000, retainDays: 365, purgeDeletedDays: 7, auditRetainDays: 90, diskMinFreeBytes: 16 * 1024 * 1024, backupDir: '/tmp/b', backupKeep: 3,
        metricsToken: 'a-scraper-token-of-length', accessLog: true,
        notify: expect.anything(), // test/notify/config.test.ts
      },
    });
  });

  it.each(['https://chat.example.org/holler/', 'https://chat.example.org/holler', 'https://chat.example.org/?x=1', 'https://u:p@chat.example.org'])('refuses PUBLIC_URL=%s (a path would be dropped from every link) with a sentence', (url) => {
    const r = loadConfig({ PUBLIC_URL: url });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual([expect.stringMatching(new RegExp(`^PUBLIC_URL must be an origin with no path, such as https://chat.example.org \\(got "${url.replace(/[?.]/g, '\\$&')}"\\): Holler serves from the root of its host`))]);
  });

  it('takes PUBLIC_URL with or without the trailing slash', () => {
    for (const url of ['https://chat.example.org', 'https://chat.example.org/', 'http://127.0.0.1:3000/']) {
      const r = loadConfig({ PUBLIC_URL: url });
      expect(r.ok && r.config.publicUrl).toBe(url.replace(/\/$/, ''));
    }
  });

  it('refuses an ACCESS_LOG that is neither on nor off', () => {
    const r = loadConfig({ ACCESS_LOG: 'verbose' });
    expect(!r.ok && r.errors).toEqual(['ACCESS_LOG must be on or off (got "verbose")']);
  });

  it.each([
    ['true', 1], ['on', 1], ['off', 0], ['false', 0], ['0', 0], ['3', 3],
  ])('TRUST_PROXY=%s means %i hop(s)', (raw, hops) => {
    const r = loadConfig({ TRUST_PROXY: raw });
    expect(r.ok && r.config.trustProxy.hops).toBe(hops);
  });

  it('TRUST_PROXY takes a list of proxy addresses and CIDRs, IPv4 and IPv6', () => {
    const r = loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.0.2.7 ,2001:db8::/32, ::1' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.trustProxy.hops).toBe(0);
    expect(r.config.trustProxy.list).toEqual(['10.0.0.0/8', '192.0.2.7/32', '2001:db8::/32', '::1/128']);
    expect(r.config.trustProxy.ranges?.check('10.1.2.3')).toBe(true);
    expect(r.config.trustProxy.ranges?.check('2001:db8:1::5', 'ipv6')).toBe(true);
    expect(r.config.trustProxy.ranges?.check('192.0.2.8')).toBe(false);
  });

  it.each(['10.0.0.0/33', '2001:db8::/129', '10.0.0.1/8/1', 'proxy.example.org, 10.0.0.1', '10.0.0.256', '10.0.0.0/x'])(
    'TRUST_PROXY=%s is refused with the bad item named',
    (raw) => {
      const r = loadConfig({ TRUST_PROXY: raw });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors[0]).toMatch(/^TRUST_PROXY /);
    },
  );

  it('reports every problem at once', () => {
    const r = loadConfig({
      PORT: 'eighty', PUBLIC_URL: 'ftp://x', TRUST_PROXY: 'maybe', LOG_LEVEL: 'loud', POLL_INTERVAL: '0', RATE_BURST: '-1',
      ADMIN_PASSWORD: 'short',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(7);
    for (const name of ['PORT', 'PUBLIC_URL', 'TRUST_PROXY', 'LOG_LEVEL', 'POLL_INTERVAL', 'RATE_BURST', 'ADMIN_PASSWORD']) {
      expect(r.errors.some((e) => e.startsWith(name))).toBe(true);
    }
  });

  it.each([
    ["https://a.example; script-src *"], ["'unsafe-inline'"], ['example.org'], ['* https://example.org'], ['javascript:alert(1)'], ['https://exa mple.org/path'],
  ])('refuses FRAME_ANCESTORS=%s (it goes into a CSP header verbatim)', (raw) => {
    const r = loadConfig({ FRAME_ANCESTORS: raw });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]).toMatch(/^FRAME_ANCESTORS must be \* or origins/);
  });
});

describe('README configuration table', () => {
  it('lists every option with its default', async () => {
    const fs = await import('node:fs');
    const { OPTIONS } = await import('../src/config.ts');
    const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const [name, def] of OPTIONS) {
      const rows = readme.split('\n').filter((l) => l.startsWith(`| \`${name}\` |`));
      expect(rows, `${name} is listed once`).toHaveLength(1);
      const row = rows[0];
      expect(row, name).toContain(def === '' ? '(none)' : `\`${def}\``);
    }
  });
});

describe('readEnv: .env and *_FILE secrets', () => {
  it('reads .env from the working folder; the real environment wins over it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holler-env-'));
    fs.writeFileSync(path.join(dir, '.env'), 'PORT=4000\nPUBLIC_URL="https://chat.example.org"\n# a comment\n');
    const { env, errors } = readEnv({ PORT: '5000' }, dir);
    expect(errors).toEqual([]);
    expect(env).toMatchObject({ PORT: '5000', PUBLIC_URL: 'https://chat.example.org' });
  });

  it('takes a secret from NAME_FILE (trailing newline dropped) and refuses NAME with NAME_FILE', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holler-env-'));
    fs.writeFileSync(path.join(dir, 'pw'), 'correct horse battery\n');
    expect(readEnv({ ADMIN_PASSWORD_FILE: path.join(dir, 'pw') }, dir).env.ADMIN_PASSWORD).toBe('correct horse battery');
    expect(readEnv({ ADMIN_PASSWORD: 'x', ADMIN_PASSWORD_FILE: path.join(dir, 'pw') }, dir).errors).toEqual(['set ADMIN_PASSWORD or ADMIN_PASSWORD_FILE, not both']);
    expect(readEnv({ ADMIN_PASSWORD_FILE: path.join(dir, 'missing') }, dir).errors).toEqual([`ADMIN_PASSWORD_FILE=${path.join(dir, 'missing')} cannot be read (ENOENT)`]);
  });
});

describe('nearMisses: variables that nearly name a setting', () => {
  it('finds typos, swapped letters and the wrong case, and names the setting meant', () => {
    expect(nearMisses({ RATE_BRUST: '10', DATADIR: '/x', data_dir: '/y', PUBLC_URL: 'https://x', METRICS_TOKNE_FILE: '/run/t', Port: '1' })).toEqual([
      { name: 'RATE_BRUST', meant: 'RATE_BURST' },
      { name: 'DATADIR', meant: 'DATA_DIR' },
      { name: 'data_dir', meant: 'DATA_DIR' },
      { name: 'PUBLC_URL', meant: 'PUBLIC_URL' },
      { name: 'METRICS_TOKNE_FILE', meant: 'METRICS_TOKEN_FILE' },
      { name: 'Port', meant: 'PORT' },
    ]);
  });

  it('leaves the settings themselves and a machine\'s usual variables alone', () => {
    const usual = ['HOME', 'HOSTNAME', 'PATH', 'PWD', 'OLDPWD', 'USER', 'LOGNAME', 'SHELL', 'TERM', 'LANG', 'LANGUAGE', 'NODE_ENV', 'NODE_OPTIONS', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'TZ', 'DISPLAY', 'XDG_DATA_DIRS', 'XDG_RUNTIME_DIR', 'INVOCATION_ID', 'JOURNAL_STREAM', 'SYSTEMD_EXEC_PID', 'CREDENTIALS_DIRECTORY', 'STATE_DIRECTORY', 'npm_lifecycle_event', 'CI', 'DEBIAN_FRONTEND'];
    const settings = ['PORT', 'HOST', 'DATA_DIR', 'RATE_BURST', 'ADMIN_PASSWORD_FILE', 'SMTP_HOST', 'SMTP_PORT'];
    expect(nearMisses(Object.fromEntries([...usual, ...settings].map((n) => [n, 'x'])))).toEqual([]);
  });
});
