/**
 * @module boot/server
 * The built server's entry (dist/server.js; `npm start`, the Docker CMD, the systemd unit). ESM
 * runs a module's static imports before its first line, and src/server.ts's load better-sqlite3's
 * native addon, which crashes on a Node older than 22 before anything could explain it: so the
 * Node version is checked here first, and the server is loaded after (a chunk of its own).
 */
import { requireNode } from '../../scripts/node-version.mjs';

requireNode();
await import('../server.ts');
