/**
 * @module boot/cli
 * The built CLI's entry (dist/cli.js; `npm run admin`, `docker exec … node dist/cli.js`): the
 * Node version is checked before src/cli.ts and its native addon load (see boot/server.ts).
 */
import { requireNode } from '../../scripts/node-version.mjs';

requireNode();
const { main } = await import('../cli.ts');
process.exit(
  await main(process.argv.slice(2)).catch((err: Error) => {
    process.stderr.write(`holler: ${err.message}\n`);
    return 1;
  }),
);
