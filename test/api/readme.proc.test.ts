/**
 * The README's API examples, run as written: bash and curl against a real Holler listening on
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

describe.runIf(process.env.HOLLER_TEST_ALL)('README API examples', () => {
  it('run as written with curl, and do what they say', async () => {
    const { t, visitor } = await apiApp();
    const token = t.store.createToken('readme', ['post', 'moderate', 'export'])!.token;
    const server = await new Promise<ReturnType<typeof serve>>((ready) => {
      const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => ready(s));
    });
    servers.push(server);
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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
    expect(t.store.activeBan(visitor.poster)?.reason).toBe('Spam');
  });
});
