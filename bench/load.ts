/** Shared by the benches: a real Holler process and its memory, as the operating system sees it. */
import fs from 'node:fs';
export { reapAll, startHoller } from '../test/support/spawn.ts';

/** Resident set size of a process, in MB (Linux /proc). */
export function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  return Math.round(kb / 102.4) / 10;
}

export const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;

/** The current rev of a board, read from the widget page as a poller would. */
export async function currentRev(url: string, board = 'main'): Promise<number> {
  const html = await (await fetch(`${url}/b/${board}`)).text();
  return Number(/feed\?rev=(\d+)/.exec(html)?.[1] ?? 0);
}
