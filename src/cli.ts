/**
 * @module cli
 * Operator commands: `npm run admin -- <command> [args]`. Each command is one entry of the
 * table below, gets the opened database (same config, same migrations as the server) and
 * returns an exit code. Safe to run while the server runs: SQLite WAL allows it, and the
 * server reads the password hash and sessions from the database on every login/request, and
 * the poster-key secret on every post.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig, readEnv } from './config.ts';
import { boardCommands } from './cli/boards.ts';
import { DataError, UsageError, type BareContext, type CliContext, type Command } from './cli/command.ts';
import { dataCommands } from './cli/data.ts';
import { instanceCommands } from './cli/instance.ts';
import { ensurePrivateDir, migrate, openDb } from './store/db.ts';
import { createStore } from './store/store.ts';
import pkg from '../package.json' with { type: 'json' };

export type { CliContext, Command };

/** Every command, in the order `--help` lists them. */
export const commands: Record<string, Command> = { ...instanceCommands, ...boardCommands, ...dataCommands };

function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    return new Promise((resolve) => {
      let data = '';
      stdin.setEncoding('utf8');
      stdin.on('data', (chunk) => (data += chunk));
      stdin.on('end', () => resolve(data.split(/\r?\n/)[0] ?? ''));
    });
  }
  return new Promise((resolve, reject) => {
    process.stdout.write(prompt);
    let s = '';
    const finish = () => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stdout.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish(), resolve(s);
        if (ch === '\u0003') return finish(), reject(new Error('cancelled'));
        s = ch === '\u007f' || ch === '\b' ? s.slice(0, -1) : s + ch;
      }
    };
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.resume();
    stdin.on('data', onData);
  });
}

const usage = () =>
  `usage: npm run admin -- <command> [arguments]\n\n${Object.values(commands).map((c) => `  ${c.usage}\n      ${c.help}`).join('\n')}\n  --version\n      print Holler's version\n`;

/** Runs one CLI invocation; exported so tests drive the real thing in-process. */
export async function main(
  argv: string[],
  processEnv: Record<string, string | undefined> = process.env,
  print: (line: string) => void = (l) => void process.stdout.write(`${l}\n`),
  printError: (line: string) => void = (l) => void process.stderr.write(`${l}\n`),
): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--version' || name === '-v') return print(`holler ${pkg.version}`), 0;
  const help = !name || name === '--help' || name === '-h' || name === 'help';
  const command = help ? undefined : commands[name];
  if (!command) {
    // Asked for: on stdout, exit 0. A mistake: on stderr, exit 2.
    if (help) return print(usage()), 0;
    process.stderr.write(`holler: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  const { env, errors } = readEnv(processEnv);
  const loaded = loadConfig(env);
  if (!loaded.ok || errors.length) {
    process.stderr.write(`holler: ${[...errors, ...(loaded.ok ? [] : loaded.errors)].join('\n  ')}\n`);
    return 1;
  }
  const bare: BareContext = { config: loaded.config, env, readSecret: readHidden, print };
  let db: ReturnType<typeof openDb> | undefined;
  try {
    // restore replaces the file: opening it first would create (and migrate) an empty one to set aside.
    ensurePrivateDir(loaded.config.dataDir); // 0700: it will hold the poster and webhook secrets
    if (command.database === false) return await command.run(bare, args);
    db = openDb(path.join(loaded.config.dataDir, 'holler.db'));
    migrate(db);
    const store = createStore(db, Date.now, { minFreeBytes: loaded.config.diskMinFreeBytes });
    return await command.run({ ...bare, db, store }, args);
  } catch (err) {
    // Exit 1: the data or a file is wrong (README: 2 is kept for usage mistakes).
    if (err instanceof DataError) return printError(`holler ${name}: ${err.message}`), 1;
    if (!(err instanceof UsageError)) throw err;
    printError(`holler ${name}: ${err.message}\nusage: npm run admin -- ${command.usage}`);
    return 2;
  } finally {
    if (db?.open) db.close();
  }
}

/** Runs the CLI as a process and exits with its status (`node dist/cli.js`, and bin/holler.mjs for npx). */
export function runCli(argv: string[]): void {
  main(argv).then(
    (code) => process.exit(code),
    (err: Error) => {
      process.stderr.write(`holler: ${err.message}\n`);
      process.exit(1);
    },
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) runCli(process.argv.slice(2));
