/** Helpers for bench/run.ts: Holler's environment, request bodies, first-view bytes, peak RSS. */
import fs from 'node:fs';
import { formToken } from '../test/support/spawn.ts';

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

/** Bytes a first-time visitor downloads for the widget: the page and every asset it links, compressed as served. */
export async function firstViewBytes(base: string) {
  const get = async (url: string) => {
    const res = await fetch(url, { headers: { 'accept-encoding': 'br, gzip' } });
    // fetch() decompresses; Content-Length (or our own count) tells what went over the wire.
    const body = new Uint8Array(await res.arrayBuffer());
    const wire = Number(res.headers.get('content-length') ?? body.byteLength);
    return { html: new TextDecoder().decode(body), wire, encoding: res.headers.get('content-encoding') ?? 'identity' };
  };
  const page = await get(`${base}/b/main`);
  const urls = [...page.html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
  const parts = [{ url: '/b/main', wire: page.wire, encoding: page.encoding }];
  for (const u of urls) {
    const a = await get(`${base}${u}`);
    parts.push({ url: u, wire: a.wire, encoding: a.encoding });
  }
  return { total: parts.reduce((n, p) => n + p.wire, 0), parts };
}

/** Peak resident set size of a process, from /proc (Linux), in MB. */
export function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 102.4) / 10;
}
