/**
 * Hono's SmartRouter keeps the first router that takes every route. RegExpRouter matches a path
 * with one regular expression and keeps nothing of a request; TrieRouter, its fallback, stores
 * each match's params in its long-lived nodes, so every request's match outlived it into V8's
 * old generation (a fifth of what a post left behind). One route shape RegExpRouter refuses
 * (a static segment beside a param after a param, as `/messages/:id/ban` beside
 * `/messages/:id/:action` was) puts the whole app back on the trie: this keeps it off.
 */
import { expect, it } from 'vitest';
import { makeTestApp } from '../support/app.ts';

it('the whole app is matched by RegExpRouter', async () => {
  const { app } = makeTestApp();
  // SmartRouter chooses at the first match.
  expect((await app.request('/b/main')).status).toBe(200);
  expect((app as unknown as { router: { name: string } }).router.name).toBe('SmartRouter + RegExpRouter');
});
