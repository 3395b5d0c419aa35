/**
 * Baselines of our own stack, one per process: `node bench/bare.js MODE DB PORT` (bench/run.ts
 * bundles this file first, so baselines run as plain JavaScript, like Holler).
 *   raw    - node:http answering 204, no framework at all (the floor for a no-change poll)
 *   204    - Hono on @hono/node-server answering 204
 *   list   - the same answering a 30-row HTML list read from better-sqlite3 (first view's floor: as
 *            many rows as the widget's first page, FIRST_VIEW in src/store/messages.ts)
 *   insert - one better-sqlite3 INSERT per request, WAL + synchronous=FULL like Holler (posting's floor)
 */
import { createServer } from 'node:http';
import { serve } from '@hono/node-server';
import Database from 'better-sqlite3';
import { Hono } from 'hono';

const [mode = '204', dbFile = ':memory:', port = '0'] = process.argv.slice(2);
const app = new Hono();
const listening = (port: number) => process.stdout.write(JSON.stringify({ msg: 'listening', url: `http://127.0.0.1:${port}` }) + '\n');

if (mode === 'raw') {
  const server = createServer((_req, res) => res.writeHead(204).end());
  server.listen(Number(port), '127.0.0.1', () => listening((server.address() as { port: number }).port));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
} else if (mode === '204') {
  app.get('*', (c) => c.body(null, 204));
} else if (mode === 'list') {
  const db = new Database(dbFile, { readonly: true });
  const latest = db.prepare(`SELECT id, author, body, created_at FROM messages WHERE board = 'main' AND status = 'visible' ORDER BY seq DESC LIMIT 30`);
  const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  app.get('*', (c) => {
    const rows = latest.all() as Array<{ id: string; author: string; body: string; created_at: number }>;
    const items = rows.map((r) => `<li id="m-${r.id}"><b>${esc(r.author)}</b> <time>${new Date(r.created_at).toISOString()}</time><p>${esc(r.body)}</p></li>`);
    return c.html(`<!doctype html><html><head><title>list</title></head><body><ol>${items.join('')}</ol></body></html>`);
  });
} else if (mode === 'insert') {
  const db = new Database(dbFile);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE IF NOT EXISTS bare (seq INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL, created_at INTEGER NOT NULL)`);
  const insert = db.prepare(`INSERT INTO bare (body, created_at) VALUES (?, ?)`);
  app.post('*', async (c) => {
    const form = await c.req.parseBody();
    insert.run(String(form.body ?? ''), Date.now());
    return c.body(null, 204);
  });
} else {
  throw new Error(`unknown mode ${mode}`);
}

if (mode !== 'raw') {
  const server = serve({ fetch: app.fetch, port: Number(port), hostname: '127.0.0.1' }, (info) => listening(info.port));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}
