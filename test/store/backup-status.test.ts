/**
 * Issue 21 item 3: a BACKUP_DIR that cannot be written is refused at start with a sentence, and
 * a scheduled backup that fails shows: on every admin page, in /healthz's body (still 200: no
 * visitor is stopped by it) and in /metrics, with the last success's time and age.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupStatus, checkBackupDir, scheduledBackup } from '../../src/store/backup.ts';
import { createLogger } from '../../src/log.ts';
import { ADMIN_PASSWORD, asAdmin } from '../support/admin.ts';
import { makeTestApp, tempDir } from '../support/app.ts';
import { parsePrometheus } from '../support/prometheus.ts';

const TOKEN = 'metrics-token-0123456789';

describe('BACKUP_DIR at start', () => {
  it('is created when missing and tried with a write', () => {
    const dir = path.join(tempDir('holler-bdir-'), 'a', 'b');
    expect(checkBackupDir(dir)).toBeNull();
    expect(fs.statSync(dir).isDirectory()).toBe(true);
    expect(fs.readdirSync(dir)).toEqual([]); // the probe is gone
  });

  it('that cannot be written gets a sentence naming the folder, the reason and ReadWritePaths=', () => {
    const file = path.join(tempDir('holler-bdir-'), 'a-file');
    fs.writeFileSync(file, '');
    const dir = path.join(file, 'backups'); // a file stands where a folder must be: even root cannot
    expect(checkBackupDir(dir)).toMatch(new RegExp(`^BACKUP_DIR=${dir} cannot be written \\(ENOTDIR\\): make it writable by the user running Holler.*add ReadWritePaths=${dir} to the unit`));
  });
});

describe('a failing scheduled backup', () => {
  it('shows on the admin pages, in /healthz and /metrics, and clears after the next success', async () => {
    const file = path.join(tempDir('holler-bfail-'), 'a-file');
    fs.writeFileSync(file, '');
    const status = backupStatus(path.join(file, 'backups'));
    const t = makeTestApp({ env: { ADMIN_PASSWORD, METRICS_TOKEN: TOKEN }, backups: status });
    const scrape = async () => parsePrometheus(await (await t.app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).text());
    const admin = await asAdmin(t);
    const page = async () => (await admin.get('/admin')).text();
    const o = { db: t.db, dir: status.dir, keep: 7, now: t.clock.now, log: createLogger('silent'), status };

    let m = await scrape();
    expect(m.value('holler_backup_failures_total')).toBe(0);
    expect(m.value('holler_backup_last_success_timestamp_seconds')).toBe(0); // none yet
    expect(m.value('holler_backup_age_seconds')).toBe(Infinity); // so an age alert fires
    expect(await page()).not.toContain('scheduled backup failed');

    expect(await scheduledBackup(o)).toBe('failed');
    expect(await page()).toMatch(/The last scheduled backup failed \(.*\): ENOTDIR/);
    const health = await t.app.request('/healthz');
    expect(health.status).toBe(200);
    expect(await health.text()).toMatch(/^ok \(the last scheduled backup failed: ENOTDIR/);
    expect((await scrape()).value('holler_backup_failures_total')).toBe(1);

    // The folder is mended: the next hourly try succeeds, and everything says so.
    status.dir = o.dir = tempDir('holler-bok-');
    expect(await scheduledBackup(o)).toBe('written');
    t.clock.advance(90_000);
    m = await scrape();
    expect(m.types.get('holler_backup_last_success_timestamp_seconds')).toBe('gauge');
    expect(m.value('holler_backup_last_success_timestamp_seconds')).toBe((t.clock.now() - 90_000) / 1000);
    expect(m.value('holler_backup_age_seconds')).toBe(90);
    expect(await page()).not.toContain('scheduled backup failed');
    expect(await (await t.app.request('/healthz')).text()).toBe('ok');
  });

  it('after a restart, the newest backup already in BACKUP_DIR counts as the last success', () => {
    const dir = tempDir('holler-bnew-');
    fs.writeFileSync(path.join(dir, 'holler-20260101-000000.db'), '');
    fs.utimesSync(path.join(dir, 'holler-20260101-000000.db'), new Date(Date.UTC(2026, 0, 1)), new Date(Date.UTC(2026, 0, 1)));
    expect(backupStatus(dir).lastSuccess).toBe(Date.UTC(2026, 0, 1));
  });
});
