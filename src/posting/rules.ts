/**
 * @module rules
 * The rules a post must pass, as one ordered list. Each rule looks at the post and returns
 * nothing or one Refusal (refusal.ts); the first refusal wins, so the order is part of the
 * behaviour (a test pins it):
 *   - the cheap bot checks (field sizes, honeypot, form token) come first, so a bot learns
 *     nothing about the other rules;
 *   - the ban comes before the text rules, so a banned poster is told so whatever they wrote;
 *   - the rate limit comes last because it spends a unit of the poster's allowance: a post
 *     refused for anything else costs none.
 * Rules only look; what a post leaves behind (spent token, remembered text, flood count) is
 * recorded by the pipeline (pipeline.ts) once the post is accepted.
 */
import type { Config } from '../config.ts';
import { secondsUp, type RateLimiter } from '../rate-limit.ts';
import type { Lru } from '../lru.ts';
import type { Board, Store } from '../store/store.ts';
import type { FormTokens } from './form-token.ts';
import type { LinkScan } from './links.ts';
import { refusal, type Refusal } from './refusal.ts';
import type { ReplyTarget } from './reply.ts';
import { HONEYPOT_FIELD, type DuplicateGuard, type FloodGuard } from './spam.ts';
import { checkPost, NAME_MAX } from './text.ts';

export const TOKEN_FIELD = 'token';

/** A post as the rules see it: the board, who posts (a keyed hash), the raw fields and the normalised text. */
export type PostCheck = {
  board: Board;
  poster: string;
  fields: (name: string) => string;
  /** The message this post answers (none, or 'gone' when it can no longer be answered). */
  reply: ReplyTarget | null | 'gone';
  name: string;
  body: string;
  now: number;
  /** The one link scan of this post (made on first use). */
  links: () => LinkScan;
  /** Whether name or body holds a word of the board's list (matched on first use). */
  wordHit: () => boolean;
  /** The slow-mode interval in force for this post, in seconds (0 when off). */
  slowSeconds: number;
  /** Whether that interval is the flood guard's, not the board's own. */
  floodSlow: boolean;
};

/** What the rules consult besides the post. */
export type RuleDeps = {
  config: Config;
  store: Pick<Store, 'activeBan' | 'lastPostAt'>;
  tokens: FormTokens;
  duplicates: DuplicateGuard;
  limiter: RateLimiter;
  /** Accepted posts not yet committed (group commit), by slow-mode key: see pipeline.ts. */
  recent: Lru<string, number>;
};

export type Rule = { name: string; check: (p: PostCheck, d: RuleDeps) => Refusal | null };

// Caps on raw field sizes (UTF-16 units), far above any honest value: one grapheme may take
// many units (flags, skin tones, family emoji), so the caps scale with the grapheme limits.
const UNITS_PER_GRAPHEME = 16;

export const slowKey = (p: Pick<PostCheck, 'board' | 'poster'>) => `${p.board.slug}\n${p.poster}`;

export const RULES: readonly Rule[] = [
  { name: 'closed', check: (p) => (p.board.closed ? refusal('closed') : null) },
  {
    name: 'field sizes',
    check: ({ fields, board }) =>
      fields('name').length > NAME_MAX * UNITS_PER_GRAPHEME ||
      fields('body').length > board.maxLength * UNITS_PER_GRAPHEME ||
      fields(TOKEN_FIELD).length > 200 ||
      fields(HONEYPOT_FIELD).length > 1000
        ? refusal('too_large')
        : null,
  },
  { name: 'honeypot', check: (p) => (p.fields(HONEYPOT_FIELD).trim() ? refusal('honeypot') : null) },
  {
    name: 'form token',
    check: (p, d) => {
      const problem = d.tokens.check(p.board.slug, p.fields(TOKEN_FIELD) || undefined);
      if (!problem) return null;
      return problem.code === 'token_too_fast' ? refusal(problem.code, {}, secondsUp(d.config.formMinAgeMs)) : refusal(problem.code);
    },
  },
  { name: 'reply', check: (p) => (p.reply === 'gone' ? refusal('reply_gone') : null) },
  {
    name: 'ban',
    check: (p, d) => {
      const ban = d.store.activeBan(p.poster, p.board.slug);
      if (!ban) return null;
      return ban.expiresAt === null ? refusal('banned_forever', { reason: ban.reason }) : refusal('banned', { left: { ms: ban.expiresAt - p.now }, reason: ban.reason });
    },
  },
  { name: 'text', check: (p) => checkPost(p.body, p.name, p.board.maxLength) },
  {
    // One slow mode: the board's own, or the flood guard's temporary one when that is longer.
    name: 'slow mode',
    check: (p, d) => {
      if (p.slowSeconds <= 0) return null;
      // The last accepted post counts even while it is still being committed.
      const last = Math.max(d.store.lastPostAt(p.board.slug, p.poster) ?? 0, d.recent.get(slowKey(p)) ?? 0);
      const waitMs = last ? last + p.slowSeconds * 1000 - p.now : 0;
      if (waitMs <= 0) return null;
      const seconds = secondsUp(waitMs);
      // A flood-time slow mode says so, so people know it is temporary and why.
      return p.floodSlow ? refusal('flood_slow', { count: p.slowSeconds, wait: seconds }, seconds) : refusal('slow', { count: seconds }, seconds);
    },
  },
  { name: 'board links', check: (p) => (!p.board.linksAllowed && p.links().any ? refusal('links') : null) },
  { name: 'words', check: (p) => (p.board.wordsAction === 'block' && p.wordHit() ? refusal('word') : null) },
  {
    name: 'link limit',
    check: (p, d) => {
      const n = p.links().links;
      const max = d.config.maxLinks;
      if (n <= max) return null;
      return max === 0 ? refusal('links_forbidden') : refusal('too_many_links', { count: max });
    },
  },
  { name: 'duplicate', check: (p, d) => (d.duplicates.check(p.board.slug, p.poster, p.body) ? refusal('duplicate') : null) },
  {
    name: 'rate limit',
    check: (p, d) => {
      const rate = d.limiter.take(slowKey(p));
      return rate.ok ? null : refusal('rate', { count: secondsUp(rate.retryAfterMs) }, secondsUp(rate.retryAfterMs));
    },
  },
];
