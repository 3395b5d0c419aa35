/**
 * Starting Holler as operators do, with a mistake in the setup (issue 21): each is refused at
 * once, exit 1, one sentence on stderr that names the problem.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/app.ts';
import { reapAll, spawnHoller } from '../support/spawn.ts';

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
});
