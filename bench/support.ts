/** Helpers for bench/run.ts: Holler's environment and flags, request bodies, first-view bytes, memory of a process tree. */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type autocannon from 'autocannon';
import { formToken } from '../test/support/spawn.ts';

export const ROOT = path.resolve(import.meta.dirname, '..');

/** Holler as users run it, with rate limits lifted so posting measures the server, not the limiter. */
export function hollerEnv(dataDir: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    TRUST_PROXY: '1',
    RATE_INTERVAL: '0',
    // Thousands of posts a second would (rightly) turn on the flood guard's slow mode.
    FLOOD_POSTS: '0',
  };
}

/**
 * The node flags `npm start` gives on its command line (`exec node FLAGS dist/server.js`; V8 flags
 * such as --optimize-for-size are not allowed in NODE_OPTIONS), and BENCH_NODE_ARGS to try others.
 */
export function startNodeArgs(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const flags = /exec node ((?:--[\w=-]+ )*)dist\/server\.js/.exec(pkg.scripts.start)?.[1] ?? '';
  return [...flags.split(' '), ...(process.env.BENCH_NODE_ARGS ?? '').split(' ')].filter(Boolean);
}

/** The NODE_OPTIONS `npm start` sets (read from package.json), so the bench runs what users run. */
export function startNodeOptions(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const flags = /NODE_OPTIONS="([^"$]*)/.exec(pkg.scripts.start)?.[1]?.trim() ?? '';
  return [flags, process.env.BENCH_NODE_FLAGS ?? ''].join(' ').trim();
}

// Form tokens as the widget page would hand them out, signed with the running Holler's own
// secret (read from its database once it has made it) and dated ten seconds back.
export { formToken } from '../test/support/spawn.ts';

/** A distinct poster (address from the 198.18.0.0/15 benchmarking range, only ever a header), text and form token. */
export function mintPostFields(i: number, target: 'holler' | 'bare', dataDir: string) {
  const ip = `198.${18 + ((i >> 16) & 1)}.${(i >> 8) & 255}.${i & 255}`;
  const fields: Record<string, string> = { name: `Bench ${i % 50}`, body: `Benchmark message number ${i}` };
  if (target === 'holler') fields.token = formToken(dataDir);
  const body = new URLSearchParams(fields).toString();
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip };
  if (target === 'holler') headers['hx-request'] = 'true';
  return { headers, body };
}

// Poster numbers handed out by postRequests: no two posts made in one bench process share one.
let postersMinted = 0;

/**
 * Autocannon options sending `count` posts for `target`, each in turn, wrapping around. All are
 * made before the run (mintPostFields: a distinct poster and text, and for Holler a single-use
 * form token), so the load generator does the same little work per request for either side.
 */
export function postRequests(target: 'holler' | 'bare', count: number, dataDir: string): Partial<autocannon.Options> {
  const posts = Array.from({ length: count }, () => mintPostFields(++postersMinted, target, dataDir));
  let next = 0;
  return {
    method: 'POST',
    requests: [
      {
        setupRequest: (req: any) => {
          const { headers, body } = posts[next++ % posts.length]!;
          return { ...req, method: 'POST', headers: { ...req.headers, ...headers }, body };
        },
      },
    ],
  };
}

/**
 * Bytes a first-time visitor downloads for the widget: the page and every asset it links,
 * compressed as served. `get` defaults to fetch() on a running Holler; the fast suite passes
 * the in-process app's request() so the budget is checked on every test run, not only by the bench.
 */
export async function firstViewBytes(base: string, get: (url: string, init: RequestInit) => Response | Promise<Response> = fetch) {
  const load = async (url: string) => {
    const res = await get(url, { headers: { 'accept-encoding': 'br, gzip' } });
    // fetch() decompresses; Content-Length (or our own count) tells what went over the wire.
    const body = new Uint8Array(await res.arrayBuffer());
    const wire = Number(res.headers.get('content-length') ?? body.byteLength);
    const encoding = res.headers.get('content-encoding') ?? 'identity';
    const text = encoding === 'identity' || get === fetch ? new TextDecoder().decode(body) : decode(body, encoding);
    return { html: text, wire, encoding };
  };
  const page = await load(`${base}/b/main`);
  const urls = [...page.html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
  const parts = [{ url: '/b/main', wire: page.wire, encoding: page.encoding }];
  for (const u of urls) {
    const a = await load(`${base}${u}`);
    parts.push({ url: u, wire: a.wire, encoding: a.encoding });
  }
  return { total: parts.reduce((n, p) => n + p.wire, 0), parts };
}

// The in-process app answers with the compressed bytes themselves (no client to undo them).
const decode = (body: Uint8Array, encoding: string) =>
  (encoding === 'br' ? zlib.brotliDecompressSync(body) : zlib.gunzipSync(body)).toString('utf8');

const statusKb = (pid: number, field: 'VmRSS' | 'VmHWM' | 'RssAnon' | 'RssFile') => {
  try {
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0; // exited meanwhile
  }
};

/** A process and all its descendants, from the parent pid in /proc/<pid>/stat (Linux). */
export function processTree(root: number): number[] {
  const parent = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // Field 4 is the parent pid; the name in field 2 may hold spaces, so split after its ')'.
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* exited meanwhile */
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of parent) if (ppid === tree[i]) tree.push(pid);
  return tree;
}

const mb = (kb: number) => Math.round(kb / 102.4) / 10;

/**
 * Resident memory of a process tree now, in MB, how many processes it holds, and how much of it
 * is private memory (anon: heaps, buffers) versus pages of files mapped in (mostly the node
 * binary's code and ICU data: clean, shared, and reclaimable under memory pressure).
 */
export function treeRss(root: number) {
  const tree = processTree(root);
  const sum = (field: 'VmRSS' | 'RssAnon' | 'RssFile') => mb(tree.reduce((n, pid) => n + statusKb(pid, field), 0));
  return { mb: sum('VmRSS'), anonMb: sum('RssAnon'), fileMb: sum('RssFile'), processes: tree.length };
}

/**
 * Follows the peak resident memory of a process tree: sampled every `everyMs`, and never below
 * the sum of each member's own high-water mark (VmHWM), which no sampling can miss. That sum
 * over-counts if members peak at different times; with a single process it is exact.
 */
export function watchTreeRss(root: number, everyMs = 250) {
  const members = new Set<number>([root]);
  let sampled = 0;
  let processes = 1;
  const sample = () => {
    const tree = processTree(root);
    tree.forEach((pid) => members.add(pid));
    processes = Math.max(processes, tree.length);
    sampled = Math.max(sampled, tree.reduce((n, pid) => n + statusKb(pid, 'VmRSS'), 0));
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    /** Peak so far, in MB, and the most processes seen in the tree at once. */
    peak: () => {
      sample();
      const hwm = [...members].reduce((n, pid) => n + statusKb(pid, 'VmHWM'), 0);
      return { mb: mb(Math.max(sampled, hwm)), processes };
    },
    stop: () => clearInterval(timer),
  };
}
