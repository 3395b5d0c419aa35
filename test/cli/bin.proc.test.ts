/**
 * `npx holler <command>` (package.json "bin") and `npm run -s admin -- export`: what a shell
 * redirects into a file is the export alone, so `import` takes it back (npm run without -s
 * puts its banner on stdout, which made `export > all.json` a file import refused).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/app.ts';
import { ROOT } from '../support/spawn.ts';

const run = promisify(execFile);

describe('the CLI as operators run it', () => {
  it.each([
    ['npx holler export', 'npx', ['--no', 'holler', 'export']],
    ['npm run -s admin -- export', 'npm', ['run', '-s', 'admin', '--', 'export']],
  ])('%s writes pure JSON on stdout, which import takes back', async (_name, cmd, args) => {
    const dir = tempDir('holler-bin-');
    const env = { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'info' };
    const { stdout } = await run(cmd, args, { cwd: ROOT, env, timeout: 60_000 });
    const data = JSON.parse(stdout) as { format: string; boards: { slug: string }[] };
    expect(data.format).toBe('holler-export');
    expect(data.boards.map((b) => b.slug)).toEqual(['main']);
    const file = path.join(tempDir('holler-bin-out-'), 'all.json');
    fs.writeFileSync(file, stdout);
    const back = await run('npx', ['--no', 'holler', 'import', file], { cwd: ROOT, env: { ...env, DATA_DIR: tempDir('holler-bin-') }, timeout: 60_000 });
    expect(back.stdout).toMatch(/^Imported 0 messages.* from /);
  }, 120_000);

  it('npx holler exits with the command\'s status (2 for a usage mistake)', async () => {
    const err = await run('npx', ['--no', 'holler', 'no-such-command'], { cwd: ROOT, env: { ...process.env, DATA_DIR: tempDir('holler-bin-') } }).catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command "no-such-command"') });
  }, 60_000);
});
