/**
 * @module log
 * Structured logs, one JSON object per line. Callers pass fields, never raw client
 * addresses: the poster key (a keyed hash) is what identifies a visitor in logs.
 */
import type { LogLevel } from './config.ts';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export type Fields = Record<string, string | number | boolean | null | undefined>;
export type Logger = Record<Exclude<LogLevel, 'silent'>, (msg: string, fields?: Fields) => void>;

export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  const at = (lvl: Exclude<LogLevel, 'silent'>) => (msg: string, fields?: Fields) => {
    if (RANK[lvl] < RANK[level]) return;
    write(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...fields }) + '\n');
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
