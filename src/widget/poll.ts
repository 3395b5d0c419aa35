/**
 * @module poll
 * The no-change poll, Holler's hot path: every open widget asks "anything since rev N?" every
 * few seconds, and nearly always the answer is "no". That answer comes from memory (the store
 * keeps each board's rev) and is an empty 204, which htmx ignores.
 *
 * The poller's URL carries the board's rev it has seen and, while the flood guard's slow mode
 * is on, that slow mode's epoch (`slow=`, when it began: slow-mode.tsx); the answer is "no
 * change" only when both are current, so open boxes learn when slow mode starts or ends. The
 * epoch is read from the flood guard's memory: one Map lookup, no SQL.
 *
 * It is given in two places with this one function: by the Hono feed route, and by server.ts
 * straight from Node's request listener, in front of Hono, so the commonest request of all
 * skips building a Request, a Context and a Response. Anything that is not a no-change poll
 * (changes to send, a bad cursor, an unknown board) falls through to the Hono route.
 */
import type { RequestListener, ServerOptions } from 'node:http';
import type { Config } from '../config.ts';
import { createHereNow } from './here-now.ts';
import { SLUG_PATTERN, type Board, type Store } from '../store/store.ts';
import type { SlowMode } from '../posting/spam.ts';

// Not `import … from 'node:http'`: an ES import of node:http reads all its exports, and the lazy
// ones (WebSocket, MessageEvent) load Node's fetch, HTTP/2 and TLS: some 20 MB of an idle server.
const http = process.getBuiltinModule('node:http');

/** Same URL, same answer for everyone: a browser or CDN may reuse it for a second. */
export const POLL_CACHE_CONTROL = 'public, max-age=1';

// /b/<slug>/feed?…rev=<N>[&slow=<epoch>]… : the first rev parameter, as Hono's c.req.query('rev')
// reads it, and the slow-mode epoch right after it, as the Poller writes it (views.tsx).
const FEED_URL = new RegExp(`^/b/(${SLUG_PATTERN})/feed\\?(?:[^#]*?&)??rev=(\\d{1,15})(?:&slow=(\\d{1,15}))?(?:[&#]|$)`);

/** Polls answered since start, and how many of them were the empty 204 (for /metrics). */
export type PollCounts = { polls: number; unchanged: number };

export function createPoll({ store, config, now }: { store: Pick<Store, 'getBoard'>; config: Config; now: () => number }) {
  const hereNow = createHereNow({ now });
  const pollMs = (b: Board) => (b.pollInterval ? b.pollInterval * 1000 : config.pollIntervalMs);

  // Plain numbers, read only when /metrics is scraped: the hot path pays one increment.
  const counts: PollCounts = { polls: 0, unchanged: 0 };

  /**
   * The headers every poll answer carries: cacheable, and "N others here now" as the beacons
   * count it (here-now.ts). A cached copy is at most a second old, so it is as good as a fresh one.
   * A raw list (name, value, …), made once per count: writeHead sends it as it is, so the
   * no-change answer given before Hono builds no header object of its own.
   */
  const rawHeaders: string[][] = [];
  const headers = (board: Board): string[] => {
    const n = hereNow.others(board.slug);
    const known = rawHeaders[n];
    if (known) return known;
    const list = ['Cache-Control', POLL_CACHE_CONTROL, 'X-Here-Now', String(n)];
    if (n < 1000) rawHeaders[n] = list;
    return list;
  };

  // The flood guard lives in the posting pipeline, made after the poll (app.ts hands it in).
  let slowModeOf: (board: Board) => SlowMode | null = () => null;
  /** The epoch a poller at the current state carries: when the board's slow mode began, 0 when off. */
  const slowEpoch = (board: Board) => slowModeOf(board)?.since ?? 0;

  /** Counts a poll of `board` at `rev` (and slow-mode epoch `slow`): its headers, and whether it is the no-change 204. */
  const answer = (board: Board, rev: number, slow = 0) => {
    counts.polls++;
    const unchanged = rev === board.rev && slow === slowEpoch(board);
    if (unchanged) counts.unchanged++;
    return { headers: headers(board), unchanged };
  };

  return {
    pollMs,
    hereNow,
    counts,
    answer,

    /** Where slow mode comes from: the posting pipeline's flood guard (set once by the app). */
    useSlowMode(of: (board: Board) => SlowMode | null): void {
      slowModeOf = of;
    },

    /**
     * For a raw request (method, URL as sent): the headers of the 204 (a raw list, for writeHead)
     * when it is a poll at the board's current rev and slow-mode epoch; otherwise null.
     */
    noChange(method: string | undefined, url: string | undefined): string[] | null {
      if (method !== 'GET' || !url) return null;
      const m = FEED_URL.exec(url);
      if (!m) return null;
      const board = store.getBoard(m[1]!);
      // Anything else falls through to the feed route, which counts it there.
      if (!board || Number(m[2]) !== board.rev || Number(m[3] ?? 0) !== slowEpoch(board)) return null;
      // As answer() counts and heads it, without its objects (every open widget, every few seconds).
      counts.polls++;
      counts.unchanged++;
      return headers(board);
    },
  };
}

export type Poll = ReturnType<typeof createPoll>;

/**
 * A drop-in for http.createServer (server.ts) whose listener
 * answers no-change polls itself, before Hono builds anything for them (most requests of a
 * busy instance), and hands every other request to the app's listener. `onAnswer` (the access
 * log, when it is on) is told of each answer given here.
 */
export function withNoChangePoll(poll: Poll, onAnswer?: RequestListener): typeof http.createServer {
  return ((options: ServerOptions, listener: RequestListener) =>
    http.createServer(options, (req, res) => {
      const empty = poll.noChange(req.method, req.url);
      if (!empty) return listener(req, res);
      onAnswer?.(req, res);
      res.writeHead(204, empty).end();
    })) as typeof http.createServer;
}
