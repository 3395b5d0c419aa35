/**
 * Idle memory (issue 25, item 4): what the server loads at start. Hono's Node adaptor pulls in
 * Node's fetch (undici), HTTP/2 and TLS, about 20 MB of a 90 MB idle process, so server.ts loads
 * it on the first request that needs Hono. An ES `import … from 'node:http'` anywhere would load
 * the same at start (the namespace reads every export, and node:http's lazy WebSocket getter
 * loads undici), as would node:https (TLS): src/ reaches them with process.getBuiltinModule.
 * sanitize-html is loaded by the first message rendered (posting/text.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');
const files = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []));

// Static value imports (not `import type`) of the modules that load fetch, HTTP/2 or TLS.
// sanitize-html too: its parser decodes its entity tables when loaded, a loop V8 optimises (MBs).
const HEAVY = /^import\s+(?!type\b)[^;]*?from\s+'(node:https?|node:http2|node:tls|https?|http2|tls|@hono\/node-server|sanitize-html)'/gm;

describe('start-up imports', () => {
  it('no module of src/ imports node:http(s), HTTP/2, TLS, @hono/node-server or sanitize-html statically', () => {
    const found = files(SRC).flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(HEAVY)].map((m) => `${path.relative(SRC, f)}: ${m[1]}`));
    expect(found).toEqual([]);
  });

  it('the pattern finds such an import (so the test above can fail)', () => {
    expect("import { createServer } from 'node:http';".match(HEAVY)).toHaveLength(1);
    expect("import type { IncomingMessage } from 'node:http';".match(HEAVY)).toBeNull();
  });
});
