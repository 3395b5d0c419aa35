/**
 * @module cli/instance
 * The instance itself: `set-password`, `rotate-secret`, `config` (the effective configuration,
 * secrets masked) and `check` (is the database sound and the setup sane: exit 1 if not).
 */
import fs from 'node:fs';
import { loadConfig, nearMisses, OPTIONS, SECRET_OPTIONS } from '../config.ts';
import { setAdminPassword } from '../moderation/auth.ts';
import { readMigrations } from '../store/db.ts';
import { checkBackupDir } from '../store/backup.ts';
import { count, parse, type Command } from './command.ts';

const MIN_PASSWORD = 10;

/** The effective configuration for `npm run admin -- config`: every option, secrets masked. */
export function describeConfig(env: Record<string, string | undefined>): string[] {
  const secret = new Set<string>(SECRET_OPTIONS);
  return OPTIONS.map(([name, def]) => {
    const raw = env[name]?.trim();
    const value = raw === undefined || raw === '' ? def : raw;
    const shown = secret.has(name) && value ? '********' : value === '' ? '(unset)' : value;
    const source = raw ? (env[`${name}_FILE`] ? `from ${name}_FILE` : 'set') : 'default';
    return `${name}=${shown}  (${source})`;
  });
}

export const instanceCommands: Record<string, Command> = {
  'set-password': {
    usage: 'set-password',
    help: 'set the moderator password (asked twice, not echoed; or piped on stdin); logs out every session',
    async run(ctx, argv) {
      parse(argv, {}, { min: 0, max: 0 });
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
      ctx.store.audit({ actor: 'cli', action: 'set_password', details: 'via CLI; all sessions ended' });
      ctx.print('Password set (stored as a scrypt hash). Every admin session was logged out.');
      return 0;
    },
  },
  'rotate-secret': {
    usage: 'rotate-secret',
    help: 'replace the secret behind poster keys, so stored keys can no longer be linked to anyone',
    async run(ctx, argv) {
      parse(argv, {}, { min: 0, max: 0 });
      ctx.store.rotatePosterSecret();
      ctx.store.audit({ actor: 'cli', action: 'rotate_secret', details: 'via CLI' });
      ctx.print('The poster-key secret was replaced; the running server uses the new one from its next post.');
      ctx.print('Stored poster keys can no longer be linked to new posts from the same address:');
      ctx.print('rate limits and duplicate checks start afresh, and bans made before now no longer match anyone.');
      return 0;
    },
  },
  config: {
    usage: 'config',
    help: 'print the effective configuration (environment, .env and *_FILE secrets; secrets masked)',
    async run(ctx, argv) {
      parse(argv, {}, { min: 0, max: 0 });
      for (const line of describeConfig(ctx.env ?? process.env)) ctx.print(line);
      return 0;
    },
  },
  check: {
    usage: 'check',
    help: 'check the database (integrity, schema), DATA_DIR, free space and the configuration; exit 1 on any problem',
    async run(ctx, argv) {
      parse(argv, {}, { min: 0, max: 0 });
      const problems: string[] = [];
      const ok = (line: string) => ctx.print(`ok       ${line}`);
      const integrity = ctx.db.pragma('integrity_check', { simple: true });
      if (integrity === 'ok') ok('database integrity');
      else problems.push(`database integrity check failed: ${String(integrity)} (restore a backup)`);
      const schema = ctx.db.pragma('user_version', { simple: true }) as number;
      const known = readMigrations().length;
      if (schema === known) ok(`schema version ${schema}`);
      else problems.push(`schema version ${schema}, this Holler knows ${known}`);
      try {
        fs.accessSync(ctx.config.dataDir, fs.constants.W_OK);
        ok(`DATA_DIR ${ctx.config.dataDir} is writable`);
      } catch {
        problems.push(`DATA_DIR ${ctx.config.dataDir} is not writable by this user`);
      }
      if (ctx.config.backupDir) {
        const problem = checkBackupDir(ctx.config.backupDir);
        if (problem) problems.push(problem);
        else ok(`BACKUP_DIR ${ctx.config.backupDir} is writable`);
      }
      const free = ctx.store.freeBytes();
      if (free === null || free >= ctx.config.diskMinFreeBytes) ok(`free space ${free === null ? 'unknown' : `${Math.floor(free / 1048576)} MiB`}`);
      else problems.push(`only ${Math.floor(free / 1048576)} MiB free where DATA_DIR lives (DISK_MIN_FREE_MB is ${ctx.config.diskMinFreeBytes / 1048576})`);
      const loaded = loadConfig(ctx.env ?? process.env);
      if (loaded.ok) ok('configuration');
      else problems.push(...loaded.errors.map((e) => `configuration: ${e}`));
      if (!ctx.config.publicUrl) ctx.print('note     PUBLIC_URL is unset: embed snippets use the address typed in the browser');
      for (const { name, meant } of nearMisses(ctx.env ?? process.env)) ctx.print(`note     ${name} is not a Holler setting and is ignored: did you mean ${meant}?`);
      if (!ctx.config.adminPassword && !ctx.store.getSetting('admin_password')) problems.push('no moderator password: run npm run admin -- set-password');
      else ok('moderator password set');
      for (const p of problems) ctx.print(`PROBLEM  ${p}`);
      ctx.print(problems.length ? `${count(problems.length, 'problem')}.` : 'Everything looks right.');
      return problems.length ? 1 : 0;
    },
  },
};
