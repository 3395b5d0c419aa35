/**
 * A live /metrics passes `promtool check metrics` (Prometheus' own linter), after a post, polls
 * (the no-change one answered before the app included) and a 404. promtool comes with Debian's
 * `prometheus` package: without it the test is skipped with a loud message, except under CI.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/app.ts';
import { parsePrometheus } from '../support/prometheus.ts';
import { formToken, reapAll, startHoller } from '../support/spawn.ts';

afterAll(reapAll);

const TOKEN = 'a-scraper-token-0123456789';
const hasPromtool = spawnSync('promtool', ['--version']).status === 0;
if (!hasPromtool && !process.env.CI) console.warn('[promtool test] SKIPPED: promtool not found (apt-get install prometheus)');

describe.skipIf(!hasPromtool && !process.env.CI)('promtool check metrics', () => {
  it('passes on a live /metrics with every family Holler exports', async () => {
    expect(hasPromtool, 'promtool is missing: CI must install Debian\'s prometheus package').toBe(true);
    const dataDir = tempDir('holler-promtool-');
    const h = await startHoller({ DATA_DIR: dataDir, METRICS_TOKEN: TOKEN, BACKUP_DIR: tempDir('holler-promtool-bk-') });
    const post = await fetch(`${h.url}/b/main/messages`, {
      method: 'POST', redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: h.url },
      body: new URLSearchParams({ body: 'hello promtool', token: formToken(dataDir) }),
    });
    expect(post.status).toBe(303);
    const page = await (await fetch(`${h.url}/b/main`)).text();
    const rev = /rev=(\d+)/.exec(page)?.[1];
    expect((await fetch(`${h.url}/b/main/feed?rev=${rev}`)).status).toBe(204); // answered before the app
    expect((await fetch(`${h.url}/b/main/feed?rev=0`)).status).toBe(200);
    expect((await fetch(`${h.url}/wp-login.php`)).status).toBe(404);

    const text = await (await fetch(`${h.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(`${check.stdout}${check.stderr}`).toBe('');
    expect(check.status).toBe(0);

    const m = parsePrometheus(text);
    expect(m.value('holler_http_requests_total', { method: 'GET', route: '/b/:board/feed', status: '204' })).toBe(1);
    expect(m.value('holler_http_requests_total', { method: 'POST', route: '/b/:board/messages', status: '303' })).toBe(1);
    expect(m.value('holler_backup_age_seconds')).toBeLessThan(60); // the start's backup
    expect([...m.types.keys()]).toContain('holler_build_info');
  }, 60_000);
});
