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

/**
 * Makes sure the moderator can log in. With ADMIN_PASSWORD set, that is the password. Otherwise
 * the stored hash; if there is none yet, a generated password is stored (hashed) and returned
 * once so the caller can print it. Returns null when nothing was generated.
 */
export async function ensureAdminPassword(store: Store, envPassword: string | null): Promise<string | null> {
  if (envPassword || store.getSetting(PASSWORD_SETTING)) return null;
  const password = generatePassword();
  store.putSetting(PASSWORD_SETTING, await hashPassword(password));
  return password;
}

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

export function createSessions(store: Store, now: () => number) {
  return {
    /** A new session; the raw id goes only into the cookie. */
    start(): string {
      const id = randomBytes(32).toString('base64url');
      store.pruneSessions(now() - SESSION_IDLE_MS, now() - SESSION_MAX_MS);
      store.createSession(sessionHash(id));
      return id;
    },
    /**
     * True if the id names a live session; expired ones are removed. `active` false (background
     * polls) counts for presence but does not postpone idle expiry: an unattended open tab
     * still logs out.
     */
    check(id: string | undefined, active = true): boolean {
      if (!id || id.length > 100) return false;
      const hash = sessionHash(id);
      const s = store.getSession(hash);
      if (!s) return false;
      const t = now();
      if (t - s.lastSeen >= SESSION_IDLE_MS || t - s.createdAt >= SESSION_MAX_MS) {
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
 * Failed logins: the fifth failure in a row blocks a client for a minute (then one try a
 * minute); 20 across all clients, then one
 * every 30 s (slows a distributed guesser; it can also slow the real moderator during an
 * attack, which we accept over letting guesses through).
 */
export function createLoginThrottle(now: () => number) {
  const perClient = createRateLimiter({ burst: 4, intervalMs: 60_000, now, maxKeys: 10_000 });
  const global = createRateLimiter({ burst: 19, intervalMs: 30_000, now });
  // Bounded by forgetting the least recent client, not by clearing all blocks at once.
  const blockedUntil = new Lru<string, number>(10_000);
  let globalBlockedUntil = 0;
  return {
    /** Milliseconds this client must wait before trying again, or 0. */
    waitMs(client: string): number {
      return Math.max(0, (blockedUntil.get(client) ?? 0) - now(), globalBlockedUntil - now());
    },
    /** Records a failure; returns the wait it causes (0 while attempts remain). */
    fail(client: string): number {
      const a = perClient.take(client);
      const b = global.take('*');
      const wait = Math.max(a.ok ? 0 : a.retryAfterMs, b.ok ? 0 : b.retryAfterMs);
      if (!a.ok) blockedUntil.set(client, now() + a.retryAfterMs);
      if (!b.ok) globalBlockedUntil = now() + b.retryAfterMs;
      return wait;
    },
  };
}
