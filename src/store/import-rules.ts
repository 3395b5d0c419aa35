/**
 * @module store/import-rules
 * What an import file (`npm run admin -- import`) may bring in: the same text rules as a post
 * (normalised names and bodies, the board's length, reserved names), the board form's settings
 * ranges, slug and id formats. The file is untrusted: it may be hand-edited, or come from
 * someone else's instance. Every problem is listed (the first 20), and nothing is written.
 */
import { checkPost, firstGraphemes, NAME_MAX, normaliseBody, normaliseName } from '../posting/text.ts';
import { isLang } from '../i18n/i18n.ts';
import { isSlug, type Board, type BoardSettings } from './boards.ts';
import type { MessageStatus } from './messages.ts';

export type ExportedMessage = {
  id: string; board: string; author: string; body: string; status: MessageStatus; staff: boolean; pinned: boolean; createdAt: number; poster?: string;
};
export type ExportedBoard = BoardSettings & { slug: string };
/** `board`: null for a ban on every board (files from before board bans have no such field: the same). */
export type ExportedBan = { poster: string; board?: string | null; reason: string; createdAt: number; expiresAt: number | null };
export type ExportData = { boards: ExportedBoard[]; messages: ExportedMessage[]; bans: ExportedBan[] };

/** `keepStaff`: keep the staff badge of messages marked so (the CLI's --keep-staff); off, they import as visitors'. */
export type ImportOptions = { keepStaff?: boolean };

export class ImportRefused extends Error {}

const ID = /^[A-Za-z0-9_-]{8,32}$/;
const POSTER = /^[A-Za-z0-9_-]{1,64}$/;
// The widest the board form allows (moderation/boards.tsx), and the board title's length there.
const MAX_LENGTH = 2000;
const TITLE_MAX = 80;
const REASON_MAX = 500;
const LATEST = Date.UTC(2100, 0, 1);

const SAY = {
  empty: () => 'the text is empty',
  too_long: (max: number) => `the text is longer than the board's ${max} characters`,
  name_too_long: () => `the name is longer than ${NAME_MAX} characters`,
  name_reserved: () => 'the name is reserved for moderators (a staff message keeps it only with --keep-staff)',
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const int = (v: unknown, min: number, max: number) => Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;
const time = (v: unknown) => int(v, 0, LATEST);

function checkBoard(b: unknown, problem: (s: string) => void): ExportedBoard | null {
  if (!isObj(b) || !isSlug(str(b.slug))) return problem(`a board's slug must be 1 to 32 of a-z, 0-9 and - (got ${JSON.stringify(isObj(b) ? b.slug : b)?.slice(0, 40)})`), null;
  const at = `board "${b.slug}"`;
  const title = firstGraphemes(normaliseName(str(b.title)), TITLE_MAX);
  if (!title) problem(`${at}: the title is empty`);
  const ranges = { maxLength: [1, MAX_LENGTH], slowMode: [0, 86400], editWindow: [0, 60] } as const;
  for (const [k, [min, max]] of Object.entries(ranges)) if (!int(b[k], min, max)) problem(`${at}: ${k} must be a whole number from ${min} to ${max}`);
  if (b.pollInterval !== null && b.pollInterval !== undefined && !int(b.pollInterval, 1, 600)) problem(`${at}: pollInterval must be null or 1 to 600`);
  if (b.floodPosts !== null && b.floodPosts !== undefined && !int(b.floodPosts, 0, 100_000)) problem(`${at}: floodPosts must be null or 0 to 100000`);
  if (b.lang !== null && b.lang !== undefined && !isLang(b.lang)) problem(`${at}: lang must be null or one of the languages Holler speaks`);
  for (const k of ['closed', 'premoderate', 'linksAllowed', 'presence'] as const) if (typeof b[k] !== 'boolean') problem(`${at}: ${k} must be true or false`);
  return {
    slug: str(b.slug), title, maxLength: b.maxLength as number, slowMode: b.slowMode as number, editWindow: b.editWindow as number,
    pollInterval: (b.pollInterval as number | null | undefined) ?? null, floodPosts: (b.floodPosts as number | null | undefined) ?? null, lang: isLang(b.lang) ? b.lang : null,
    words: str(b.words).split(/\r?\n/).map((w) => normaliseName(w)).filter(Boolean).slice(0, 500).join('\n'),
    wordsAction: b.wordsAction === 'hold' ? 'hold' : 'block', newestAt: b.newestAt === 'bottom' ? 'bottom' : 'top',
    closed: b.closed === true, premoderate: b.premoderate === true, linksAllowed: b.linksAllowed === true, presence: b.presence === true,
  };
}

function checkMessage(m: unknown, i: number, maxLengthOf: (slug: string) => number | undefined, o: ImportOptions, problem: (s: string) => void): ExportedMessage | null {
  const at = `message ${i + 1}${isObj(m) && typeof m.id === 'string' ? ` (${m.id.slice(0, 32)})` : ''}`;
  if (!isObj(m)) return problem(`${at} is not an object`), null;
  const id = str(m.id);
  if (id && !ID.test(id)) problem(`${at}: the id must be 8 to 32 of A-Z, a-z, 0-9, _ and -`);
  const max = isSlug(str(m.board)) ? maxLengthOf(str(m.board)) : undefined;
  if (max === undefined) return problem(`${at}: board "${str(m.board).slice(0, 40)}" does not exist and is not in the file`), null;
  if (m.status !== 'visible' && m.status !== 'held') problem(`${at}: status must be "visible" or "held"`);
  if (!time(m.createdAt)) problem(`${at}: createdAt must be a time in milliseconds`);
  if (m.poster !== undefined && !POSTER.test(str(m.poster))) problem(`${at}: poster must be 1 to 64 of A-Z, a-z, 0-9, _ and -`);
  const staff = m.staff === true && o.keepStaff === true;
  // The same text rules as a post: normalised (no bidi overrides, zero-width or control
  // characters), the board's length, the name's length, names reserved for moderators.
  const body = normaliseBody(str(m.body));
  const author = normaliseName(str(m.author));
  const refused = checkPost(body, author, max, { staff });
  if (refused) problem(`${at}: ${SAY[refused.code as keyof typeof SAY]?.(max) ?? refused.code}`);
  return { id, board: str(m.board), author, body, status: m.status as 'visible' | 'held', staff, pinned: m.pinned === true, createdAt: m.createdAt as number, ...(m.poster === undefined ? {} : { poster: str(m.poster) }) };
}

function checkBan(b: unknown, i: number, known: (slug: string) => boolean, problem: (s: string) => void): ExportedBan | null {
  const at = `ban ${i + 1}`;
  if (!isObj(b)) return problem(`${at} is not an object`), null;
  if (!POSTER.test(str(b.poster))) problem(`${at}: poster must be 1 to 64 of A-Z, a-z, 0-9, _ and -`);
  if (b.board !== undefined && b.board !== null && !(isSlug(str(b.board)) && known(str(b.board)))) problem(`${at}: board must be null or a board in the file or here`);
  if (!time(b.createdAt)) problem(`${at}: createdAt must be a time in milliseconds`);
  if (b.expiresAt !== null && !time(b.expiresAt)) problem(`${at}: expiresAt must be null or a time in milliseconds`);
  return { poster: str(b.poster), board: typeof b.board === 'string' ? b.board : null, reason: firstGraphemes(normaliseName(str(b.reason)), REASON_MAX), createdAt: b.createdAt as number, expiresAt: (b.expiresAt as number | null) ?? null };
}

/** The file's data, normalised, or ImportRefused naming every problem. */
export function checkImport(raw: unknown, o: ImportOptions, existing: (slug: string) => Board | undefined): ExportData {
  const problems: string[] = [];
  const problem = (s: string) => void problems.push(s);
  const data = isObj(raw) ? raw : {};
  const lists = ['boards', 'messages', 'bans'].map((k) => (Array.isArray(data[k]) ? data[k] : (problem(`"${k}" must be a list`), []))) as unknown[][];
  const boards = lists[0]!.map((b) => checkBoard(b, problem)).filter((b) => b !== null);
  const inFile = new Map(boards.map((b) => [b.slug, b]));
  if (inFile.size !== boards.length) problem('a board appears twice in the file');
  // A board already here keeps its settings (import does not change them): its own length applies.
  const maxLengthOf = (slug: string) => (existing(slug) ?? inFile.get(slug))?.maxLength;
  const messages = lists[1]!.map((m, i) => checkMessage(m, i, maxLengthOf, o, problem)).filter((m) => m !== null);
  const bans = lists[2]!.map((b, i) => checkBan(b, i, (s) => maxLengthOf(s) !== undefined, problem)).filter((b) => b !== null);
  if (problems.length) {
    throw new ImportRefused(`the file has ${problems.length} problem(s); nothing was imported:\n  ${problems.slice(0, 20).join('\n  ')}${problems.length > 20 ? `\n  … and ${problems.length - 20} more` : ''}`);
  }
  return { boards, messages, bans };
}
