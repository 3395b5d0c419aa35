/**
 * The admin CLI writes beside a running server (another connection to the same database file):
 * what it changes reaches the server's in-memory boards, and its widgets, at the next refresh.
 */
import path from 'node:path';
import { expect, it } from 'vitest';
import { migrate, openDb } from '../../src/store/db.ts';
import { createStore } from '../../src/store/store.ts';
import { makeTestApp, tempDir } from '../support/app.ts';

it('a board closed and a message added by another process reach the server at its next refresh, and only then', async () => {
  const file = path.join(tempDir('holler-other-'), 'holler.db');
  const t = makeTestApp({ dbFile: file });
  const rev = t.store.getBoard('main')!.rev;
  expect(t.store.refreshFromOthers()).toBe(false); // nothing happened elsewhere
  const main = t.store.getBoard('main')!;

  // The CLI's own connection and store, as src/cli.ts opens them.
  const cliDb = openDb(file);
  migrate(cliDb);
  const cli = createStore(cliDb);
  cli.addMessage({ board: 'main', author: 'Import', body: 'from the CLI', poster: 'cli' });
  cli.updateBoard('main', { ...main, closed: true });
  cliDb.close();

  // Before the refresh the server still has its own copy; the refresh reads the new one.
  expect(t.store.getBoard('main')!.closed).toBe(false);
  expect(t.store.refreshFromOthers()).toBe(true);
  expect(t.store.getBoard('main')).toMatchObject({ closed: true, rev: rev + 2 });
  expect((await t.post({ body: 'too late' })).status).toBe(403);
  // Open widgets get the imported message at their next poll (no longer a 204).
  const feed = await t.app.request(`/b/main/feed?rev=${rev}`);
  expect(feed.status).toBe(200);
  expect(await feed.text()).toContain('from the CLI');
  // The server's own writes do not count as another process's.
  expect(t.store.refreshFromOthers()).toBe(false);
});
