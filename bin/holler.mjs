#!/usr/bin/env node
// `npx holler <command>` (package.json "bin"): the admin CLI, as `npm run admin -- <command>`
// but with nothing on stdout except the command's own output (npm run prints a banner there,
// so `npm run admin -- export > all.json` made a file import refuses).
// dist/ is built first when missing or older than src/, as npm's preadmin does; the build's
// note goes to stderr.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const build = fileURLToPath(new URL('../scripts/build.mjs', import.meta.url));
if (fs.existsSync(build)) {
  const built = spawnSync(process.execPath, [build, '--if-stale'], { stdio: ['ignore', 2, 2] });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
// The built entry checks the Node version on import; runCli runs the command and exits with its status.
const { runCli } = await import('../dist/cli.js');
runCli(process.argv.slice(2));
