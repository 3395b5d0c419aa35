/**
 * R1 (SECURITY.md) as an operator meets it: `npm start`-style under umask 022 makes a private
 * DATA_DIR and database, and warns at start about an existing DATA_DIR others can read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killGroup, reapAll, startHoller } from '../support/spawn.ts';
import { tempDir } from '../support/app.ts';

const mode = (f: string) => (fs.statSync(f).mode & 0o777).toString(8);
let saved: number;
beforeAll(() => { saved = process.umask(0o022); }); // the child inherits it
afterAll(() => { process.umask(saved); reapAll(); });

describe('the server under umask 022', () => {
  it('creates DATA_DIR 0700 and holler.db, -wal, -shm and the lock 0600', async () => {
    const dir = path.join(tempDir(), 'data');
    const h = await startHoller({ DATA_DIR: dir });
    try {
      expect(mode(dir)).toBe('700');
      for (const f of ['holler.db', 'holler.db-wal', 'holler.db-shm', 'holler.lock']) expect([f, mode(path.join(dir, f))]).toEqual([f, '600']);
      expect(h.output()).not.toMatch(/can be read by other users/);
    } finally {
      killGroup(h.child);
      await h.exited;
    }
  });

  it('warns at start when an existing DATA_DIR can be read by others', async () => {
    const dir = path.join(tempDir(), 'open');
    fs.mkdirSync(dir, { mode: 0o755 });
    const h = await startHoller({ DATA_DIR: dir });
    try {
      expect(h.output()).toMatch(/"level":"warn".*DATA_DIR=.* can be read by other users of this machine \(mode 0755\)/);
      expect(mode(path.join(dir, 'holler.db'))).toBe('600');
    } finally {
      killGroup(h.child);
      await h.exited;
    }
  });
});
