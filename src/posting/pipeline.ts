/**
 * @module pipeline
 * The posting pipeline: a visitor's post → normalised text → the ordered rules of rules.ts →
 * either one Refusal or an accepted post that the route writes. It owns the state the rules
 * remember (form tokens, repeats, floods, posts still being committed), so the route only
 * parses, runs this, writes and answers.
 */
import { Lru } from '../lru.ts';
import { secondsUp } from '../rate-limit.ts';
import type { Board, Store } from '../store/store.ts';
import { createFormTokens, type SpentTokenStore } from './form-token.ts';
import { scanLinks, type LinkScan } from './links.ts';
import type { Refusal } from './refusal.ts';
import type { ReplyTarget } from './reply.ts';
import { RULES, slowKey, TOKEN_FIELD, type PostCheck, type RuleDeps } from './rules.ts';
import { createDuplicateGuard, createFloodGuard, DUPLICATE_WINDOW_MS, FLOOD_DURATION_MS, FLOOD_WINDOW_MS, type SlowMode } from './spam.ts';
import { normaliseBody, normaliseName } from './text.ts';
import { matchesWordList } from './words.ts';

/** A post as read from the request: the board, the poster's key and the raw form fields. */
export type PostInput = { board: Board; poster: string; fields: (name: string) => string; reply?: ReplyTarget | null | 'gone' };

/** An accepted post: what to write, and claim(), which records it (see below). */
export type Accepted = { name: string; body: string; held: boolean; claim: () => () => void };

/**
 * The store as the pipeline needs it: the rules' reads, spent tokens, the recent posts its
 * memory is rebuilt from, the boards (their flood thresholds) and the slow-mode notification.
 */
export type PostingStore = RuleDeps['store'] & SpentTokenStore & Pick<Store, 'recentPosts' | 'getBoard' | 'notify'>;

export type PostingDeps = Pick<RuleDeps, 'config' | 'limiter'> & { store: PostingStore; now: () => number; secret: string };

/** The rules an author's edit of their own message must pass: a new post's, minus the form's and the name's. */
const EDIT_RULES = new Set(['closed', 'ban', 'text', 'board links', 'words', 'link limit', 'rate limit']);

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

export function createPosting({ config, store, limiter, now, secret }: PostingDeps) {
  const tokens = createFormTokens({ secret, now, minAgeMs: config.formMinAgeMs, spentStore: store });
  const duplicates = createDuplicateGuard({ now });
  const flood = createFloodGuard({ now, slowIntervalMs: config.floodSlowMs });
  /** A board's flood threshold: its own (a preset of the settings page), else FLOOD_POSTS. */
  const floodPosts = (board: Pick<Board, 'floodPosts'> | undefined) => board?.floodPosts ?? config.floodPosts;
  // A restart must forgive neither a repeat nor a flood: replay the posts that still count
  // (a flood's slow mode lasts FLOOD_DURATION_MS after the minute that triggered it).
  for (const p of store.recentPosts(now() - Math.max(DUPLICATE_WINDOW_MS, FLOOD_WINDOW_MS + FLOOD_DURATION_MS))) {
    duplicates.remember(p.board, p.poster, p.body, p.createdAt);
    flood.record(p.board, floodPosts(store.getBoard(p.board)), p.createdAt);
  }
  const slowMode = (board: Board): SlowMode | null => flood.slowMode(board.slug, floodPosts(board));
  // Posts of one event-loop turn commit together (writer.ts), after later posts are checked:
  // the accepted time is remembered here so a second post in the same turn meets slow mode too.
  const recent = new Lru<string, number>(10_000);
  const deps: RuleDeps = { config, store, tokens, duplicates, limiter, recent };

  /** Tells the moderators (board.slow_mode); the post matters more than the notice, so a failure is no refusal. */
  function slowModeStarted(board: Board) {
    try {
      store.notify('board.slow_mode', board.slug, board.title, { slowMode: { seconds: secondsUp(config.floodSlowMs), minutes: FLOOD_DURATION_MS / 60_000 } });
    } catch {
      // The database is failing: the post's own write will say so.
    }
  }

  /** The post as the rules see it; the link scan and the word list run at most once each. */
  function prepare({ board, poster, fields, reply = null }: PostInput): PostCheck {
    const name = normaliseName(fields('name'));
    const body = normaliseBody(fields('body'));
    const slow = slowMode(board);
    const floodSeconds = slow ? secondsUp(slow.intervalMs) : 0;
    const links: () => LinkScan = once(() => scanLinks(body));
    const wordHit = once(() => matchesWordList(board, `${name}\n${body}`));
    const floodSlow = floodSeconds > board.slowMode;
    return { board, poster, fields, reply, name, body, now: now(), links, wordHit, slowSeconds: floodSlow ? floodSeconds : board.slowMode, floodSlow };
  }

  return {
    /**
     * An author's new text for their message, through the same rules as a new post (the name is
     * not edited; it still counts for the word list): the first refusal, or the text to store and
     * whether it must wait for a moderator.
     */
    checkEdit({ board, poster, author, body: typed }: { board: Board; poster: string; author: string; body: string }): { refusal: Refusal } | { body: string; held: boolean } {
      const body = normaliseBody(typed);
      const links = once(() => scanLinks(body));
      const wordHit = once(() => matchesWordList(board, `${author}\n${body}`));
      const p: PostCheck = { board, poster, fields: () => '', reply: null, name: '', body, now: now(), links, wordHit, slowSeconds: 0, floodSlow: false };
      for (const rule of RULES) {
        const refusal = EDIT_RULES.has(rule.name) ? rule.check(p, deps) : null;
        if (refusal) return { refusal };
      }
      return { body, held: board.premoderate || (board.wordsAction === 'hold' && wordHit()) };
    },

    /** A fresh token for a form about to be rendered on `board` (`followUp`: in the answer to an accepted post, see form-token.ts). */
    issueToken: (board: string, followUp = false) => tokens.issue(board, undefined, followUp),

    /** The flood guard's slow mode on a board (the widget's #slow-mode line; the poll's epoch), or null. */
    slowMode,

    /** Runs the rules in order: the first refusal, or the accepted post. */
    check(input: PostInput): { refusal: Refusal } | { accepted: Accepted } {
      const p = prepare(input);
      for (const rule of RULES) {
        const refusal = rule.check(p, deps);
        if (refusal) return { refusal };
      }
      // Accepted posts wait for a moderator on a pre-moderated board, or for a listed word on a "hold" board.
      const held = p.board.premoderate || (p.board.wordsAction === 'hold' && p.wordHit());
      /**
       * Records the post: spends its token, remembers its text, counts it for floods and slow
       * mode. Call it before awaiting the write, so two copies of one form racing each other
       * cannot both get through; the returned undo() gives it all back if the write fails.
       */
      const claim = () => {
        const board = p.board.slug;
        const token = p.fields(TOKEN_FIELD);
        tokens.spend(board, token);
        duplicates.remember(board, p.poster, p.body);
        if (flood.record(board, floodPosts(p.board))) slowModeStarted(p.board);
        if (p.slowSeconds > 0) recent.set(slowKey(p), p.now);
        return () => {
          tokens.unspend(board, token);
          duplicates.forget(board, p.poster, p.body);
          recent.delete(slowKey(p));
        };
      };
      return { accepted: { name: p.name, body: p.body, held, claim } };
    },
  };
}

export type Posting = ReturnType<typeof createPosting>;
