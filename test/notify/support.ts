/** A real webhook receiver on 127.0.0.1 for the notification tests, and the README's examples. */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { tempDir } from '../support/app.ts';

export type Received = { headers: http.IncomingHttpHeaders; body: string };

/** Records every request; answers `setStatus()`'s status and headers (204 unless changed). */
export async function startReceiver(port = 0) {
  const requests: Received[] = [];
  let status = 204;
  let answerHeaders: Record<string, string> = {};
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status, answerHeaders).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const addr = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${addr.port}/hook`,
    port: addr.port,
    requests,
    setStatus: (s: number, headers: Record<string, string> = {}) => { status = s; answerHeaders = headers; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const README = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The fenced code block right after `<!-- marker…-->` in the README. */
export function readmeBlock(marker: string): string {
  const at = README.indexOf(`<!-- ${marker}`);
  if (at < 0) throw new Error(`README has no <!-- ${marker} --> block`);
  const m = /```\w*\n([\s\S]*?)```/.exec(README.slice(at));
  return m![1]!;
}

/** The README's receiver example, as a module (written to a temp file and imported). */
export async function readmeReceiver(): Promise<{
  verifyHoller: (raw: Buffer | string, headers: Record<string, unknown>, secret: string, nowS?: number) => boolean;
  receiver: http.Server;
}> {
  const file = path.join(tempDir('holler-readme-'), 'receiver.mjs');
  fs.writeFileSync(file, readmeBlock('verify-signature'));
  return import(file);
}
