/**
 * @module form-token
 * Signed, single-use form tokens: the proof that a post came from a form we rendered, and when.
 *
 * A token is `id.issuedAt.mac`, where mac = HMAC-SHA256(secret, board|id|issuedAt). It needs no
 * cookie and no server state until it is spent: a bot that never loaded the form has none, a
 * bot that posts the instant it loaded one is too fast, and a form left open for over a day is
 * stale. A follow-up token (`id.issuedAt.f.mac`, the flag inside the mac) is the one in the
 * answer to the visitor's own accepted post: a person who just sent "hello" may well send
 * "hello?" a second later, so it skips the too-fast check. Only a post that passed every rule
 * (a form shown long enough among them) earns one, and the rate limit and slow mode still count. Spent token ids are remembered until they would expire anyway, so a double-submitted
 * form creates one message: in the database when a `spentStore` is given (the app: a restart
 * must not make a captured token good again), else in memory, bounded.
 */
import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import { randomIds } from './random-ids.ts';
import { DAY_MS } from '../time.ts';

export type TokenProblem =
  | { code: 'token_missing' }
  | { code: 'token_invalid' }
  | { code: 'token_too_fast' }
  | { code: 'token_expired' }
  | { code: 'token_used' };

export type FormTokenOptions = {
  secret: string;
  now: () => number;
  /** Youngest a token may be when posted: a person needs at least this long to type. */
  minAgeMs: number;
  /** How many spent ids to remember; past it the oldest are forgotten (they expire soon anyway). */
  maxSpent?: number;
  /** Where spent ids are kept across restarts (store/spent-tokens.ts); memory only without it. */
  spentStore?: SpentTokenStore;
};

export type SpentTokenStore = {
  isTokenSpent(id: string): boolean;
  spendToken(id: string, expiresAt: number): void;
  unspendToken(id: string): void;
};

// Clocks of two processes behind a load balancer, or a test clock, may differ a little.
const CLOCK_SKEW_MS = 60_000;

export function createFormTokens({ secret, now, minAgeMs, maxSpent = 200_000, spentStore }: FormTokenOptions) {
  // id → time at which the token expires; insertion order is spend order, so the oldest is first.
  const spent = new Map<string, number>();

  // The flag is signed with the rest: a plain token cannot be turned into a follow-up one.
  // Every page view issues a token: the key is made once (not from the string per call), and
  // random ids are cut from a pool (random-ids.ts).
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  const mac = (board: string, id: string, issued: string, followUp: boolean) =>
    createHmac('sha256', key).update(`${board}|${id}|${issued}${followUp ? '|f' : ''}`).digest('base64url').slice(0, 32);
  const randomId = randomIds(12);

  // check() and then spend() (claim) read the same token in one request: its MAC is verified once.
  let last: { board: string; token: string; parsed: ReturnType<typeof verify> } | undefined;
  function parse(board: string, token: string) {
    if (last?.token !== token || last.board !== board) last = { board, token, parsed: verify(board, token) };
    return last.parsed;
  }

  function verify(board: string, token: string) {
    const m = /^([\w-]{16})\.([0-9a-z]{1,12})\.(f\.)?([\w-]{32})$/.exec(token);
    if (!m) return null;
    const [, id, issued, flag, sig] = m as unknown as [string, string, string, string | undefined, string];
    const expected = Buffer.from(mac(board, id, issued, flag !== undefined));
    if (!timingSafeEqual(expected, Buffer.from(sig))) return null;
    return { id, issuedAt: parseInt(issued, 36), followUp: flag !== undefined };
  }

  function forget(t: number) {
    for (const [id, expires] of spent) {
      if (expires > t && spent.size < maxSpent) break;
      spent.delete(id);
    }
  }

  return {
    /** A fresh token for a form on `board`, dated now; `followUp` for the answer to an accepted post. */
    issue(board: string, issuedAt = now(), followUp = false): string {
      const id = randomId();
      const issued = issuedAt.toString(36);
      return `${id}.${issued}.${followUp ? 'f.' : ''}${mac(board, id, issued, followUp)}`;
    },

    /** Why this token can't carry a post on `board` now, or null if it can. Does not spend it. */
    check(board: string, token: string | undefined): TokenProblem | null {
      if (!token) return { code: 'token_missing' };
      const parsed = parse(board, token);
      if (!parsed) return { code: 'token_invalid' };
      const age = now() - parsed.issuedAt;
      if (age < -CLOCK_SKEW_MS) return { code: 'token_invalid' };
      if (age < minAgeMs && !parsed.followUp) return { code: 'token_too_fast' };
      if (age > DAY_MS) return { code: 'token_expired' };
      if (spent.has(parsed.id) || spentStore?.isTokenSpent(parsed.id)) return { code: 'token_used' };
      return null;
    },

    /** Marks a checked token as spent. Call it in the same synchronous step as the write. */
    spend(board: string, token: string): void {
      const parsed = parse(board, token);
      if (!parsed) return;
      if (spentStore) return spentStore.spendToken(parsed.id, parsed.issuedAt + DAY_MS);
      forget(now());
      spent.set(parsed.id, parsed.issuedAt + DAY_MS);
    },

    /** Gives a spent token back (its post could not be stored). */
    unspend(board: string, token: string): void {
      const parsed = parse(board, token);
      if (!parsed) return;
      spent.delete(parsed.id);
      spentStore?.unspendToken(parsed.id);
    },

    get spentCount(): number {
      return spent.size;
    },
  };
}

export type FormTokens = ReturnType<typeof createFormTokens>;
