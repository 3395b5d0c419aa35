/**
 * @module cli/boards
 * `boards` (list, create, close, open) and `bans` (list, add, lift): the daily chores a
 * moderator may prefer to script. Every change is audited as done "via CLI".
 */
import { isoTime } from '../i18n/i18n.ts';
import { isSlug } from '../store/store.ts';
import { posterTag } from '../store/moderate.ts';
import { parse, UsageError, wholeNumber, type Command } from './command.ts';

const when = (ms: number | null) => (ms === null ? 'never' : isoTime(ms));

export const boardCommands: Record<string, Command> = {
  boards: {
    usage: 'boards [list [--json] | create SLUG [--title T] | close SLUG | open SLUG]',
    help: 'list the boards (--json: every setting, for scripts), create one, or close/reopen one to new messages',
    async run(ctx, argv) {
      const { positionals: [action = 'list', slug], values } = parse(argv, { title: { type: 'string' }, json: { type: 'boolean' } }, { min: 0, max: 2 });
      if (values.json && action !== 'list') throw new UsageError('--json goes with list');
      if (action === 'list') {
        const boards = ctx.store.listBoards();
        if (values.json) return ctx.print(JSON.stringify(boards.map(({ rev: _rev, ...b }) => b), null, 1)), 0;
        for (const b of boards) ctx.print(`${b.slug.padEnd(33)} ${b.closed ? 'closed' : 'open  '} ${b.title}`);
        return 0;
      }
      if (!slug || !isSlug(slug)) throw new UsageError('a board address is 1 to 32 of a-z, 0-9 and -');
      if (action === 'create') {
        const board = ctx.store.createBoard(slug, values.title?.trim() || slug);
        if (!board) return ctx.print(`There is already a board "${slug}". Nothing was changed.`), 1;
        ctx.store.audit({ actor: 'cli', action: 'board_create', board: slug, details: 'via CLI' });
        ctx.print(`Board "${slug}" created. Embed it with /b/${slug} (see the landing page for snippets).`);
        return 0;
      }
      if (action === 'close' || action === 'open') {
        const board = ctx.store.getBoard(slug);
        if (!board) return ctx.print(`There is no board "${slug}".`), 1;
        const { slug: _s, rev: _r, ...settings } = board;
        ctx.store.updateBoard(slug, { ...settings, closed: action === 'close' });
        ctx.store.audit({ actor: 'cli', action: 'board_update', board: slug, details: `${action === 'close' ? 'closed' : 'reopened'} via CLI` });
        ctx.print(action === 'close' ? `Board "${slug}" is closed: it shows its messages but takes no new ones.` : `Board "${slug}" takes messages again.`);
        return 0;
      }
      throw new UsageError(`unknown action "${action}"`);
    },
  },
  bans: {
    usage: 'bans [list [--json] | add #TAG [--hours N] [--reason R] [--board SLUG] | lift #TAG [--board SLUG]]',
    help: 'list the bans in force (--json for scripts; times in UTC, expiresAt null = for good), ban a poster key (as shown in /admin; --hours 0 = for good; on every board unless --board), or lift a ban',
    async run(ctx, argv) {
      const { positionals: [action = 'list', given], values } = parse(argv, { hours: { type: 'string' }, reason: { type: 'string' }, board: { type: 'string' }, json: { type: 'boolean' } }, { min: 0, max: 2 });
      if (values.json && action !== 'list') throw new UsageError('--json goes with list');
      const board = values.board ?? null;
      if (board !== null && !ctx.store.getBoard(board)) throw new UsageError(`there is no board "${board}"`);
      const where = board === null ? 'on every board' : `on ${board}`;
      if (action === 'list') {
        const bans = ctx.store.bans();
        if (values.json) {
          const rows = bans.map((b) => ({ poster: b.poster, board: b.board, reason: b.reason, createdAt: isoTime(b.createdAt), expiresAt: b.expiresAt === null ? null : isoTime(b.expiresAt) }));
          return ctx.print(JSON.stringify(rows, null, 1)), 0;
        }
        if (!bans.length) ctx.print('No bans in force.');
        for (const b of bans) ctx.print(`${b.poster}  ${b.board ?? 'every board'}  since ${when(b.createdAt)}  until ${when(b.expiresAt)}  ${b.reason}`);
        return 0;
      }
      // As /admin shows it, "#3f9a1c2e": with the "#", a tag that starts with "-" is not read as an option.
      const poster = given?.replace(/^#/, '');
      if (!poster || !/^[\w-]{8,64}$/.test(poster)) throw new UsageError('give the poster key to act on (its 8-character tag from /admin, as "#3f9a1c2e" or 3f9a1c2e, or the whole key)');
      if (action === 'add') {
        // The moderation pages show an 8-character tag: find the whole key it stands for.
        const key = poster.length >= 40 ? poster : ctx.store.modList({ poster }, 1)[0]?.poster;
        if (!key) return ctx.print(`No message was posted by a poster whose key starts with ${poster}. Nothing was changed.`), 1;
        const hours = wholeNumber(values.hours, 'hours', 24);
        const now = (ctx.now ?? Date.now)();
        ctx.store.ban(key, values.reason ?? '', hours === 0 ? null : now + hours * 3_600_000, board);
        ctx.store.audit({ actor: 'cli', action: 'ban', board, poster: posterTag(key), details: `${hours === 0 ? 'for good' : `${hours} h`} ${where} via CLI` });
        ctx.print(`Poster ${key.slice(0, 8)} is banned ${hours === 0 ? 'for good' : `for ${hours} hours`} ${where}.`);
        return 0;
      }
      if (action === 'lift') {
        const key = ctx.store.bans().find((b) => b.poster.startsWith(poster) && b.board === board)?.poster;
        if (!key || !ctx.store.unban(key, board)) return ctx.print(`Poster ${poster} is not banned ${where}.`), 1;
        ctx.store.audit({ actor: 'cli', action: 'unban', board, poster: posterTag(key), details: 'via CLI' });
        ctx.print(`The ban on ${poster} ${where} is lifted.`);
        return 0;
      }
      throw new UsageError(`unknown action "${action}"`);
    },
  },
};
