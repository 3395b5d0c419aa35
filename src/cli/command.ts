/**
 * @module cli/command
 * What every operator command gets and returns. Each command parses its own arguments with
 * node:util parseArgs (strict: an unknown flag is an error, not ignored), so `--help` of the
 * whole CLI can list each one's usage from the same table.
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import type { Config } from '../config.ts';
import type { Db } from '../store/db.ts';
import type { Store } from '../store/store.ts';

export type CliContext = {
  config: Config;
  db: Db;
  store: Store;
  /** The environment the config was read from (for `config`, which shows where values came from). */
  env?: Record<string, string | undefined>;
  /** Reads a secret from the terminal without echo (or the first line of piped stdin). */
  readSecret: (prompt: string) => Promise<string>;
  print: (line: string) => void;
  /** The wall clock (tests move it). */
  now?: () => number;
};

/** What a command that must not open the database gets (restore: it replaces the file). */
export type BareContext = Omit<CliContext, 'db' | 'store'>;

export type Command = { usage: string; help: string } & (
  | { database?: true; run: (ctx: CliContext, argv: string[]) => Promise<number> }
  | { database: false; run: (ctx: BareContext, argv: string[]) => Promise<number> }
);

/** A usage mistake: the CLI prints the message and the command's usage, and exits 2. */
export class UsageError extends Error {}

/** A problem with the data or the files given (a bad CSV row, not an export): the message alone, exit 1. */
export class DataError extends Error {}

/** "1 board", "2 boards": a count and its noun, in the right number. */
export const count = (n: number, noun: string, plural = `${noun}s`) => `${n} ${n === 1 ? noun : plural}`;

/** parseArgs with our defaults; a mistake becomes a UsageError naming it. */
export function parse<O extends ParseArgsOptionsConfig>(argv: string[], options: O, positionals: { min: number; max: number }) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const n = parsed.positionals.length;
  if (n < positionals.min || n > positionals.max) throw new UsageError(n < positionals.min ? 'missing argument' : `unexpected argument "${parsed.positionals[positionals.max]}"`);
  return parsed;
}

/** A whole number from a flag, or a UsageError. */
export function wholeNumber(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d{1,9}$/.test(raw)) throw new UsageError(`--${name} must be a whole number (got "${raw}")`);
  return Number(raw);
}
