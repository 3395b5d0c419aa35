/**
 * @module store/tokens
 * Table `api_tokens`: named, scoped bearer tokens for the JSON API. Only the SHA-256 of a
 * token is stored; the token is returned once, by createToken, and never again.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './db.ts';
import type { Writes } from './writes.ts';

/** What a token may do: post as staff, moderate messages and ban, export transcripts. */
export const SCOPES = ['post', 'moderate', 'export'] as const;
export type Scope = (typeof SCOPES)[number];
export const isScope = (s: string): s is Scope => (SCOPES as readonly string[]).includes(s);

export type ApiToken = Readonly<{ id: number; name: string; scopes: Scope[]; createdAt: number; revokedAt: number | null; lastUsedAt: number | null }>;

/**
 * Token names are what the audit log shows (`token:<name>`): short, plain, unambiguous. The
 * pattern is also the form's `pattern` attribute, which browsers compile with the `v` flag
 * (where a literal `-` in a class must be escaped).
 */
export const TOKEN_NAME_PATTERN = '[a-z0-9][a-z0-9_.\\-]{0,39}';
export const TOKEN_NAME_RE = new RegExp(`^(?:${TOKEN_NAME_PATTERN})$`, 'v');

/** The stored form of a token. A token has 256 random bits, so a plain hash is enough (no salt or slow hash needed). */
export const tokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

type Row = { id: number; name: string; scopes: string; createdAt: number; revokedAt: number | null; lastUsedAt: number | null };
const toToken = (r: Row): ApiToken => ({ ...r, scopes: r.scopes.split(',').filter(isScope) });
const COLUMNS = 'id, name, scopes, created_at AS createdAt, revoked_at AS revokedAt, last_used_at AS lastUsedAt';
// "Last used" is for spotting tokens no program uses any more: to the minute is enough, and a
// write (an fsync) on every API call is not.
const USE_STEP_MS = 60_000;

export function createTokenStore(db: Db, now: () => number, { tracked }: Writes) {
  const q = {
    insert: db.prepare(`INSERT INTO api_tokens (name, scopes, hash, created_at) VALUES (@name, @scopes, @hash, @createdAt)`),
    byName: db.prepare<[string], { id: number }>(`SELECT id FROM api_tokens WHERE name = ?`),
    byHash: db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM api_tokens WHERE hash = ? AND revoked_at IS NULL`),
    list: db.prepare<[], Row>(`SELECT ${COLUMNS} FROM api_tokens ORDER BY revoked_at IS NOT NULL, id DESC`),
    revoke: db.prepare<[number, number], { name: string }>(`UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL RETURNING name`),
    used: db.prepare<[number, number]>(`UPDATE api_tokens SET last_used_at = ? WHERE id = ?`),
  };
  // Token id → when its use was last written (tokens are few: the admin makes them by hand).
  const written = new Map<number, number>();
  return {
    /** Makes a token; the secret is in the answer only. Undefined when the name was ever used. */
    createToken(name: string, scopes: Scope[]): { token: string; info: ApiToken } | undefined {
      if (q.byName.get(name)) return undefined;
      const token = `hlr_${randomBytes(32).toString('base64url')}`;
      const createdAt = now();
      const id = Number(tracked(() => q.insert.run({ name, scopes: scopes.join(','), hash: tokenHash(token), createdAt })).lastInsertRowid);
      return { token, info: { id, name, scopes, createdAt, revokedAt: null, lastUsedAt: null } };
    },
    /** The live (not revoked) token with this secret, if any. */
    findToken(token: string): ApiToken | undefined {
      const row = q.byHash.get(tokenHash(token));
      return row && toToken(row);
    },
    /** Notes that a token was used now; written at most once a minute per token. */
    tokenUsed(id: number): void {
      const t = now();
      if (t - (written.get(id) ?? -Infinity) < USE_STEP_MS) return;
      written.set(id, t);
      tracked(() => q.used.run(t, id));
    },
    /** Live tokens first, newest first. */
    listTokens: (): ApiToken[] => q.list.all().map(toToken),
    /** Revokes at once and for good; the token's name, or undefined if there was no live token with this id. */
    revokeToken: (id: number): string | undefined => tracked(() => q.revoke.get(now(), id))?.name,
  };
}
