/**
 * deploy/'s Litestream files agree with each other and with the rest of deploy/ (the process
 * tests run them: test/process/litestream-run.proc.test.ts and drill.proc.test.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/spawn.ts';

const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');

describe('Litestream files in deploy/', () => {
  it('litestream.yml takes the database from DATA_DIR, the replica from LITESTREAM_REPLICA_URL, metrics from LITESTREAM_ADDR, syncs every second', () => {
    const yml = read('deploy/litestream.yml');
    expect(yml).toMatch(/^ {2}- path: "\$\{DATA_DIR\}\/holler\.db"$/m);
    expect(yml).toMatch(/^ {6}- url: "\$\{LITESTREAM_REPLICA_URL\}"$/m);
    expect(yml).toMatch(/^addr: "\$\{LITESTREAM_ADDR\}"$/m);
    expect(yml).toMatch(/^ {8}sync-interval: 1s$/m);
    expect(yml).toMatch(/^ {4}monitor-interval: 250ms$/m);
  });

  it("Dockerfile.litestream installs the Litestream package at package-lock.json's version", () => {
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { version: string; dev?: boolean }> };
    const pkg = lock.packages['node_modules/@flydotio/litestream-linux-x64']!;
    expect(pkg.dev).toBe(true); // CI and the drill need it; the plain image does not
    expect(read('deploy/Dockerfile.litestream')).toContain(`ARG LITESTREAM_NPM=@flydotio/litestream-linux-x64@${pkg.version}\n`);
  });

  it('compose.litestream.yaml overrides the service compose.yaml defines, with the image of Dockerfile.litestream', () => {
    const over = read('deploy/compose.litestream.yaml');
    expect(read('deploy/compose.yaml')).toMatch(/^services:\n {2}holler:$/m);
    expect(over).toMatch(/^services:\n {2}holler:$/m);
    expect(over).toMatch(/^ {6}dockerfile: Dockerfile\.litestream$/m);
  });

  it('holler-litestream.service keeps every hardening line of holler.service, and runs in its place', () => {
    const plain = read('deploy/holler.service');
    const unit = read('deploy/holler-litestream.service');
    const hardening = plain.slice(plain.indexOf('# Hardening')).split('\n').filter((l) => /^\w+=/.test(l));
    expect(hardening.length).toBeGreaterThan(20);
    for (const line of hardening) expect(unit.split('\n'), line).toContain(line);
    for (const line of ['User=holler', 'StateDirectory=holler', 'UMask=0077', 'Restart=on-failure', 'Conflicts=holler.service']) expect(unit.split('\n')).toContain(line);
  });
});
