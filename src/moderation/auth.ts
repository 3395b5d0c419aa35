/**
 * @module admin/auth
 * The moderator's password (scrypt), server-side sessions (only a hash of the id is stored),
 * and the login throttle. No Hono here: the routes turn these decisions into responses.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { Lru } from '../lru.ts';
import { createRateLimiter } from '../rate-limit.ts';
import type { Store } from '../store/store.ts';
import { databaseUnavailable } from '../store/faults.ts';

// scrypt N=2^15, r=8, p=1 (32 MiB, ~50-100 ms): slow enough that a stolen hash resists guessing.
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } satisfies ScryptOptions;
const KEY_LEN = 32;

const scryptAsync = (password: string, salt: Buffer, o: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scrypt(password, salt, KEY_LEN, o, (err, key) => (err ? reject(err) : resolve(key))));

/** `scrypt$N$r$p$salt$hash`, all parameters kept so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scryptAsync(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p), maxmem: SCRYPT.maxmem });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time comparison of two secrets of any length (compares their digests). */
export const sameSecret = (a: string, b: string): boolean => timingSafeEqual(sha256(a), sha256(b));

export const PASSWORD_SETTING = 'admin_password';

/** A strong random password for the first start: 20 characters, ~120 bits. */
export const generatePassword = (): string => randomBytes(15).toString('base64url');

/** The scrypt hash of ADMIN_PASSWORD, kept to notice that it changed between two starts. */
export const ENV_PASSWORD_SETTING = 'admin_password_env';

/**
 * Makes sure the moderator can log in. With ADMIN_PASSWORD set, that is the password; its scrypt
 * hash is stored, and a different ADMIN_PASSWORD than last time replaces it, which ends every
 * session (they are bound to the password, see passwordTag). Otherwise the stored hash; if there
 * is none yet, a generated password is stored (hashed) and returned once so the caller can print
 * it. Returns null when nothing was generated.
 */
export async function ensureAdminPassword(store: Store, envPassword: string | null): Promise<string | null> {
  if (envPassword) {
    const known = store.getSetting(ENV_PASSWORD_SETTING);
    if (!known || !(await verifyPassword(envPassword, known))) {
      store.putSetting(ENV_PASSWORD_SETTING, await hashPassword(envPassword));
      store.deleteAllSessions();
    }
    return null;
  }
  if (store.getSetting(PASSWORD_SETTING)) return null;
  const password = generatePassword();
  store.putSetting(PASSWORD_SETTING, await hashPassword(password));
  return password;
}

/**
 * Names the password in force: a SHA-256 of its stored scrypt string (which is in the database
 * already, so the tag reveals nothing more). A session opened under another tag is over: this
 * catches every way a password changes (the CLI from another process, a new ADMIN_PASSWORD at
 * restart, ADMIN_PASSWORD removed) without each having to remember to end sessions.
 */
export const passwordTag = (store: Store, envPassword: string | null): string =>
  sha256(store.getSetting(envPassword ? ENV_PASSWORD_SETTING : PASSWORD_SETTING) ?? '').toString('base64url');

/** Sets a new password (CLI) and ends every session, so a leaked session dies with the old password. */
export async function setAdminPassword(store: Store, password: string): Promise<void> {
  store.putSetting(PASSWORD_SETTING, await hashPassword(password));
  store.deleteAllSessions();
}

export async function checkPassword(store: Store, envPassword: string | null, attempt: string): Promise<boolean> {
  if (envPassword) return sameSecret(attempt, envPassword);
  const stored = store.getSetting(PASSWORD_SETTING);
  return stored ? verifyPassword(attempt, stored) : false;
}

export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
export const SESSION_MAX_MS = 12 * 60 * 60 * 1000;
// Writing last_seen on every admin request would fsync per click; once a minute is enough for
// idle expiry and the two-minute presence window.
const TOUCH_EVERY_MS = 60 * 1000;

export const sessionHash = (id: string): string => sha256(id).toString('base64url');

/**
 * The audit log's "who" for a moderator session: a short tag of the stored hash, enough to tell
 * sessions apart in the log and useless as a cookie.
 */
export const sessionActor = (id: string | undefined): string => `session:${id ? sessionHash(id).slice(0, 8) : '?'}`;

export function createSessions(store: Store, now: () => number, envPassword: string | null = null) {
  const tag = () => passwordTag(store, envPassword);
  return {
    /** A new session; the raw id goes only into the cookie. */
    start(): string {
      const id = randomBytes(32).toString('base64url');
      store.pruneSessions(now() - SESSION_IDLE_MS, now() - SESSION_MAX_MS);
      store.createSession(sessionHash(id), tag());
      return id;
    },
    /**
     * True if the id names a live session opened under the password in force; expired ones, and
     * ones from before a password change, are removed. `active` false (background
     * polls) counts for presence but does not postpone idle expiry: an unattended open tab
     * still logs out.
     */
    check(id: string | undefined, active = true): boolean {
      if (!id || id.length > 100) return false;
      const hash = sessionHash(id);
      const s = store.getSession(hash);
      if (!s) return false;
      const t = now();
      if (t - s.lastSeen >= SESSION_IDLE_MS || t - s.createdAt >= SESSION_MAX_MS || s.passwordTag !== tag()) {
        store.deleteSession(hash);
        return false;
      }
      if (!active) store.noteAdminSeen();
      else if (t - s.lastSeen > TOUCH_EVERY_MS) {
        // A database that can't take writes must not lock the moderator out of the pages that
        // tell them so: a failed touch only postpones idle expiry.
        try {
          store.touchSession(hash);
        } catch (err) {
          if (!databaseUnavailable(err)) throw err;
        }
      }
      return true;
    },
    end(id: string | undefined): void {
      if (id) store.deleteSession(sessionHash(id));
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;

/**
 * Login attempts. Each attempt reserves a try BEFORE the password is checked: the check (scrypt)
 * is slow, so a throttle that only counted failures afterwards let a parallel burst have every
 * guess checked. Per client: 4 tries, then one a minute; across all clients: 19, then one every
 * 30 s. A correct password gives its try back (successful logins cost nothing). At most
 * MAX_CHECKS checks run at once; the rest wait in line, and that line is bounded by the global
 * reservations (≈ 20), so a burst cannot hold 32 MiB of scrypt memory per request.
 */
export const MAX_CHECKS = 2;

export function createLoginThrottle(now: () => number) {
  const perClient = createRateLimiter({ burst: 4, intervalMs: 60_000, now, maxKeys: 10_000 });
  const global = createRateLimiter({ burst: 19, intervalMs: 30_000, now });
  // Bounded by forgetting the least recent client, not by clearing all blocks at once.
  const blockedUntil = new Lru<string, number>(10_000);
  let globalBlockedUntil = 0;
  let running = 0;
  const waiting: Array<() => void> = [];
  const waitMs = (client: string) => Math.max(0, (blockedUntil.get(client) ?? 0) - now(), globalBlockedUntil - now());
  return {
    /** Milliseconds this client must wait before trying again, or 0. */
    waitMs,
    /**
     * Takes one try for `client`, synchronously (no await between the decision and the take, so
     * parallel requests cannot all see the same free try). 0 = go ahead; else the wait.
     */
    reserve(client: string): number {
      const wait = waitMs(client);
      if (wait > 0) return wait;
      const a = perClient.take(client);
      if (!a.ok) {
        blockedUntil.set(client, now() + a.retryAfterMs);
        return a.retryAfterMs;
      }
      const b = global.take('*');
      if (!b.ok) {
        perClient.refund(client);
        globalBlockedUntil = now() + b.retryAfterMs;
        return b.retryAfterMs;
      }
      return 0;
    },
    /** The reserved try was the right password: give it back. */
    succeeded(client: string): void {
      perClient.refund(client);
      global.refund('*');
    },
    /** Runs `check` when fewer than MAX_CHECKS are running (scrypt takes 32 MiB each). */
    async limit<T>(check: () => Promise<T>): Promise<T> {
      if (running >= MAX_CHECKS) await new Promise<void>((go) => waiting.push(go));
      running++;
      try {
        return await check();
      } finally {
        running--;
        waiting.shift()?.();
      }
    },
    get checking(): number {
      return running + waiting.length;
    },
  };
}
