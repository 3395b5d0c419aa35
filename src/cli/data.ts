/**
 * @module cli/data
 * Getting data out and in: `backup` (online, checked; into a folder with --keep N), `restore`,
 * `export` (the whole instance or one board as JSON) and `import` (such a JSON file, or a
 * generic time,name,text CSV from another shoutbox into one board).
 */
import fs from 'node:fs';
import path from 'node:path';
import { firstGraphemes, NAME_MAX, normaliseBody, normaliseName } from '../posting/text.ts';
import { backupInto, backupTo, restoreFrom } from '../store/backup.ts';
import { isSlug, type ExportData } from '../store/store.ts';
import { ImportRefused } from '../store/transfer.ts';
import { count, DataError, parse, UsageError, wholeNumber, type CliContext, type Command } from './command.ts';
import { parseCsv, parseTime } from './csv.ts';

const kb = (bytes: number) => `${Math.ceil(bytes / 1024)} KB`;
const FORMAT = 'holler-export';

/** A time,name,text CSV as export data for one board; every bad row is reported by its line. */
function fromCsv(text: string, board: string): ExportData {
  const rows = parseCsv(text);
  const first = rows[0]?.fields[0] ?? '';
  if (parseTime(first) === null && /time|date|when/i.test(first)) rows.shift();
  const problems: string[] = [];
  const messages = rows.flatMap(({ line, fields }) => {
    // An unquoted comma in the text makes a fourth field: refused, never cut at the comma.
    if (fields.length !== 3) {
      problems.push(`line ${line}: ${fields.length} field${fields.length === 1 ? '' : 's'} where 3 are expected (time,name,text): put a text that holds a comma in double quotes`);
      return [];
    }
    const [time, name, body] = fields as [string, string, string];
    const createdAt = parseTime(time);
    const text = normaliseBody(body);
    if (createdAt === null || !text) {
      problems.push(`line ${line}: ${createdAt === null ? `"${time}" is not a time` : 'the text is empty'}`);
      return [];
    }
    return [{ id: '', board, author: firstGraphemes(normaliseName(name), NAME_MAX), body: text, status: 'visible' as const, staff: false, pinned: false, createdAt }];
  });
  if (problems.length) {
    const more = problems.length > 20 ? `\n  … and ${problems.length - 20} more` : '';
    throw new DataError(`the CSV has rows that can't be imported (nothing was imported):\n  ${problems.slice(0, 20).join('\n  ')}${more}`);
  }
  messages.sort((a, b) => a.createdAt - b.createdAt);
  return { boards: [], messages, bans: [] };
}

/** Our own export file, checked enough that a wrong file is refused before anything is written. */
function fromJson(text: string): ExportData {
  let data: Partial<ExportData> & { format?: string };
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new DataError(`the file is not JSON: ${(err as Error).message}`);
  }
  if (data.format !== FORMAT || !Array.isArray(data.boards) || !Array.isArray(data.messages) || !Array.isArray(data.bans)) {
    throw new DataError(`the file is not a Holler export (made by "npm run admin -- export"); for another shoutbox's data use a time,name,text CSV`);
  }
  return data as ExportData;
}

function importFile(ctx: CliContext, file: string, board: string | undefined, keepStaff = false): number {
  const text = fs.readFileSync(file, 'utf8');
  const csv = /\.csv$/i.test(file);
  if (csv && (!board || !ctx.store.getBoard(board))) throw new UsageError('a CSV import needs --board SLUG naming an existing board');
  const data = csv ? fromCsv(text, board!) : fromJson(text);
  let counts;
  try {
    counts = ctx.store.importData(data, { keepStaff });
  } catch (err) {
    throw err instanceof ImportRefused ? new DataError(err.message) : err;
  }
  ctx.store.audit({ actor: 'cli', action: 'import', board: board ?? null, details: `${path.basename(file)}: ${count(counts.boards, 'board')}, ${count(counts.messages, 'message')}, ${count(counts.bans, 'ban')}, via CLI` });
  ctx.print(`Imported ${count(counts.messages, 'message')}, ${count(counts.boards, 'board')} and ${count(counts.bans, 'ban')} from ${file}.`);
  const skipped = data.messages.length - counts.messages;
  if (skipped > 0) ctx.print(`${skipped === 1 ? '1 message was' : `${skipped} messages were`} already there (same id) and left as ${skipped === 1 ? 'it was' : 'they were'}.`);
  return 0;
}

export const dataCommands: Record<string, Command> = {
  backup: {
    usage: 'backup FILE | backup DIR --keep N',
    help: 'copy the database while Holler keeps serving (checked, atomic); with --keep, a dated file in DIR and only the newest N kept',
    async run(ctx, argv) {
      const { positionals: [target], values } = parse(argv, { keep: { type: 'string' } }, { min: 1, max: 1 });
      if (values.keep !== undefined) {
        const info = await backupInto(ctx.db, target!, wholeNumber(values.keep, 'keep', 7), new Date((ctx.now ?? Date.now)()));
        ctx.print(`Backup written to ${info.file}: ${count(info.messages, 'message')}, ${kb(info.bytes)}, schema ${info.schema}.`);
        if (info.removed.length) ctx.print(`Removed ${count(info.removed.length, 'older backup')}: ${info.removed.map((f) => path.basename(f)).join(', ')}.`);
        return 0;
      }
      const info = await backupTo(ctx.db, target!);
      ctx.print(`Backup written to ${info.file}: ${count(info.messages, 'message')}, ${kb(info.bytes)}, schema ${info.schema}.`);
      return 0;
    },
  },
  restore: {
    database: false,
    usage: 'restore FILE',
    help: 'replace the database with backup FILE (stop Holler first; the current one is kept aside)',
    async run(ctx, argv) {
      const { positionals: [file] } = parse(argv, {}, { min: 1, max: 1 });
      const info = await restoreFrom(file!, ctx.config.dataDir);
      if (info.previous) ctx.print(`The previous database was kept as ${info.previous}.`);
      ctx.print(`Restored ${count(info.messages, 'message')} from ${file}. Start Holler again (npm start).`);
      return 0;
    },
  },
  export: {
    usage: 'export [--board SLUG] [--out FILE]',
    help: 'the whole instance (boards, messages, bans) or one board as JSON, to FILE or standard output',
    async run(ctx, argv) {
      const { values } = parse(argv, { board: { type: 'string' }, out: { type: 'string' } }, { min: 0, max: 0 });
      if (values.board !== undefined && (!isSlug(values.board) || !ctx.store.getBoard(values.board))) throw new UsageError(`there is no board "${values.board}"`);
      const data = ctx.store.exportData(values.board ?? null);
      const json = JSON.stringify({ format: FORMAT, version: 1, exportedAt: new Date((ctx.now ?? Date.now)()).toISOString(), ...data }, null, 1);
      ctx.store.audit({ actor: 'cli', action: 'export', board: values.board ?? null, details: `${count(data.messages.length, 'message')} as JSON via CLI` });
      if (!values.out) return ctx.print(json), 0;
      fs.writeFileSync(values.out, `${json}\n`, { mode: 0o600 });
      fs.chmodSync(values.out, 0o600); // `mode` applies only to a new file
      ctx.print(`Exported ${count(data.boards.length, 'board')} and ${count(data.messages.length, 'message')} to ${values.out}.`);
      return 0;
    },
  },
  import: {
    usage: 'import FILE [--board SLUG] [--keep-staff]',
    help: 'add a Holler export (JSON), or a time,name,text CSV from another shoutbox into --board; ids already present are skipped; all or nothing; --keep-staff keeps the staff badge of messages marked so',
    async run(ctx, argv) {
      const { positionals: [file], values } = parse(argv, { board: { type: 'string' }, 'keep-staff': { type: 'boolean' } }, { min: 1, max: 1 });
      if (!fs.existsSync(file!)) throw new DataError(`${file} does not exist`);
      return importFile(ctx, file!, values.board, values['keep-staff'] === true);
    },
  },
};
