/**
 * Starting Holler as operators do, with a mistake in the setup (issue 21): each is refused at
 * once, exit 1, one sentence on stderr that names the problem.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/app.ts';
import { killGroup, reapAll, spawnHoller, startHoller } from '../support/spawn.ts';

afterAll(reapAll);

describe('refused at start', () => {
  it('a BACKUP_DIR that cannot be written: exit 1 naming it and ReadWritePaths=, before DATA_DIR is touched', async () => {
    const file = path.join(tempDir('holler-ops-'), 'not-a-folder');
    fs.writeFileSync(file, '');
    const dataDir = path.join(tempDir('holler-ops-'), 'data');
    const h = spawnHoller({ DATA_DIR: dataDir, BACKUP_DIR: path.join(file, 'backups') });
    expect((await h.exited).code).toBe(1);
    expect(h.stderr()).toMatch(new RegExp(`^holler: cannot start: BACKUP_DIR=${file}/backups cannot be written \\(ENOTDIR\\).*ReadWritePaths=`));
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('HOST=999.1.1.1: exit 1 with a sentence, before DATA_DIR is created or migrated', async () => {
    const dataDir = path.join(tempDir('holler-ops-'), 'data');
    const h = spawnHoller({ DATA_DIR: dataDir, HOST: '999.1.1.1', PORT: '3999' });
    expect((await h.exited).code).toBe(1);
    expect(h.stderr()).toMatch(/^holler: cannot start: cannot listen on 999\.1\.1\.1:3999 \((ENOTFOUND|EAI_AGAIN|EADDRNOTAVAIL)\): HOST must be an address of this machine, such as 127\.0\.0\.1, 0\.0\.0\.0 or ::\n$/);
    expect(fs.existsSync(dataDir)).toBe(false);
  });
});

describe('warned about at start', () => {
  it('a variable that nearly names a setting (RATE_BRUST): a warning naming the one meant', async () => {
    const h = await startHoller({ DATA_DIR: tempDir('holler-ops-'), RATE_BRUST: '10', log_level: 'debug' });
    killGroup(h.child, 'SIGTERM');
    await h.exited;
    const warnings = h.output().split('\n').filter((l) => l.includes('"level":"warn"')).map((l) => JSON.parse(l).msg);
    expect(warnings).toContain('RATE_BRUST is not a Holler setting and is ignored: did you mean RATE_BURST?');
    expect(warnings).toContain('log_level is not a Holler setting and is ignored: did you mean LOG_LEVEL?');
  });
});
