/**
 * @module spam-rules
 * Everything a post must pass besides the text rules of text.ts, in one place and one order:
 * field sizes, honeypot, form token, links, duplicates, flood slow mode. Each refusal carries
 * its status code and a sentence in the visitor's language; the route shows it in the form.
 *
 * Order matters: the cheap bot checks (honeypot, token) come first, so a bot learns nothing
 * about the text rules; the rules that remember things (token, duplicate, flood) are updated
 * only by accept(), after the message is stored.
 */
import type { Config } from '../config.ts';
import { createFormTokens, type TokenProblem } from './form-token.ts';
import type { Translate } from '../i18n/i18n.ts';
import { checkHoneypot, checkLinks, createDuplicateGuard, createFloodGuard, HONEYPOT_FIELD, type SpamProblem } from './spam.ts';
import { NAME_MAX } from './text.ts';

export const TOKEN_FIELD = 'token';

export type Refusal = { status: 403 | 409 | 413 | 422 | 429; error: string; retryAfterS?: number };

export type PostInput = { board: string; maxLength: number; fields: (name: string) => string; body: string; poster: string };

// Caps on raw field sizes (UTF-16 units), far above any honest value: one grapheme may take
// many units (flags, skin tones, family emoji), so the caps scale with the grapheme limits.
const UNITS_PER_GRAPHEME = 16;

export function createPostRules({ config, now, secret }: { config: Config; now: () => number; secret: string }) {
  const tokens = createFormTokens({ secret, now, minAgeMs: config.formMinAgeMs });
  const duplicates = createDuplicateGuard({ now });
  const flood = createFloodGuard({ now, threshold: config.floodPosts, slowIntervalMs: config.floodSlowMs });

  const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

  function tokenRefusal(tr: Translate, p: TokenProblem): Refusal {
    switch (p.code) {
      case 'token_missing': return { status: 403, error: tr('err_token_missing') };
      case 'token_invalid': return { status: 403, error: tr('err_token_invalid') };
      case 'token_too_fast': return { status: 429, error: tr('err_token_too_fast'), retryAfterS: seconds(config.formMinAgeMs) };
      case 'token_expired': return { status: 403, error: tr('err_token_expired') };
      case 'token_used': return { status: 409, error: tr('err_token_used') };
    }
  }

  function spamRefusal(tr: Translate, p: SpamProblem): Refusal {
    switch (p.code) {
      case 'honeypot': return { status: 422, error: tr('err_honeypot') };
      case 'duplicate': return { status: 409, error: tr('err_duplicate') };
      case 'too_many_links': return { status: 422, error: tr('err_too_many_links', { count: p.max }) };
      case 'links_forbidden': return { status: 422, error: tr('err_links_forbidden') };
    }
  }

  return {
    /** A fresh token for a form about to be rendered on `board`. */
    issueToken: (board: string) => tokens.issue(board),

    /** Field sizes, honeypot and token: the checks that come before the text rules. */
    checkForm(tr: Translate, p: Pick<PostInput, 'board' | 'maxLength' | 'fields'>): Refusal | null {
      const tooBig =
        p.fields('name').length > NAME_MAX * UNITS_PER_GRAPHEME ||
        p.fields('body').length > p.maxLength * UNITS_PER_GRAPHEME ||
        p.fields(TOKEN_FIELD).length > 200 ||
        p.fields(HONEYPOT_FIELD).length > 1000;
      if (tooBig) return { status: 413, error: tr('err_too_large') };
      const bait = checkHoneypot(p.fields(HONEYPOT_FIELD));
      if (bait) return spamRefusal(tr, bait);
      const token = tokens.check(p.board, p.fields(TOKEN_FIELD) || undefined);
      return token && tokenRefusal(tr, token);
    },

    /** Link count and repeats: after the text and board rules, before the per-poster rate limit. */
    checkContent(tr: Translate, p: PostInput): Refusal | null {
      const problem = checkLinks(p.body, config.maxLinks) ?? duplicates.check(p.board, p.poster, p.body);
      return problem && spamRefusal(tr, problem);
    },

    /**
     * The flood guard's temporary slow mode on `board`, in seconds (0 when off). The route feeds
     * it into the board slow-mode rule (post-rules.ts), so there is one slow-mode mechanism.
     */
    floodSlowSeconds(board: string): number {
      const slow = flood.slowMode(board);
      return slow ? Math.ceil(slow.intervalMs / 1000) : 0;
    },

    /** What a visitor refused by the flood-time slow mode is told. */
    floodSlowText(tr: Translate, retryAfterMs: number): string {
      return `${tr('err_slow_mode', { count: seconds(config.floodSlowMs) })} ${tr('wait_seconds', { count: seconds(retryAfterMs) })}`;
    },

    /**
     * Records an accepted post: spends its token, remembers its text, counts it for floods.
     * Call it before awaiting the write; the returned undo() gives token and text back if the
     * write fails, so the visitor can send the same form again.
     */
    accept(p: PostInput): () => void {
      const token = p.fields(TOKEN_FIELD);
      tokens.spend(p.board, token);
      duplicates.remember(p.board, p.poster, p.body);
      flood.record(p.board);
      return () => {
        tokens.unspend(p.board, token);
        duplicates.forget(p.board, p.poster, p.body);
      };
    },

    /** The slow mode a board is in (shown above its form), or null. */
    slowMode: (board: string) => flood.slowMode(board),
  };
}

export type PostRules = ReturnType<typeof createPostRules>;
