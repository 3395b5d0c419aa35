/**
 * @module boot/cli
 * The built CLI's entry (dist/cli.js; `npm run admin`, `docker exec … node dist/cli.js`, and
 * bin/holler.mjs, which imports it for `runCli`): the Node version is checked before src/cli.ts
 * and its native addon load (see boot/server.ts).
 */
import { pathToFileURL } from 'node:url';
import { requireNode } from '../../scripts/node-version.mjs';

requireNode();
const cli = await import('../cli.ts');
export const runCli = cli.runCli;
// Run as `node dist/cli.js …`; imported (bin/holler.mjs), the importer calls runCli.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) runCli(process.argv.slice(2));
