/**
 * The README's API examples, and the curl command the /api page shows for each operation, run
 * as written: bash and curl against a real Holler listening on
 * 127.0.0.1 (the in-process app behind @hono/node-server), with HOLLER, HOLLER_TOKEN and ID set
 * as the README asks. Every curl uses -f, so any answer but a 2xx fails the block.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/app.ts';
import { apiApp } from './support.ts';

const run = promisify(execFile);
const README = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The fenced block right after `<!-- marker`. */
function readmeBlock(marker: string): string {
  const at = README.indexOf(`<!-- ${marker}`);
  if (at < 0) throw new Error(`README has no <!-- ${marker} --> block`);
  return /```\w*\n([\s\S]*?)```/.exec(README.slice(at))![1]!;
}

/** curl prints each answer without a newline: split the concatenated JSON objects. */
function jsonObjects(text: string): unknown[] {
  const out: unknown[] = [];
  let [depth, start, inString] = [0, 0, false];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === '}' && --depth === 0) out.push(JSON.parse(text.slice(start, i + 1)));
  }
  return out;
}

const servers: Array<{ close: () => void }> = [];
afterAll(() => servers.forEach((s) => s.close()));

/** A real server for the in-process app, on a loopback port; its origin. */
async function listen(app: { fetch: (r: Request) => Response | Promise<Response> }): Promise<string> {
  const server = await new Promise<ReturnType<typeof serve>>((ready) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ready(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const unescapeHtml = (s: string) => s.replace(/&(quot|amp|lt|gt|#39);/g, (_, e: string) => ({ quot: '"', amp: '&', lt: '<', gt: '>', '#39': "'" })[e]!);

describe.runIf(process.env.HOLLER_TEST_ALL)('API examples in the README and on /api', () => {
  it('run as written with curl, and do what they say', async () => {
    const { t, visitor } = await apiApp();
    const token = t.store.createToken('readme', ['post', 'moderate', 'export'])!.token;
    const origin = await listen(t.app);
    const block = readmeBlock('api-curl');
    expect(block).toContain('HOLLER=http://localhost:3000');
    const cwd = tempDir('holler-readme-api-');
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', block.replace('HOLLER=http://localhost:3000', `HOLLER=${origin}`)], {
      cwd, env: { PATH: process.env.PATH, HOLLER_TOKEN: token, ID: visitor.id },
    });
    // Four public answers and five token answers on stdout, one JSON object each; the export went to a file.
    expect(jsonObjects(stdout).map((o) => Object.keys(o as object)[0])).toEqual([
      'boards', 'board', 'board', 'message', 'message', 'message', 'message', 'message', 'ban',
    ]);
    const transcript = JSON.parse(fs.readFileSync(path.join(cwd, 'main.json'), 'utf8')) as { board: string; messages: Array<{ text: string }> };
    expect(transcript.messages.map((m) => m.text)).toEqual(['hello from a visitor', 'The stream starts in 5 minutes!']);
    expect(t.store.auditList({}).filter((e) => e.actor === 'token:readme').map((e) => e.action).reverse()).toEqual([
      'staff_post', 'pin', 'delete', 'restore', 'ban', 'export',
    ]);
    expect(t.store.activeBan(visitor.poster, 'main')?.reason).toBe('Spam');
  });

  it("the /api page's curl commands run as shown, one per operation", async () => {
    const { t, visitor } = await apiApp();
    const token = t.store.createToken('page', ['post', 'moderate', 'export'])!.token;
    const origin = await listen(t.app);
    const html = await (await fetch(`${origin}/api`)).text();
    const commands = [...html.matchAll(/<pre[^>]*><code>([^<]*)<\/code><\/pre>/g)].map((m) => unescapeHtml(m[1]!));
    expect(commands).toHaveLength(8);
    for (const command of commands) {
      expect(command.startsWith(`curl -fsS `) && command.includes(`"${origin}/api/`), command).toBe(true);
      const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', command], { env: { PATH: process.env.PATH, HOLLER_TOKEN: token, ID: visitor.id } });
      expect(typeof JSON.parse(stdout), command).toBe('object');
    }
    expect(t.store.auditList({}).filter((e) => e.actor === 'token:page').map((e) => e.action).reverse()).toEqual(['staff_post', 'export', 'ban', 'pin']);
  });
});
