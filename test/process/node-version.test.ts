/** The Node version check that runs before anything native loads (scripts/node-version.mjs). */
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { MIN_NODE, nodeTooOld } from '../../scripts/node-version.mjs';

describe('nodeTooOld', () => {
  it('names the Node that is too old and what to do', () => {
    expect(nodeTooOld('20.20.2')).toBe('Holler needs Node 22.12 or later (this is 20.20). Run `source scripts/node24.sh` or install Node 24 LTS.');
    expect(nodeTooOld('18.19.0')).toContain('(this is 18.19)');
    expect(nodeTooOld('22.11.0')).toContain('(this is 22.11)');
  });

  it('lets 22.12 and later through', () => {
    for (const v of ['22.12.0', '22.20.1', '23.0.0', '24.22.3', '26.1.0']) expect(nodeTooOld(v), v).toBeNull();
    expect(nodeTooOld()).toBeNull();
  });

  it('agrees with "engines" in package.json', () => {
    expect(pkg.engines.node).toBe(`>=${MIN_NODE.join('.')}`);
  });
});
