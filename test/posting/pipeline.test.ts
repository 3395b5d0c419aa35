import { describe, expect, it } from 'vitest';
import { createPosting } from '../../src/posting/pipeline.ts';
import { refusal, refusalText } from '../../src/posting/refusal.ts';
import { RULES } from '../../src/posting/rules.ts';
import { createFormTokens } from '../../src/posting/form-token.ts';
import { createRateLimiter } from '../../src/rate-limit.ts';
import { migrate, openDb } from '../../src/store/db.ts';
import { createStore, type Board } from '../../src/store/store.ts';
import { t } from '../../src/i18n/i18n.ts';
import { makeClock, testConfig } from '../support/app.ts';

describe('the posting pipeline', () => {
  it('runs its rules in this order', () => {
    expect(RULES.map((r) => r.name)).toEqual([
      'closed', 'field sizes', 'honeypot', 'form token', 'reply', 'ban', 'text', 'slow mode',
      'board links', 'words', 'link limit', 'duplicate', 'rate limit',
    ]);
  });

  it('answers a post that breaks every rule with the first, then the next as each is mended', () => {
    const clock = makeClock();
    const db = openDb(':memory:');
    migrate(db);
    const store = createStore(db, clock.now);
    const config = testConfig({ MAX_LINKS: '1', RATE_BURST: '1', RATE_INTERVAL: '3600' });
    const limiter = createRateLimiter({ burst: config.rateBurst, intervalMs: config.rateIntervalMs, now: clock.now });
    const posting = createPosting({ config, store, limiter, now: clock.now, secret: store.formSecret() });
    const minter = createFormTokens({ secret: store.formSecret(), now: clock.now, minAgeMs: 0 });
    const poster = 'p'.repeat(43);

    let board: Board = { ...store.getBoard('main')!, closed: true, slowMode: 60, linksAllowed: false, wordsAction: 'block', words: 'spam' };
    const fields: Record<string, string> = { name: 'x'.repeat(1000), body: '', website: 'bot', token: '' };
    const next = () => {
      const v = posting.check({ board, poster, fields: (k) => fields[k] ?? '' });
      return 'refusal' in v ? v.refusal.code : 'accepted';
    };
    store.ban(poster, '', null);
    store.addMessage({ board: 'main', author: 'a', body: 'earlier', poster });

    expect(next()).toBe('closed');
    board = { ...board, closed: false };
    expect(next()).toBe('too_large');
    fields.name = 'Ann';
    expect(next()).toBe('honeypot');
    fields.website = '';
    expect(next()).toBe('token_missing');
    fields.token = minter.issue('main', clock.now() - 10_000);
    expect(next()).toBe('banned_forever');
    store.unban(poster);
    expect(next()).toBe('empty');
    fields.body = 'spam http://a.example http://b.example';
    expect(next()).toBe('slow');
    clock.advance(61_000);
    expect(next()).toBe('links');
    board = { ...board, linksAllowed: true };
    expect(next()).toBe('word');
    board = { ...board, words: '' };
    expect(next()).toBe('too_many_links');
    fields.body = 'spam http://a.example';
    const ok = posting.check({ board, poster, fields: (k) => fields[k] ?? '' });
    if (!('accepted' in ok)) throw new Error(`refused: ${JSON.stringify(ok)}`);
    ok.accepted.claim(); // spends the token, remembers the text, starts slow mode (the rate limit was taken by check)
    expect(next()).toBe('token_used');
    fields.token = minter.issue('main', clock.now() - 10_000);
    expect(next()).toBe('slow');
    clock.advance(61_000);
    expect(next()).toBe('duplicate');
    fields.body = 'something else';
    expect(next()).toBe('rate');
  });

  it('words every refusal in the visitor language, with its parameters', () => {
    const it_ = t('it');
    expect(refusalText(it_, 'it', refusal('too_many_links', { count: 3 }))).toBe('Un messaggio può contenere al massimo 3 link.');
    expect(refusalText(it_, 'it', refusal('too_many_links', { count: 1 }))).toBe('Un messaggio può contenere al massimo 1 link.');
    expect(refusalText(t('en'), 'en', refusal('too_many_links', { count: 1 }))).toBe('A message can contain at most 1 link.');
    expect(refusalText(t('en'), 'en', refusal('flood_slow', { count: 30, wait: 1 }, 1))).toMatch(/every 30 seconds each\. Please wait 1 second\.$/);
    const ban = refusal('banned', { left: { ms: 58 * 60_000 }, reason: 'spam' });
    expect(ban.status).toBe(403);
    expect(refusalText(t('en'), 'en', ban)).toBe('You can post here again in 58 minutes. Reason: spam');
    expect(refusalText(t('en'), 'en', refusal('banned', { left: { ms: 3 * 3_600_000 }, reason: '' }))).not.toContain('Reason');
    expect(refusal('rate', { count: 4 }, 4)).toEqual({ code: 'rate', status: 429, key: 'err_rate', params: { count: 4 }, retryAfterS: 4 });
  });
});
