/**
 * @module config
 * The only reader of the environment. Every option is declared once (name, default, meaning),
 * every problem is collected, and the caller gets either a frozen Config or the whole list.
 */
import fs from 'node:fs';
import util from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTrustProxy, type TrustProxy } from './http/client-ip.ts';
import { NOTIFY_EVENT_NAMES, readNotify, type NotifyConfig } from './notify/env.ts';

/** The project folder (package.json, public/, migrations/), found by walking up from this module:
 *  the same answer from src/ under tsx and from the dist/ bundle. */
export const ROOT_DIR = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('Holler: package.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
})();

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export { hasUserInfo, isEmail, isHttpUrl, isNotifyEvent, isWebhookSecret, MIN_WEBHOOK_SECRET, NOTIFY_EVENT_NAMES, WEBHOOK_FORMATS, type NotifyConfig, type NotifyEvent, type SmtpConfig, type WebhookFormat } from './notify/env.ts';
export { privateHost, resolvesPrivate } from './notify/address.ts';

export type Config = Readonly<{
  port: number;
  host: string;
  dataDir: string;
  publicUrl: string | null;
  trustProxy: TrustProxy;
  logLevel: LogLevel;
  pollIntervalMs: number; // widget poll interval
  rateBurst: number; // per poster per board: rateBurst posts at once, then one per rateIntervalMs
  rateIntervalMs: number;
  adminPassword: string | null; // when given in the environment (else the stored scrypt hash)
  frameAncestors: string; // CSP frame-ancestors of the widget: which pages may embed it ('*' = any)
  lockWaitMs: number; // how long a start waits for a previous Holler on the same DATA_DIR and port
  formMinAgeMs: number; // a form posted sooner than this after it was rendered is refused (bots)
  maxLinks: number;
  floodPosts: number; // posts per minute on one board that turn on a temporary slow mode; 0 = off
  floodSlowMs: number; // during that slow mode, one post per poster per this long
  retainDays: number; // visible messages older than this are deleted for good; 0 keeps them
  purgeDeletedDays: number; // deleted messages are purged this many days after their deletion; 0 keeps
  auditRetainDays: number; // audit entries older than this are erased; 0 keeps
  notify: NotifyConfig;
  diskMinFreeBytes: number; // less free space where DATA_DIR lives is logged, and keeps /healthz 503 after a failed write
  backupDir: string | null; // folder for the daily online backups (null = off)
  backupKeep: number;
  metricsToken: string | null; // /metrics's bearer token; null = /metrics is off (404)
  accessLog: boolean;
}>;

/** Each option with its environment name, default and one-line meaning (shown in the README). */
export const OPTIONS = [
  ['PORT', '3000', 'TCP port to listen on'],
  ['HOST', '127.0.0.1', 'address to bind; the Docker image sets 0.0.0.0'],
  ['DATA_DIR', './data', 'folder for the SQLite database (created if missing)'],
  ['PUBLIC_URL', '', 'public origin, e.g. https://chat.example.org (no path: Holler serves from its host\'s root), used in embed snippets, feeds and mails'],
  ['TRUST_PROXY', 'off', 'honour X-Forwarded-For from your proxies: their addresses/CIDRs, comma-separated, or loopback, private, uniquelocal, linklocal (e.g. loopback for nginx on the same machine); off; or a hop count (only when nothing else can reach the port)'],
  ['LOG_LEVEL', 'info', 'debug, info, warn, error or silent'],
  ['POLL_INTERVAL', '3', 'seconds between widget polls'],
  ['RATE_BURST', '3', 'posts a visitor may make at once on a board'],
  ['RATE_INTERVAL', '5', 'seconds to earn one more post after the burst'],
  ['ADMIN_PASSWORD', '', 'moderator password; if unset, `npm run admin -- set-password` or one generated and printed at first start'],
  ['FRAME_ANCESTORS', '*', "pages allowed to embed the widget: * or origins separated by spaces, e.g. https://example.org https://*.example.net"],
  ['LOCK_WAIT', '15', 'seconds a start waits for a previous Holler on the same DATA_DIR (or port) to stop'],
  ['FORM_MIN_SECONDS', '2', 'a form sent sooner than this after it was shown is refused as a bot'],
  ['MAX_LINKS', '2', 'links allowed in one message'],
  ['FLOOD_POSTS', '30', 'posts per minute on one board that turn on a 10-minute slow mode (0 = never)'],
  ['FLOOD_SLOW', '30', 'seconds each visitor waits between posts during that slow mode'],
  ['RETAIN_DAYS', '0', 'delete messages older than this many days (0 = keep them)'],
  ['PURGE_DELETED_DAYS', '30', 'erase deleted messages this many days after they were deleted (0 = keep)'],
  ['AUDIT_RETAIN_DAYS', '365', 'erase audit log entries older than this many days (0 = keep)'],
  ['BACKUP_DIR', '', 'folder for a checked online backup taken daily while Holler runs (unset = no scheduled backups)'],
  ['BACKUP_KEEP', '7', 'how many of those daily backups to keep (0 = all)'],
  ['NOTIFY_WEBHOOK_URL', '', 'instance-wide webhook: every board\'s events are POSTed here (README, "Notifications")'],
  ['NOTIFY_WEBHOOK_SECRET', '', 'key of the webhook\'s Standard Webhooks signature (webhook-signature, and X-Holler-Signature): at least 16 characters, or whsec_ + base64; required for the generic format'],
  ['NOTIFY_WEBHOOK_FORMAT', 'generic', 'payload of that webhook: generic (JSON event), slack or discord (incoming-webhook message)'],
  ['NOTIFY_EVENTS', NOTIFY_EVENT_NAMES.join(','), 'comma-separated events the instance-wide webhook and email get'],
  ['NOTIFY_ALLOW_PRIVATE', 'off', 'on: board webhooks set in the admin may point at this machine or private addresses (loopback, 10/8, 169.254/16, …); the environment\'s webhook always may'],
  ['SMTP_URL', '', 'mail server as a URL, e.g. smtps://user:pass@mail.example.org (or use SMTP_HOST…)'],
  ['SMTP_HOST', '', 'mail server host name, when SMTP_URL is not set'],
  ['SMTP_PORT', '587', 'mail server port (465 = TLS from the start, else STARTTLS when offered)'],
  ['SMTP_USER', '', 'mail server login'],
  ['SMTP_PASS', '', 'mail server password'],
  ['SMTP_FROM', 'Holler <holler@localhost>', 'sender address of notification mails'],
  ['NOTIFY_EMAIL_TO', '', 'comma-separated addresses that get every board\'s events by mail (needs SMTP_URL or SMTP_HOST)'],
  ['NOTIFY_EMAIL_DIGEST', '10', 'minutes: at most one mail per board in this time, collecting the events (0 = one mail per event)'],
  ['DISK_MIN_FREE_MB', '64', 'free space (MB) on the filesystem holding DATA_DIR below which Holler logs a warning; after a failed write, /healthz stays 503 until at least this much is free again'],
  ['METRICS_TOKEN', '', 'turns on /metrics (Prometheus text format), readable only with Authorization: Bearer <token>; at least 16 characters (unset = /metrics answers 404)'],
  ['ACCESS_LOG', 'off', 'on: one JSON line per request at info level, OpenTelemetry keys (http.request.method, url.path without the query, http.response.status_code, duration_ms, http.response.size, request id)'],
] as const;

/** An origin in CSP source syntax: scheme, host (a leading *. wildcard allowed), optional port. */
const ORIGIN_PATTERN = /^https?:\/\/(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i;

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

type Env = Record<string, string | undefined>;

/** Secrets that may also come from NAME_FILE (Docker/systemd secrets); a Slack or Discord webhook URL is one. */
export const SECRET_OPTIONS = ['ADMIN_PASSWORD', 'NOTIFY_WEBHOOK_URL', 'NOTIFY_WEBHOOK_SECRET', 'SMTP_URL', 'SMTP_PASS', 'METRICS_TOKEN'] as const;

/** The environment Holler runs with: `.env` in the working folder if any (the real environment wins),
 *  then each secret's `NAME_FILE` read into NAME. Problems are returned, to be listed with the rest. */
export function readEnv(processEnv: Env = process.env, cwd = process.cwd()): { env: Env; errors: string[] } {
  const errors: string[] = [];
  let env: Env = { ...processEnv };
  const dotenv = path.join(cwd, '.env');
  if (fs.existsSync(dotenv)) {
    try {
      env = { ...util.parseEnv(fs.readFileSync(dotenv, 'utf8')), ...processEnv };
    } catch (err) {
      errors.push(`.env could not be read: ${(err as Error).message}`);
    }
  }
  for (const name of SECRET_OPTIONS) {
    const file = env[`${name}_FILE`];
    if (!file) continue;
    if (env[name]) errors.push(`set ${name} or ${name}_FILE, not both`);
    else try {
      // A trailing newline is an editor's, never part of the secret.
      env[name] = fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      errors.push(`${name}_FILE=${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  }
  return { env, errors };
}

/** Optimal string alignment distance (a swap, BRUST/BURST, is one edit) ≤ most? Ends at a row all past it: full tables were TurboFan-hot at start. */
function within(a: string, b: string, most: number): boolean {
  let [before, prev] = [[] as number[], Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length && Math.min(...prev) <= most; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const swap = i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1] ? before[j - 2]! + 1 : most + 1;
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1), swap);
    }
    [before, prev] = [prev, row];
  }
  return prev[b.length]! <= most;
}

/** Variables that are not Holler's but nearly are (RATE_BRUST, data_dir), with the name meant: a typo is
 *  otherwise ignored in silence. Short names need an exact match but for case (HOME is not HOST). */
export function nearMisses(env: Env): Array<{ name: string; meant: string }> {
  const known = [...OPTIONS.map(([n]) => n as string), ...SECRET_OPTIONS.map((n) => `${n}_FILE`)];
  return Object.keys(env).flatMap((name) => {
    if (known.includes(name)) return [];
    const upper = name.toUpperCase();
    const meant = known.find((k) => k === upper || (k.length >= 6 && Math.abs(k.length - upper.length) <= 2 && within(k, upper, k.length >= 10 ? 2 : 1)));
    return meant ? [{ name, meant }] : [];
  });
}

export function loadConfig(env: Env = process.env): ConfigResult {
  const errors: string[] = [];
  const get = (name: string): string => {
    const option = OPTIONS.find(([n]) => n === name);
    const raw = env[name]?.trim();
    return raw === undefined || raw === '' ? (option?.[1] ?? '') : raw;
  };
  // A whole number, or seconds (decimals allowed) as milliseconds; out of range: an error, and min.
  const num = (name: string, min: number, max: number, pattern: RegExp, what: string, scale: number): number => {
    const raw = get(name);
    const n = Number(raw);
    if (pattern.test(raw) && n >= min && n <= max) return Math.round(n * scale);
    errors.push(`${name} must be ${what} from ${min} to ${max} (got "${raw}")`);
    return min * scale;
  };
  const int = (name: string, min: number, max: number) => num(name, min, max, /^\d+$/, 'a whole number', 1);
  const seconds = (name: string, min: number, max: number) => num(name, min, max, /^\d+(\.\d+)?$/, 'a number of seconds', 1000);

  const port = int('PORT', 0, 65535);
  const host = get('HOST');
  const dataDir = path.resolve(get('DATA_DIR'));

  let publicUrl: string | null = null;
  const rawUrl = get('PUBLIC_URL');
  if (rawUrl) {
    try {
      const url = new URL(rawUrl);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
      // Every link Holler writes starts at its host's root: a path would be dropped silently.
      if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
        errors.push(`PUBLIC_URL must be an origin with no path, such as https://chat.example.org (got "${rawUrl}"): Holler serves from the root of its host, so give it a host name of its own (e.g. chat.example.org) rather than a folder under another site`);
      } else publicUrl = url.origin;
    } catch {
      errors.push(`PUBLIC_URL must be an http(s) URL such as https://chat.example.org (got "${rawUrl}")`);
    }
  }

  const trust = parseTrustProxy(get('TRUST_PROXY'));
  if (!trust.ok) errors.push(`TRUST_PROXY ${trust.error}`);

  if (env.ADMIN_PASSWORD && env.ADMIN_PASSWORD.length < 10) errors.push('ADMIN_PASSWORD must be at least 10 characters long');

  const logLevel = get('LOG_LEVEL').toLowerCase();
  if (!['debug', 'info', 'warn', 'error', 'silent'].includes(logLevel)) {
    errors.push(`LOG_LEVEL must be one of debug, info, warn, error, silent (got "${logLevel}")`);
  }

  // Goes verbatim into a CSP header, so only plain origins pass: no ';' or quotes can smuggle in a directive.
  const frameAncestors = get('FRAME_ANCESTORS').split(/\s+/).filter(Boolean);
  const badAncestors = frameAncestors.filter((o) => o !== '*' && o !== "'self'" && !ORIGIN_PATTERN.test(o));
  if (badAncestors.length || (frameAncestors.includes('*') && frameAncestors.length > 1)) {
    errors.push(`FRAME_ANCESTORS must be * or origins such as https://example.org separated by spaces (got "${get('FRAME_ANCESTORS')}")`);
  }

  const notify = readNotify(env, get, int, errors);
  const metricsToken = env.METRICS_TOKEN?.trim() || null;
  if (metricsToken && metricsToken.length < 16) errors.push('METRICS_TOKEN must be at least 16 characters long (it guards /metrics)');
  const accessLog = get('ACCESS_LOG').toLowerCase();
  if (!['on', 'off', 'true', 'false', '1', '0'].includes(accessLog)) errors.push(`ACCESS_LOG must be on or off (got "${get('ACCESS_LOG')}")`);

  const config: Config = Object.freeze({
    port,
    host,
    dataDir,
    publicUrl,
    trustProxy: trust.ok ? trust.value : { hops: 0 },
    logLevel: logLevel as LogLevel,
    pollIntervalMs: seconds('POLL_INTERVAL', 1, 600),
    rateBurst: int('RATE_BURST', 1, 1000),
    rateIntervalMs: seconds('RATE_INTERVAL', 0, 86400),
    adminPassword: env.ADMIN_PASSWORD || null,
    frameAncestors: frameAncestors.join(' ') || '*',
    lockWaitMs: seconds('LOCK_WAIT', 0, 600),
    formMinAgeMs: seconds('FORM_MIN_SECONDS', 0, 60),
    maxLinks: int('MAX_LINKS', 0, 50),
    floodPosts: int('FLOOD_POSTS', 0, 100000),
    floodSlowMs: seconds('FLOOD_SLOW', 1, 3600),
    retainDays: int('RETAIN_DAYS', 0, 36500),
    purgeDeletedDays: int('PURGE_DELETED_DAYS', 0, 36500),
    auditRetainDays: int('AUDIT_RETAIN_DAYS', 0, 36500),
    notify,
    diskMinFreeBytes: int('DISK_MIN_FREE_MB', 0, 1_000_000) * 1024 * 1024,
    backupDir: get('BACKUP_DIR') ? path.resolve(get('BACKUP_DIR')) : null,
    backupKeep: int('BACKUP_KEEP', 0, 10_000),
    metricsToken,
    accessLog: ['on', 'true', '1'].includes(accessLog),
  });
  return errors.length ? { ok: false, errors } : { ok: true, config };
}
