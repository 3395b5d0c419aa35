/**
 * @module cli
 * Operator commands: `npm run admin -- <command> [args]`. Each command is one entry of the
 * table below, gets the opened database (same config, same migrations as the server) and
 * returns an exit code. Safe to run while the server runs: SQLite WAL allows it, and the
 * server reads the password hash and sessions from the database on every login/request, and
 * the poster-key secret on every post.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { setAdminPassword } from './moderation/auth.ts';
import { backupTo, restoreFrom } from './store/backup.ts';
import { loadConfig, type Config } from './config.ts';
import { migrate, openDb, type Db } from './store/db.ts';
import { createStore, type Store } from './store/store.ts';
import pkg from '../package.json' with { type: 'json' };

export type CliContext = {
  config: Config;
  db: Db;
  store: Store;
  /** Reads a secret from the terminal without echo (or the first line of piped stdin). */
  readSecret: (prompt: string) => Promise<string>;
  print: (line: string) => void;
};

export type Command = { usage: string; help: string; run: (ctx: CliContext, args: string[]) => Promise<number> };

const MIN_PASSWORD = 10;
const kb = (bytes: number) => `${Math.ceil(bytes / 1024)} KB`;

export const commands: Record<string, Command> = {
  'set-password': {
    usage: 'set-password',
    help: 'set the moderator password (asked twice, not echoed; or piped on stdin); logs out every session',
    async run(ctx) {
      if (ctx.config.adminPassword) ctx.print('note: ADMIN_PASSWORD is set in the environment and takes precedence while it is.');
      const password = await ctx.readSecret('New moderator password: ');
      if (password.length < MIN_PASSWORD) {
        ctx.print(`The password must be at least ${MIN_PASSWORD} characters long. Nothing was changed.`);
        return 1;
      }
      if (process.stdin.isTTY && (await ctx.readSecret('Repeat it: ')) !== password) {
        ctx.print('The two passwords differ. Nothing was changed.');
        return 1;
      }
      await setAdminPassword(ctx.store, password);
      ctx.store.audit({ action: 'set_password', details: 'via CLI; all sessions ended' });
      ctx.print('Password set (stored as a scrypt hash). Every admin session was logged out.');
      return 0;
    },
  },
  'rotate-secret': {
    usage: 'rotate-secret',
    help: 'replace the secret behind poster keys, so stored keys can no longer be linked to anyone',
    async run(ctx) {
      ctx.store.rotatePosterSecret();
      ctx.store.audit({ action: 'rotate_secret', details: 'via CLI' });
      ctx.print('The poster-key secret was replaced; the running server uses the new one from its next post.');
      ctx.print('Stored poster keys can no longer be linked to new posts from the same address:');
      ctx.print('rate limits and duplicate checks start afresh, and bans made before now no longer match anyone.');
      return 0;
    },
  },
  backup: {
    usage: 'backup FILE',
    help: 'copy the database to FILE while Holler keeps serving (checked, atomic)',
    async run(ctx, [file]) {
      if (!file) return ctx.print('usage: npm run admin -- backup FILE'), 2;
      const info = await backupTo(ctx.db, file);
      ctx.print(`Backup written to ${info.file}: ${info.messages} messages, ${kb(info.bytes)}, schema ${info.schema}.`);
      return 0;
    },
  },
  restore: {
    usage: 'restore FILE',
    help: 'replace the database with backup FILE (stop Holler first; the current one is kept aside)',
    async run(ctx, [file]) {
      if (!file) return ctx.print('usage: npm run admin -- restore FILE'), 2;
      ctx.db.close(); // the file is about to be replaced
      const info = await restoreFrom(file, ctx.config.dataDir);
      if (info.previous) ctx.print(`The previous database was kept as ${info.previous}.`);
      ctx.print(`Restored ${info.messages} messages from ${file}. Start Holler again (npm start).`);
      return 0;
    },
  },
};

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

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--version' || name === '-v') return process.stdout.write(`holler ${pkg.version}\n`), 0;
  const help = !name || name === '--help' || name === '-h' || name === 'help';
  const command = help ? undefined : commands[name];
  if (!command) {
    // Asked for: on stdout, exit 0. A mistake: on stderr, exit 2.
    const out = help ? process.stdout : process.stderr;
    out.write(`usage: npm run admin -- <command>\n\n${Object.values(commands).map((c) => `  ${c.usage.padEnd(20)} ${c.help}`).join('\n')}\n  ${'--version'.padEnd(20)} print Holler's version\n`);
    return help ? 0 : 2;
  }
  const loaded = loadConfig();
  if (!loaded.ok) {
    process.stderr.write(`holler: ${loaded.errors.join('\n  ')}\n`);
    return 1;
  }
  fs.mkdirSync(loaded.config.dataDir, { recursive: true });
  const db = openDb(path.join(loaded.config.dataDir, 'holler.db'));
  try {
    migrate(db);
    const store = createStore(db);
    return await command.run({ config: loaded.config, db, store, readSecret: readHidden, print: (l) => process.stdout.write(`${l}\n`) }, args);
  } finally {
    db.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: Error) => {
      process.stderr.write(`holler: ${err.message}\n`);
      process.exit(1);
    },
  );
}
