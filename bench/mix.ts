/**
 * The realistic mix: what a busy small instance sees, at a fixed rate rather than flat out.
 * 800 no-change polls/s (about 4,000 open widgets polling every 5 s), 150 first views/s and
 * 50 posts/s, together for 20 s, with compression as browsers ask for it. Polls follow the
 * board's current rev (read from the database every 20 ms, as a widget learns it from each
 * change), so nearly all are no-change polls; the few that land between a post and the next
 * read get the change, as a real widget would.
 */
import path from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { postRequests } from './support.ts';

export const MIX = { polls: 800, views: 150, posts: 50, seconds: Number(process.env.BENCH_MIX_SECONDS ?? 20) };

export type MixPart = { offered: number; rps: number; p50: number; p99: number; status: Record<string, number>; errors: number };

const summary = (offered: number, r: autocannon.Result): MixPart => ({
  offered,
  rps: r.requests.average,
  p50: r.latency.p50,
  p99: r.latency.p99,
  status: Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count])),
  errors: r.errors + r.timeouts,
});

export async function realisticMix(url: string, dataDir: string) {
  const db = new Database(path.join(dataDir, 'holler.db'), { readonly: true });
  const revOf = db.prepare(`SELECT rev FROM boards WHERE slug = 'main'`).pluck();
  let rev = revOf.get() as number;
  const timer = setInterval(() => (rev = revOf.get() as number), 20);
  const browser = { 'accept-encoding': 'br, gzip' };
  const duration = MIX.seconds;
  try {
    const [polls, views, posts] = await Promise.all([
      autocannon({ url, connections: 16, overallRate: MIX.polls, duration, headers: browser, requests: [{ setupRequest: (req: any) => ({ ...req, path: `/b/main/feed?rev=${rev}` }) }] }),
      autocannon({ url: `${url}/b/main`, connections: 16, overallRate: MIX.views, duration, headers: browser }),
      autocannon({ url: `${url}/b/main/messages`, connections: 8, overallRate: MIX.posts, duration, ...postRequests('holler', MIX.posts * MIX.seconds * 2, dataDir) }),
    ]);
    return { polls: summary(MIX.polls, polls), views: summary(MIX.views, views), posts: summary(MIX.posts, posts) };
  } finally {
    clearInterval(timer);
    db.close();
  }
}
