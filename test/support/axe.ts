/** axe-core in a page (the page's context needs bypassCSP: axe is injected as an inline script). */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type AxeResult = { passes: unknown[]; violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> };

/** WCAG 2.0/2.1/2.2 A and AA rules plus best practices: the violations, readable, and how many rules passed. */
export async function runAxe(page: Page): Promise<{ violations: string[]; passes: number }> {
  await page.addScriptTag({ content: AXE });
  const result = (await page.evaluate(() =>
    (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<unknown> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    }),
  )) as AxeResult;
  const violations = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  return { violations, passes: result.passes.length };
}

/** runAxe's violations, after checking that axe really ran its rules (a blank page passes nothing). */
export async function axeViolations(page: Page): Promise<string[]> {
  const { violations, passes } = await runAxe(page);
  expect(passes).toBeGreaterThan(10);
  return violations;
}
