/**
 * The served /api/openapi.json passes Redocly's `recommended` ruleset with no errors (issue 24:
 * there were 5, no `servers` and public operations without `security: []`). Runs the real
 * @redocly/cli, offline, on what the app serves.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { makeTestApp, tempDir } from '../support/app.ts';
import { ROOT } from '../support/spawn.ts';

type Lint = { totals: { errors: number; warnings: number }; problems: Array<{ ruleId: string; severity: string; message: string }> };

describe('OpenAPI document', () => {
  it('passes `redocly lint --extends=recommended` with no errors', async () => {
    const t = makeTestApp();
    const res = await t.app.request('/api/openapi.json');
    expect(res.status).toBe(200);
    const file = path.join(tempDir('holler-redocly-'), 'openapi.json');
    fs.writeFileSync(file, await res.text());
    const bin = path.join(ROOT, 'node_modules', '.bin', 'redocly');
    // Exit 1 when there are errors: read the report either way.
    const out = await promisify(execFile)(bin, ['lint', file, '--extends=recommended', '--format=json'], {
      cwd: path.dirname(file), env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }, timeout: 60_000,
    }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
    const lint = JSON.parse(out.stdout) as Lint;
    expect(lint.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(lint.totals.errors).toBe(0);
  }, 90_000);
});
