/**
 * @module poll
 * The no-change poll, Holler's hot path: every open widget asks "anything since rev N?" every
 * few seconds, and nearly always the answer is "no". That answer comes from memory (the store
 * keeps each board's rev) and is an empty 204, which htmx ignores.
 *
 * It is given in two places with this one function: by the Hono feed route, and by server.ts
 * straight from Node's request listener, in front of Hono, so the commonest request of all
 * skips building a Request, a Context and a Response. Anything that is not a no-change poll
 * (changes to send, a bad cursor, an unknown board) falls through to the Hono route.
 */
import { createServer, type RequestListener, type ServerOptions } from 'node:http';
import type { Config } from '../config.ts';
import { createHereNow } from './here-now.ts';
import { SLUG_PATTERN, type Board, type Store } from '../store/store.ts';

/** Same URL, same answer for everyone: a browser or CDN may reuse it for a second. */
export const POLL_CACHE_CONTROL = 'public, max-age=1';

// /b/<slug>/feed?…rev=<N>… : the first rev parameter, as Hono's c.req.query('rev') reads it.
const FEED_URL = new RegExp(`^/b/(${SLUG_PATTERN})/feed\\?(?:[^#]*?&)??rev=(\\d{1,15})(?:[&#]|$)`);

/** Polls answered since start, and how many of them were the empty 204 (for /metrics). */
export type PollCounts = { polls: number; unchanged: number };

export function createPoll({ store, config, now }: { store: Pick<Store, 'getBoard'>; config: Config; now: () => number }) {
  const hereNow = createHereNow({ now });
  const pollMs = (b: Board) => (b.pollInterval ? b.pollInterval * 1000 : config.pollIntervalMs);

  /**
   * The headers every poll answer carries: cacheable, and "N others here now" as the beacons
   * count it (here-now.ts). A cached copy is at most a second old, so it is as good as a fresh one.
   */
  const headers = (board: Board): Record<string, string> => ({
    'Cache-Control': POLL_CACHE_CONTROL,
    'X-Here-Now': String(hereNow.others(board.slug)),
  });

  // Plain numbers, read only when /metrics is scraped: the hot path pays one increment.
  const counts: PollCounts = { polls: 0, unchanged: 0 };

  /** Counts a poll of `board` at `rev`: its headers, and whether it is the no-change 204. */
  const answer = (board: Board, rev: number) => {
    counts.polls++;
    const unchanged = rev === board.rev;
    if (unchanged) counts.unchanged++;
    return { headers: headers(board), unchanged };
  };

  return {
    pollMs,
    hereNow,
    counts,
    answer,

    /**
     * For a raw request (method, URL as sent): the headers of the 204 when it is a poll at the
     * board's current rev; otherwise null.
     */
    noChange(method: string | undefined, url: string | undefined): Record<string, string> | null {
      if (method !== 'GET' || !url) return null;
      const m = FEED_URL.exec(url);
      if (!m) return null;
      const board = store.getBoard(m[1]!);
      // Anything else falls through to the feed route, which counts it there.
      if (!board || Number(m[2]) !== board.rev) return null;
      return answer(board, board.rev).headers;
    },
  };
}

export type Poll = ReturnType<typeof createPoll>;

/**
 * A drop-in for http.createServer (@hono/node-server's `createServer` option) whose listener
 * answers no-change polls itself, before Hono builds anything for them (most requests of a
 * busy instance), and hands every other request to the app's listener. `onAnswer` (the access
 * log, when it is on) is told of each answer given here.
 */
export function withNoChangePoll(poll: Poll, onAnswer?: RequestListener): typeof createServer {
  return ((options: ServerOptions, listener: RequestListener) =>
    createServer(options, (req, res) => {
      const empty = poll.noChange(req.method, req.url);
      if (!empty) return listener(req, res);
      onAnswer?.(req, res);
      res.writeHead(204, empty).end();
    })) as typeof createServer;
}
